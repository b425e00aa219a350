"""Checklist sections B and D: who can reach what, whatever the request claims."""

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

import models
from settings import Settings
from tests import factories
from tests.conftest import GraphQL
from tests.storage import stored
from tests.test_drafts import global_id
from tests.test_editing_bad_input import unsigned_token

UPDATE = """mutation($id: ID!) { updateArticle(id: $id, expectedVersion: 1,
  input: {headline: "Changed"}) { __typename } }"""


async def test_forged_expired_and_unsigned_tokens_write_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    """D1: no mutation runs under a token the server did not sign, or no longer honours."""
    editor = await factories.user(models.Role.EDITOR)
    draft = await factories.article(published_at=None)
    now = datetime.now(UTC)
    claims = {"sub": str(editor.id), "role": "editor", "typ": "access"}
    tokens = {
        "expired": jwt.encode(
            {**claims, "iat": now - timedelta(hours=2), "exp": now - timedelta(hours=1)},
            settings.secret_key.get_secret_value(),
            algorithm="HS256",
        ),
        "wrong key": jwt.encode(
            {**claims, "exp": now + timedelta(hours=1)}, "x" * 40, algorithm="HS256"
        ),
        "alg none": unsigned_token({**claims, "exp": int((now + timedelta(hours=1)).timestamp())}),
    }
    before = await stored()

    answers = {
        name: await client.post(
            "/graphql",
            json={"query": UPDATE, "variables": {"id": global_id("Article", draft.id)}},
            headers={"authorization": f"Bearer {token}"},
        )
        for name, token in tokens.items()
    }

    assert {
        name: (a.status_code, a.json()["errors"][0]["extensions"]) for name, a in answers.items()
    } == {name: (401, {"code": "UNAUTHENTICATED"}) for name in tokens}
    assert await stored() == before


async def test_a_read_token_cannot_write_and_a_public_reader_cannot_tell_drafts_apart(
    gql: GraphQL,
) -> None:
    """D2, D3, B6: a content:read token is refused writes; a draft's id and an id that
    names nothing get the same answer."""
    reader = await factories.api_token("content:read")
    draft = await factories.article(published_at=None)
    before = await stored()

    write = await gql(UPDATE, bearer=reader, id=global_id("Article", draft.id))
    seen = await gql(
        "query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }",
        bearer=reader,
        a=global_id("Article", draft.id),
        b=global_id("Article", 999_999),
    )

    assert write["data"] == {"updateArticle": {"__typename": "ForbiddenError"}}
    assert seen["data"] == {"a": None, "b": None}
    assert await stored() == before


async def test_node_ids_cannot_swap_types(gql: GraphQL) -> None:
    """D4: an Article's row id under another type name is that type's id, or nothing."""
    article = await factories.article()

    answer = await gql(
        "query($id: ID!) { node(id: $id) { __typename } }", id=global_id("Tag", article.id)
    )

    assert answer["data"] == {"node": None}


@pytest.mark.parametrize("field", ["status", "version", "createdBy", "role", "publishedAt"])
async def test_smuggled_fields_are_not_part_of_any_input(gql: GraphQL, field: str) -> None:
    """D5: mass assignment has nowhere to go: the input types do not have these fields."""
    editor = await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    token = await gql.sign_in(editor.email, factories.PASSWORD)
    draft = await factories.article(published_at=None)
    before = await stored()

    answer = await gql(
        "mutation($id: ID!, $i: UpdateArticleInput!) { updateArticle(id: $id, "
        "expectedVersion: 1, input: $i) { __typename } }",
        bearer=token,
        id=global_id("Article", draft.id),
        i={"headline": "H", field: "admin"},
    )

    assert [(e["message"], e["extensions"]["code"]) for e in answer["errors"]] == [
        (
            "Variable '$i' has invalid value: Expected value of type 'UpdateArticleInput' "
            f"not to include unknown field '{field}', found: "
            f"{{'headline': 'H', '{field}': 'admin'}}.",
            "BAD_USER_INPUT",
        )
    ]
    assert await stored() == before


@pytest.mark.parametrize(
    "text",
    ["' OR 1=1 --", '{"$gt": ""}', "%", "_", "\\", "<script>x</script>", "a\x00b", "é" * 300],
)
async def test_injection_strings_in_every_filter_argument_find_nothing(
    gql: GraphQL, text: str
) -> None:
    """D6: filters take text as text: no operator, wildcard or quote escapes its argument."""
    await factories.article(slug="real")

    answer = await gql(
        """query($t: String!) {
          article(slug: $t) { slug }
          section(slug: $t) { slug }
          bySection: articles(first: 5, section: $t) { totalCount }
          byTag: articles(first: 5, tag: $t) { totalCount }
          byAuthor: articles(first: 5, author: $t) { totalCount }
        }""",
        t=text,
    )

    assert answer["data"] == {
        "article": None,
        "section": None,
        "bySection": {"totalCount": 0},
        "byTag": {"totalCount": 0},
        "byAuthor": {"totalCount": 0},
    }


async def test_aliased_sign_ins_count_as_as_many_attempts(gql: GraphQL) -> None:
    """A13: ten aliases of login in one operation are ten attempts at the account."""
    await factories.user(models.Role.EDITOR, email="target@newsroom.test")
    aliases = " ".join(
        f'a{n}: login(email: "target@newsroom.test", password: "guess {n}") '
        "{ ... on Problem { code } }"
        for n in range(10)
    )

    answer = await gql(f"mutation {{ {aliases} }}")

    codes = [result["code"] for result in answer["data"].values()]
    assert codes == ["UNAUTHENTICATED"] * 10  # the suite allows 1,000 attempts per account
