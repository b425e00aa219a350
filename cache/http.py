"""What a public GraphQL request is, for the cache: its key, and the headers it gets back."""

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import graphql
import orjson
from starlette.requests import Request

from cache.documents import sha256


@dataclass(frozen=True)
class Asked:
    document: str  # the SHA-256 naming the query document
    operation: str | None
    variables: Any

    def key(self) -> str:
        variables = orjson.dumps(self.variables, option=orjson.OPT_SORT_KEYS)
        parts = [self.document, self.operation or "", variables.decode()]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def raw_key(request: Request) -> str | None:
    """A GET's cache key straight from its query string (the same query string, the same
    answer); None for other methods."""
    if request.method != "GET":
        return None
    return "get:" + hashlib.sha256(request.scope["query_string"]).hexdigest()


async def asked(request: Request) -> Asked | None:
    """The document, operation and variables of a GET or JSON POST; None if unreadable
    (the GraphQL view then answers it, with its own error)."""
    try:
        if request.method == "GET":
            params: dict[str, Any] = dict(request.query_params)
            for name in ("variables", "extensions"):
                if params.get(name):
                    params[name] = orjson.loads(params[name])
        elif request.headers.get("content-type", "").startswith("application/json"):
            params = orjson.loads(await request.body())
        else:
            return None
    except orjson.JSONDecodeError:
        return None
    if not isinstance(params, dict):
        return None
    extensions = params.get("extensions")
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    query = params.get("query")
    if isinstance(persisted, dict) and isinstance(persisted.get("sha256Hash"), str):
        document = persisted["sha256Hash"]
        if isinstance(query, str) and sha256(query) != document:
            return None  # refused by the view, never answered from the cache
    elif isinstance(query, str):
        document = sha256(query)
    else:
        return None
    operation = params.get("operationName")
    return Asked(
        document=document,
        operation=operation if isinstance(operation, str) else None,
        variables=params.get("variables") or {},
    )


@lru_cache(maxsize=1024)
def _operations(document: str) -> tuple[graphql.OperationDefinitionNode, ...]:
    """The document's operations, parsed once; none for a document that does not parse."""
    try:
        parsed = graphql.parse(document)
    except graphql.GraphQLError:
        return ()
    return tuple(
        node for node in parsed.definitions if isinstance(node, graphql.OperationDefinitionNode)
    )


def is_query(document: str, operation: str | None) -> bool:
    """Whether the operation run is a query (not a mutation or a subscription)."""
    chosen = [
        node
        for node in _operations(document)
        if operation is None or (node.name is not None and node.name.value == operation)
    ]
    return len(chosen) == 1 and chosen[0].operation == graphql.OperationType.QUERY


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return wanted == "*" or etag in (tag.strip() for tag in wanted.split(","))


def only_mutations(document: str) -> bool:
    """Whether every operation in the document is a mutation (signing in, for one)."""
    kinds = {node.operation for node in _operations(document)}
    return kinds == {graphql.OperationType.MUTATION}
