"""Pictures over HTTP: multipart uploads with rights read from the file, signed renditions
made once and served from storage, hostile files refused with nothing left behind."""

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image as PILImage

import models
from media.probe import probe
from settings import Settings
from tests import factories, pictures
from tests.conftest import GraphQL
from tests.storage import stored
from tests.test_drafts import global_id

IMAGE = """
    __typename
    ... on Image {
      id width height mimeType creator credit copyrightHolder copyrightYear copyrightNotice
      description dateTaken altText blurhash dominantColor creditLine
    }
    ... on Problem { message code fields }
"""
UPLOAD = f"""mutation($file: Upload!, $input: ImageInput!) {{
  uploadImage(file: $file, input: $input) {{ {IMAGE} }}
}}"""
REPLACE = f"""mutation($id: ID!, $file: Upload!) {{
  replaceImageFile(id: $id, file: $file) {{ {IMAGE} }}
}}"""
PREFLIGHT = {"apollo-require-preflight": "true"}


def agency_photo() -> bytes:
    """A 1200x800 JPEG from an agency, its rights in IPTC as the wire sends them."""
    return pictures.with_iptc(
        pictures.encoded(pictures.scene()),
        [
            (1, 90, b"\x1b%G"),
            (2, 80, b"Ed Jones"),
            (2, 110, b"AFP"),
            (2, 116, "© AFP 2023".encode()),
            (2, 120, b"A tide gauge on the quay at Funafuti."),
            (2, 55, b"20230504"),
            (2, 60, b"103000+1200"),
        ],
    )


async def upload(
    client: httpx.AsyncClient,
    token: str | None,
    data: bytes | None,
    *,
    document: str = UPLOAD,
    variables: dict[str, Any] | None = None,
    name: str = "photo.jpg",
    headers: dict[str, str] = PREFLIGHT,
    files_map: dict[str, list[str]] | None = None,
) -> httpx.Response:
    """A GraphQL multipart request (operations, map, then the file part), as clients send it."""
    operations = {"query": document, "variables": {"file": None, "input": {}, **(variables or {})}}
    mapping = files_map if files_map is not None else {"0": ["variables.file"]}
    # Without any file part httpx would send a plain form; a part the map ignores keeps
    # the request multipart.
    files = {"0": (name, data, "image/jpeg")} if data is not None else {"x": ("x", b"x")}
    auth = {"authorization": f"Bearer {token}"} if token else {}
    return await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
        files=files,
        headers={**headers, **auth},
    )


def media_files(settings: Settings) -> set[Path]:
    return {path for path in settings.media_root.rglob("*") if path.is_file()}


@pytest.fixture
async def desk(gql: GraphQL) -> str:
    await factories.user(models.Role.EDITOR, email="pictures@newsroom.test")
    return await gql.sign_in("pictures@newsroom.test", factories.PASSWORD)


async def test_an_upload_reads_rights_from_the_file_and_the_editor_wins(
    client: httpx.AsyncClient, desk: str
) -> None:
    response = await upload(
        client, desk, agency_photo(), variables={"input": {"altText": "A tide gauge"}}
    )
    again = await upload(client, desk, agency_photo(), variables={"input": {"creator": "E. Jones"}})

    body = response.json()
    image = body["data"]["uploadImage"]
    assert response.status_code == 200
    assert image == {
        "__typename": "Image",
        "id": image["id"],
        "width": 1200,
        "height": 800,
        "mimeType": "image/jpeg",
        "creator": "Ed Jones",
        "credit": "AFP",
        "copyrightHolder": "AFP",
        "copyrightYear": 2023,
        "copyrightNotice": "© AFP 2023",
        "description": "A tide gauge on the quay at Funafuti.",
        "dateTaken": "2023-05-03T22:30:00+00:00",
        "altText": "A tide gauge",
        "blurhash": image["blurhash"],
        "dominantColor": image["dominantColor"],
        "creditLine": "© AFP 2023 / Ed Jones",
    }
    # The placeholders are the file's own (their computation is tested in test_media_probe).
    probed = probe(agency_photo(), max_bytes=10**8, max_pixels=10**8)
    assert (image["blurhash"], image["dominantColor"]) == (probed.blurhash, probed.dominant_color)
    second = again.json()["data"]["uploadImage"]
    assert second["creditLine"] == "© AFP 2023 / E. Jones"
    # The same bytes twice: two images, one stored file.
    keys = await models.Image.all().values_list("storage_key", flat=True)
    assert keys == [keys[0], keys[0]]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        # 50 megapixels: over Dateline's cap (40), under Pillow's own bomb error.
        ("bomb.png", pictures.png_header_only(10_000, 5_000), "TOO_MANY_PIXELS"),
        (
            "chart.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "UNSUPPORTED_FORMAT",
        ),
        ("cut.jpg", pictures.encoded(pictures.scene())[:5000], "CORRUPT_FILE"),
        ("notes.jpg", b"This is a text file, named like a picture.\n" * 20, "UNSUPPORTED_FORMAT"),
        ("huge.jpg", b"\xff\xd8" + b"\x00" * 2_000_001, "FILE_TOO_LARGE"),
    ],
)
async def test_hostile_files_get_a_typed_error_and_leave_nothing(
    client: httpx.AsyncClient, desk: str, settings: Settings, name: str, data: bytes, code: str
) -> None:
    files_before = media_files(settings)
    rows_before = await stored()

    response = await upload(client, desk, data, name=name)
    after = await client.post("/graphql", json={"query": "{ __typename }"})

    result = response.json()["data"]["uploadImage"]
    assert (result["__typename"], result["code"], result["fields"]) == (
        "FileRefusedError",
        code,
        ["file"],
    )
    assert media_files(settings) == files_before
    assert await stored() == rows_before
    assert after.json()["data"] == {"__typename": "Query"}


async def test_uploads_need_an_editor_a_preflight_header_and_a_real_file_part(
    client: httpx.AsyncClient, gql: GraphQL, desk: str, settings: Settings
) -> None:
    await factories.user(models.Role.WRITER, email="writer@newsroom.test")
    writer = await gql.sign_in("writer@newsroom.test", factories.PASSWORD)
    files_before = media_files(settings)
    rows_before = await stored()
    photo = pictures.plain()

    no_preflight = await upload(client, desk, photo, headers={"apollo-require-preflight": ""})
    anonymous = await upload(client, None, photo)
    too_big = await upload(client, desk, b"\xff\xd8" + bytes(2_100_000))
    by_writer = await upload(client, writer, photo)
    a_string = await upload(client, desk, None, files_map={}, variables={"file": "photo.jpg"})
    a_number = await upload(client, desk, None, files_map={}, variables={"file": 5})
    bad_map = await upload(client, desk, photo, files_map={"0": ["variables.nothing.here"]})
    missing_part = await upload(client, desk, None, files_map={"0": ["variables.file"]})

    assert (no_preflight.status_code, no_preflight.json()["errors"][0]["extensions"]) == (
        400,
        {"code": "PREFLIGHT_REQUIRED"},
    )
    # Refused before the body is read: no account, or more bytes than any upload may have.
    assert (anonymous.status_code, anonymous.json()["errors"][0]["extensions"]) == (
        403,
        {"code": "FORBIDDEN"},
    )
    assert (too_big.status_code, too_big.json()["errors"][0]["extensions"]) == (
        413,
        {"code": "PAYLOAD_TOO_LARGE"},
    )
    assert by_writer.json()["data"]["uploadImage"]["__typename"] == "ForbiddenError"
    for refused in (a_string, a_number):
        assert refused.status_code == 200
        assert [e["extensions"]["code"] for e in refused.json()["errors"]] == ["BAD_USER_INPUT"]
        assert "Not a file." in refused.json()["errors"][0]["message"]
    for broken in (bad_map, missing_part):
        assert broken.status_code == 400
        assert broken.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    assert media_files(settings) == files_before
    assert await stored() == rows_before


async def test_renditions_have_the_asked_size_and_format_and_are_made_once(
    client: httpx.AsyncClient, gql: GraphQL, desk: str
) -> None:
    uploaded = (await upload(client, desk, agency_photo())).json()["data"]["uploadImage"]
    urls = await gql(
        """query($id: ID!) { image(id: $id) { ... on Image {
          jpeg: url(width: 640, height: 360)
          webp: url(width: 320, format: WEBP)
          avif: url(width: 200, height: 200, format: AVIF)
          square: url(width: 300, crop: RATIO_1_1)
          auto: url(width: 400, format: AUTO)
          odd: url(width: 637, height: 500)
          srcSet(widths: [320, 640])
        } } }""",
        bearer=desk,
        id=uploaded["id"],
    )
    image = urls["data"]["image"]

    def opened(response: httpx.Response) -> tuple[str | None, tuple[int, int]]:
        with PILImage.open(io.BytesIO(response.content)) as picture:
            return picture.format, picture.size

    first = await client.get(image["jpeg"])
    second = await client.get(image["jpeg"])
    not_modified = await client.get(image["jpeg"], headers={"if-none-match": first.headers["etag"]})
    webp = await client.get(image["webp"])
    avif = await client.get(image["avif"])
    square = await client.get(image["square"])
    auto_avif = await client.get(image["auto"], headers={"accept": "image/avif,image/*"})
    auto_jpeg = await client.get(image["auto"], headers={"accept": "image/avif;q=0, image/png"})

    assert (first.status_code, first.headers["x-cache"], opened(first)) == (
        200,
        "MISS",
        ("JPEG", (640, 360)),
    )
    # Served from storage: same bytes, no encoding.
    assert (second.headers["x-cache"], second.content) == ("HIT", first.content)
    assert second.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert (not_modified.status_code, not_modified.content) == (304, b"")
    assert opened(webp) == ("WEBP", (320, 213))
    # Sizes snap up to the listed widths and the nearest listed shape (here 1:1 and 4:3),
    # so signed URLs name a small, bounded set of files per picture.
    assert opened(avif) == ("AVIF", (320, 320))
    assert opened(square) == ("JPEG", (320, 320))
    assert (opened(auto_avif), auto_avif.headers["vary"]) == (("AVIF", (480, 320)), "Accept")
    assert opened(auto_jpeg) == ("JPEG", (480, 320))
    assert "/w640-h480-cover-" in image["odd"]
    assert [entry.rsplit(" ", 1)[1] for entry in image["srcSet"].split(", ")] == ["320w", "640w"]


async def test_rendition_urls_must_be_signed_and_well_formed(
    client: httpx.AsyncClient, gql: GraphQL, desk: str
) -> None:
    uploaded = (await upload(client, desk, agency_photo())).json()["data"]["uploadImage"]
    signed = (
        await gql(
            "query($id: ID!) { image(id: $id) { ... on Image { url(width: 640) } } }",
            bearer=desk,
            id=uploaded["id"],
        )
    )["data"]["image"]["url"]
    path, _, signature = signed.partition("?s=")
    other_size = path.replace("/w640-", "/w641-")
    key = path.removeprefix("/media/renditions/").rsplit("/", 1)[0]

    answers = {
        "unsigned": await client.get(path),
        "wrong signature": await client.get(f"{path}?s=AAAAAAAAAAAAAAAAAAAAAA"),
        "signature of another size": await client.get(f"{other_size}?s={signature}"),
        "the original": await client.get(f"/media/{key}"),
        "not a rendition": await client.get(f"{path}x?s={signature}"),
        # AUTO is part of what is signed: one signed file is not three encodings.
        "made auto": await client.get(f"{signed}&auto=1"),
        "traversal": await client.get(
            "/media/renditions/..%2F..%2Fsettings.py/w10-cover-f50x50.jpg"
        ),
        "dot segments": await client.get("/media/renditions/%2e%2e/%2e%2e/pyproject.toml"),
    }

    assert {name: r.status_code for name, r in answers.items()} == {
        "unsigned": 400,
        "wrong signature": 400,
        "signature of another size": 400,
        "the original": 404,
        "not a rendition": 404,
        "made auto": 400,
        "traversal": 404,
        "dot segments": 404,
    }


async def test_replacing_a_file_keeps_the_id_and_every_use(
    client: httpx.AsyncClient, gql: GraphQL, desk: str
) -> None:
    picture = await factories.image(alt_text="Sea wall", creator="", credit_line="")
    article = await factories.article(lead=picture)
    image_id = global_id("Image", picture.id)

    replaced = await upload(
        client, desk, agency_photo(), document=REPLACE, variables={"id": image_id}
    )

    result = replaced.json()["data"]["replaceImageFile"]
    assert (result["id"], result["width"], result["height"]) == (image_id, 1200, 800)
    # Set rights stay (alt text, holder); empty ones come from the new file.
    assert (result["altText"], result["creator"], result["credit"]) == (
        "Sea wall",
        "Ed Jones",
        "AFP",
    )
    assert result["copyrightHolder"] == "Agency"
    assert await models.Caption.filter(article_id=article.id, image_id=picture.id).count() == 1


async def test_the_library_search_and_usages_are_for_the_newsroom(
    client: httpx.AsyncClient, gql: GraphQL, desk: str
) -> None:
    harbour = await factories.image(alt_text="Harbour at dawn", creator="Ana Folau")
    await factories.image(alt_text="Sea wall", credit_line="Meridian")
    article = await factories.article(lead=harbour)
    query = """{ images(search: "dawn", first: 20) { totalCount nodes { altText usages { articleId role } } } }"""

    found = await gql(query, bearer=desk)
    public = await gql(query)

    assert found["data"] == {
        "images": {
            "totalCount": 1,
            "nodes": [
                {
                    "altText": "Harbour at dawn",
                    "usages": [{"articleId": global_id("Article", article.id), "role": "lead"}],
                }
            ],
        }
    }
    assert public["data"] == {"images": None}
    assert [e["extensions"]["code"] for e in public["errors"]] == ["FORBIDDEN"]


async def test_a_deleted_or_replaced_file_stops_being_served(
    client: httpx.AsyncClient, gql: GraphQL, desk: str, settings: Settings
) -> None:
    first = (await upload(client, desk, agency_photo())).json()["data"]["uploadImage"]
    url_query = "query($id: ID!) { image(id: $id) { ... on Image { url(width: 320) } } }"
    old_url = (await gql(url_query, bearer=desk, id=first["id"]))["data"]["image"]["url"]
    assert (await client.get(old_url)).status_code == 200
    files_with_one = media_files(settings)

    replaced = await upload(
        client,
        desk,
        pictures.encoded(pictures.scene((900, 600))),
        document=REPLACE,
        variables={"id": first["id"]},
    )
    new_url = (await gql(url_query, bearer=desk, id=first["id"]))["data"]["image"]["url"]
    after_replace = await client.get(old_url)
    assert (await client.get(new_url)).status_code == 200
    deleted = await gql(
        "mutation($id: ID!) { deleteImage(id: $id, expectedVersion: 2) { __typename } }",
        bearer=desk,
        id=first["id"],
    )
    after_delete = await client.get(new_url)

    assert replaced.json()["data"]["replaceImageFile"]["width"] == 900
    # The old original and its rendition are gone; the URL handed out before is dead.
    assert after_replace.status_code == 404
    assert deleted["data"] == {"deleteImage": {"__typename": "DeletedImage"}}
    assert after_delete.status_code == 404
    assert media_files(settings) < files_with_one


async def test_a_file_shared_by_two_images_outlives_one_of_them(
    client: httpx.AsyncClient, gql: GraphQL, desk: str, settings: Settings
) -> None:
    photo = agency_photo()
    one = (await upload(client, desk, photo)).json()["data"]["uploadImage"]
    two = (await upload(client, desk, photo)).json()["data"]["uploadImage"]
    url = (
        await gql(
            "query($id: ID!) { image(id: $id) { ... on Image { url(width: 320) } } }",
            bearer=desk,
            id=two["id"],
        )
    )["data"]["image"]["url"]

    await gql(
        "mutation($id: ID!) { deleteImage(id: $id, expectedVersion: 1) { __typename } }",
        bearer=desk,
        id=one["id"],
    )

    assert (await client.get(url)).status_code == 200
