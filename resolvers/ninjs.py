"""An article as an IPTC ninjs 3.1 item: the form agencies and aggregators exchange news in.

Everything a reader of the article may see, and nothing more (the editor's note stays
internal): headline, standfirst, the body rendered to HTML (teasers and pictures where the
editor placed them), the byline and its people, the section and tags as subjects, and
each picture (lead, in the body, on a teaser) as an association with its renditions,
caption and rights. The other language versions the reader may see are associations too.
Relations come through the request's loaders, so a list of items costs what the list of
articles costs.

An article imported from an agency's item (resolvers.ninjs_imports) exports as that item:
its uri and version, every field Dateline does not model, and the original form of each
field it does while Dateline's side of it is as the import left it; a field edited since
exports as Dateline has it now.
"""

import html
from collections.abc import Iterable
from typing import Any, Final

import models
from models.body import Embed, Heading, Paragraph, Quote
from resolvers import articles, body, captions, images, related_stories
from resolvers.context import Context
from resolvers.exports import present, told, when
from resolvers.loaded import known, settled

# Where this server serves each item over plain HTTP (endpoint.ninjs): /ninjs/{locale}/{slug}.
ROUTE: Final = "/ninjs/"
# Renditions handed out for each picture: a few widths, never past the picture's own.
RENDITION_WIDTHS: Final = (320, 640, 1280, 2048)


def uri(kind: str, row_id: int) -> str:
    """A stable identifier for a Dateline object (ninjs wants one per item)."""
    return f"urn:dateline:{kind}:{row_id}"


def _texts(*entries: tuple[str, str, str | None]) -> list[dict[str, str]]:
    """Descriptions as (role, value, content type), leaving out those with no value: in
    ninjs a description is its value."""
    return [
        present({"role": role, "contentType": content_type, "value": value})
        for role, value, content_type in entries
        if value
    ]


async def item(ctx: Context, article: models.Article) -> dict[str, Any]:
    """The article as a ninjs 3.1 item (a JSON object)."""
    own = await dateline_item(ctx, article)
    source = await settled(known(ctx.loaders.ninjs_source_by_article_id, article.id))
    if source is None:
        return own
    return merged(own, source, newsroom=ctx.viewer.user is not None)


# An imported item's identity: always the agency's, edited or not.
_IDENTITY: Final = ("uri", "version")
# The agency's notes to the desk: internal, like the desk's own note (editorNote, which
# an import starts from this), so only newsroom accounts get them back.
_INTERNAL: Final = ("edNote",)


def merged(own: dict[str, Any], source: models.NinjsSource, *, newsroom: bool) -> dict[str, Any]:
    """The imported item with Dateline's changes since the import: a field of the item
    whose Dateline value still equals the one the import produced is the original; one
    that differs is Dateline's (left out if Dateline has none now). Fields Dateline writes
    and the item lacked follow, as Dateline has them, but for the identity: an item
    without a version stays without one."""
    original, then = source.item, source.projection
    result: dict[str, Any] = {}
    for key, value in original.items():
        if key in _INTERNAL and not newsroom:
            continue
        if key in _IDENTITY or own.get(key) == then.get(key):
            result[key] = value
        elif key in own:
            result[key] = own[key]
    for key, value in own.items():
        if key not in original and key not in _IDENTITY:
            result[key] = value
    return result


async def dateline_item(ctx: Context, article: models.Article) -> dict[str, Any]:
    """The article as Dateline alone tells it, whatever it was imported from."""
    about = await told(ctx, article)
    section, byline, tagged, lead = about.section, about.byline, about.tags, about.lead
    blocks = await settled(body.blocks(ctx, article))
    versions = await settled(articles.translations(ctx, article))

    pictures: list[dict[str, Any]] = []
    if lead is not None:
        pictures.append(await _picture(ctx, lead, "lead", "leadImage"))
    parts: list[str] = []
    for block in blocks:
        parts.append(await _rendered(ctx, block, pictures))
    html_body = "\n".join(part for part in parts if part)

    return present(
        {
            "uri": uri("article", article.id),
            "type": "text",
            "representationType": "full",
            "version": str(article.version),
            "firstCreated": when(article.created_at),
            "versionCreated": when(article.updated_at),
            "embargoedUntil": when(article.embargoed_until),
            "pubStatus": (
                "usable" if article.status == models.ArticleStatus.PUBLISHED else "withheld"
            ),
            "language": article.locale,
            "slugline": article.slug,
            "headlines": [{"role": "main", "contentType": "text/html", "value": article.headline}],
            "descriptions": _texts(
                ("summary", article.standfirst, "text/html"),
                ("seo-title", article.seo_title, None),
                ("seo-description", article.seo_description, None),
            ),
            "bodies": [
                {
                    "role": "main",
                    "contentType": "text/html",
                    "charCount": len(html_body),
                    "value": html_body,
                }
            ]
            if html_body
            else [],
            "by": " and ".join(author.name for author in byline),
            "people": [_person(author) for author in byline],
            "subjects": [
                present({"name": section.name, "rel": "section", "literal": section.slug}),
                *({"name": tag.name, "rel": "tag", "literal": tag.slug} for tag in tagged),
            ],
            "associations": [*pictures, *(_version(row) for row in versions)],
        }
    )


def _person(author: models.Author) -> dict[str, Any]:
    return present(
        {
            "name": author.name,
            "rel": "author",
            "literal": author.slug,
            "uri": author.url or None,
        }
    )


def _version(row: models.Article) -> dict[str, Any]:
    """Another language version of the story, by reference."""
    return {
        "name": f"translation-{row.locale}",
        "rel": "translation",
        "uri": uri("article", row.id),
        "type": "text",
        "language": row.locale,
        "headlines": [{"role": "main", "contentType": "text/html", "value": row.headline}],
    }


async def _rendered(ctx: Context, block: body.Resolved, pictures: list[dict[str, Any]]) -> str:
    """One body block as HTML; a picture's association is added to `pictures`."""
    part = block.block
    if isinstance(part, Paragraph):
        return f"<p>{part.text}</p>"
    if isinstance(part, Heading):
        return f"<h{part.level}>{part.text}</h{part.level}>"
    if isinstance(part, Quote):
        cited = f"<footer>{part.attribution}</footer>" if part.attribution else ""
        return f"<blockquote><p>{part.text}</p>{cited}</blockquote>"
    if isinstance(part, Embed):
        title = html.escape(part.title or part.url)
        return f'<p class="embed"><a href="{html.escape(part.url)}">{title}</a></p>'
    if block.caption is not None:
        name = f"image-{block.position}"
        association = await _picture(ctx, block.caption, name, "image")
        pictures.append(association)
        return _figure(association, name)
    if block.related_story is not None:
        return await _teaser(ctx, block, pictures)
    return ""


async def _teaser(ctx: Context, block: body.Resolved, pictures: list[dict[str, Any]]) -> str:
    story = block.related_story
    assert story is not None
    headline = await settled(related_stories.headline(ctx, story))
    target = await settled(related_stories.target(ctx, story))
    name = f"teaser-{block.position}"
    if story.caption_id is not None:
        caption = await settled(captions.by_id(ctx, story.caption_id))
        if caption is not None:
            pictures.append(await _picture(ctx, caption, name, "teaserImage"))
    if target is not None:
        where = f'data-uri="{uri("article", target.id)}"'
    elif story.url:
        where = f'data-href="{html.escape(story.url)}"'
    else:
        return ""
    text = f'<a href="{html.escape(story.url)}">{headline}</a>' if story.url else headline
    return f'<aside class="related-story" {where}><p>{text}</p></aside>'


def _figure(association: dict[str, Any], name: str) -> str:
    renditions = association.get("renditions", [])
    src = renditions[-1]["href"] if renditions else ""
    alt = next(
        (d["value"] for d in association.get("descriptions", []) if d.get("role") == "alt"), ""
    )
    caption = next(
        (d["value"] for d in association.get("descriptions", []) if d.get("role") == "caption"),
        "",
    )
    credit = association.get("by", "")
    shown = " ".join(part for part in (caption, html.escape(credit)) if part)
    figcaption = f"<figcaption>{shown}</figcaption>" if shown else ""
    return (
        f'<figure data-association="{name}"><img src="{html.escape(src)}" '
        f'alt="{html.escape(alt)}">{figcaption}</figure>'
    )


async def _picture(ctx: Context, caption: models.Caption, name: str, rel: str) -> dict[str, Any]:
    """A picture as this article shows it: its caption and rights, and its renditions."""
    image = await settled(captions.image(ctx, caption))
    credit = await settled(captions.credit(ctx, caption))
    alt = await settled(captions.alt(ctx, caption))
    own = present(
        {
            "name": name,
            "rel": rel,
            "uri": uri("image", image.id),
            "type": "picture",
            "representationType": "partial",
            "by": credit,
            "copyrightHolder": image.copyright_holder,
            "copyrightNotice": image.copyright_notice,
            "usageTerms": image.usage_terms,
            "contentCreated": when(image.date_taken),
            "descriptions": _texts(
                ("caption", caption.text, "text/html"),
                ("alt", alt, None),
                ("description", image.description, None),
            ),
            "people": [{"name": image.creator, "rel": "photographer"}] if image.creator else [],
            "renditions": list(_renditions(ctx, image)),
        }
    )
    # An imported picture keeps the association's fields that no column holds.
    extra = image.source_extra or {}
    return own | {key: value for key, value in extra.items() if key not in own}


def _renditions(ctx: Context, image: models.Image) -> Iterable[dict[str, Any]]:
    if image.remote_renditions is not None:  # the agency's, as it listed them
        yield from image.remote_renditions
        return
    widths = sorted({min(width, image.width) for width in RENDITION_WIDTHS})
    for width in widths:
        asked = images.Request(width=width)
        shown, tall = images.size(image, asked)
        yield {
            "name": f"w{shown}",
            "href": images.absolute_url(ctx, image, asked),
            "contentType": "image/jpeg",
            "width": shown,
            "height": tall,
        }
