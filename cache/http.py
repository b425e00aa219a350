"""What a public GraphQL request is, for the cache: its names, and its conditions."""

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

import graphql
import orjson


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def raw_name(method: str, query_string: bytes, body: bytes) -> str:
    """A request's name as it stands, before any parsing: the same query string (or JSON
    body) asks for the same answer. Most repeated requests are found by this alone."""
    if method == "GET":
        return "get:" + hashlib.sha256(query_string).hexdigest()
    return "post:" + hashlib.sha256(body).hexdigest()


def route_name(path: str, query_string: bytes) -> str:
    """The name of a GET to one of the routes the cache serves besides GraphQL (ninjs
    items): its path and query string, nothing to parse."""
    return "route:" + hashlib.sha256(path.encode() + b"?" + query_string).hexdigest()


@dataclass(frozen=True)
class Asked:
    document: str  # the SHA-256 naming the query document
    operation: str | None
    variables: Any

    def name(self) -> str:
        """The request's name whatever its spelling: GET or POST, key order, whitespace."""
        variables = orjson.dumps(self.variables, option=orjson.OPT_SORT_KEYS)
        parts = [self.document, self.operation or "", variables.decode()]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def asked(method: str, query_string: bytes, body: bytes) -> Asked | None:
    """The document, operation and variables of a GET or JSON POST; None if unreadable
    (the GraphQL view then answers it, with its own error)."""
    try:
        if method == "GET":
            params: dict[str, Any] = dict(
                parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
            )
            for field in ("variables", "extensions"):
                if params.get(field):
                    params[field] = orjson.loads(params[field])
        else:
            params = orjson.loads(body)
    except (orjson.JSONDecodeError, RecursionError):
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
    variables = params.get("variables") or {}
    try:
        orjson.dumps(variables)
    except (orjson.JSONEncodeError, RecursionError):
        return None
    return Asked(
        document=document,
        operation=operation if isinstance(operation, str) else None,
        variables=variables,
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


def only_mutations(document: str) -> bool:
    """Whether every operation in the document is a mutation (signing in, for one)."""
    kinds = {node.operation for node in _operations(document)}
    return kinds == {graphql.OperationType.MUTATION}


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(if_none_match: bytes, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (or is `*`)."""
    wanted = if_none_match.decode("latin-1")
    return wanted == "*" or etag in (tag.strip() for tag in wanted.split(","))
