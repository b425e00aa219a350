"""node(id:) answers for every global id the API hands out, where the caller may see it."""

import graphql
import httpx

import models
import schema
from tests import factories
from tests.conftest import GraphQL

# What a reader may look up by id: the rest is the newsroom's.
PUBLIC = {"Article", "Author", "Image", "RelatedStory", "Section", "Tag"}
IDS = """query($slug: String!) {
  me { id }
  article(slug: $slug) {
    id
    section { id }
    authors { id }
    tags { id }
    leadImage { image { id } }
    relatedStories { id }
    revisions(first: 1) { nodes { id } }
  }
}"""
NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


def node_types() -> set[str]:
    built = schema.schema._schema
    node = built.get_type("Node")
    assert isinstance(node, graphql.GraphQLInterfaceType)
    return {t.name for t in built.get_possible_types(node)}


async def test_every_node_type_is_found_by_its_id_and_only_by_who_may_see_it(
    gql: GraphQL, client: httpx.AsyncClient
) -> None:
    await factories.user(models.Role.ADMIN, email="chief@newsroom.test")
    admin = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)
    target = await factories.article(slug="teased")
    article = await factories.article(slug="story", teasers=[target])
    await models.ArticleAuthor.create(article=article, author=await factories.author())
    await models.ArticleTag.create(article=article, tag=await factories.tag())
    answer = (await gql(IDS, bearer=admin, slug="story"))["data"]
    made = await gql(
        'mutation { createApiToken(name: "web", scopes: [CONTENT_READ])'
        " { ... on NewApiToken { apiToken { id } } } }",
        bearer=admin,
    )
    story = answer["article"]
    handed_out = {
        "User": answer["me"]["id"],
        "Article": story["id"],
        "Section": story["section"]["id"],
        "Author": story["authors"][0]["id"],
        "Tag": story["tags"][0]["id"],
        "Image": story["leadImage"]["image"]["id"],
        "RelatedStory": story["relatedStories"][0]["id"],
        "Revision": story["revisions"]["nodes"][0]["id"],
        "ApiToken": made["data"]["createApiToken"]["apiToken"]["id"],
    }

    by_admin = {
        t: (await gql(NODE, bearer=admin, id=i))["data"]["node"] for t, i in handed_out.items()
    }
    by_reader = {t: (await gql(NODE, id=i))["data"]["node"] for t, i in handed_out.items()}

    assert set(handed_out) == node_types()  # a new Node type must be added here
    assert by_admin == {t: {"__typename": t, "id": i} for t, i in handed_out.items()}
    assert by_reader == {
        t: {"__typename": t, "id": i} if t in PUBLIC else None for t, i in handed_out.items()
    }


async def test_a_teaser_to_a_draft_is_not_found_by_its_id(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    editor = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    draft = await factories.article(slug="coming", published_at=None)
    await factories.article(slug="host", teasers=[draft])
    teaser = (
        await gql(
            'query { article(slug: "host") { relatedStories { id position } } }', bearer=editor
        )
    )["data"]["article"]["relatedStories"][0]

    public = await gql(
        "query($id: ID!) { node(id: $id) { id ... on RelatedStory { position headline } } }",
        id=teaser["id"],
    )
    desk = await gql(
        "query($id: ID!) { node(id: $id) { id ... on RelatedStory { position headline } } }",
        bearer=editor,
        id=teaser["id"],
    )

    assert public["data"] == {"node": None}
    assert desk["data"] == {
        "node": {"id": teaser["id"], "position": teaser["position"], "headline": draft.headline}
    }
