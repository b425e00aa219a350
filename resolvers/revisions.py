"""What an article looked like at each version: snapshots, diffs, and reading them back.

A snapshot holds the body with its pictures and teasers written out (not as caption ids,
which a later body replaces), so restoring it rebuilds the same page.
"""

from collections import Counter
from typing import Any

import models
from resolvers import bodies, permissions
from resolvers.context import Context
from resolvers.pagination import Order, Page, Window, paginate, seek

# Newest first: versions only grow, one revision per version of an article.
NEWEST: Order[models.Revision] = Order(
    "revisions", descending=True, value=lambda row: row.version, kind=int, column="version"
)

FIELDS = (
    "slug",
    "headline",
    "standfirst",
    "section_id",
    "locale",
    "seo_title",
    "seo_description",
    "editor_note",
)


def _picture(caption: models.Caption) -> dict[str, Any]:
    return {
        "image_id": caption.image_id,
        "caption": caption.text,
        "credit_override": caption.credit_override,
        "alt_override": caption.alt_override,
        "crop": caption.crop,
    }


async def snapshot(article: models.Article) -> dict[str, Any]:
    state: dict[str, Any] = {name: getattr(article, name) for name in FIELDS}
    state["status"] = str(article.status)
    published = article.published_at
    state["published_at"] = published.isoformat() if published is not None else None
    embargo = article.embargoed_until
    state["embargoed_until"] = embargo.isoformat() if embargo is not None else None
    captions = {c.id: c for c in await models.Caption.filter(article_id=article.id)}
    stories = {s.id: s for s in await models.RelatedStory.filter(article_id=article.id)}
    lead = next((c for c in captions.values() if c.role == models.CaptionRole.LEAD), None)
    state["lead"] = _picture(lead) if lead is not None else None
    state["author_ids"] = list(
        await models.ArticleAuthor.filter(article_id=article.id)
        .order_by("position", "id")
        .values_list("author_id", flat=True)
    )
    state["tag_ids"] = sorted(
        await models.ArticleTag.filter(article_id=article.id).values_list("tag_id", flat=True)
    )
    body: list[dict[str, Any]] = []
    for block in article.body:
        if block["type"] == "image" and block["caption_id"] in captions:
            body.append({"type": "image", **_picture(captions[block["caption_id"]])})
        elif block["type"] == "related" and block["related_story_id"] in stories:
            story = stories[block["related_story_id"]]
            teaser_caption = captions.get(story.caption_id) if story.caption_id else None
            body.append(
                {
                    "type": "related",
                    "article_id": story.target_id,
                    "url": story.url,
                    "headline": story.headline_override,
                    "picture": _picture(teaser_caption) if teaser_caption is not None else None,
                }
            )
        elif block["type"] not in ("image", "related"):
            body.append(block)
    state["body"] = body
    return state


def _pictures(state: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The pictures a snapshot shows, with their captions: lead, body and teasers."""
    if state is None:
        return []
    shown = [state.get("lead")]
    for block in state.get("body", []):
        shown.append(block if block["type"] == "image" else block.get("picture"))
    return [picture for picture in shown if picture is not None]


def recaptioned(before: dict[str, Any] | None, after: dict[str, Any]) -> set[int]:
    """The pictures whose captions in the article differ between two snapshots: used or
    dropped, or captioned anew (what the picture library's search reads of the article)."""
    old, new = (
        Counter((p["image_id"], p["caption"]) for p in _pictures(s)) for s in (before, after)
    )
    return {image_id for image_id, _ in (old - new) + (new - old)}


def picture_of(saved: dict[str, Any]) -> bodies.Picture:
    return bodies.Picture(**saved)


def blocks_of(saved: list[dict[str, Any]]) -> list[bodies.Block]:
    """The body of a snapshot as blocks to write again."""
    blocks: list[bodies.Block] = []
    for block in saved:
        if block["type"] == "image":
            blocks.append(picture_of({k: v for k, v in block.items() if k != "type"}))
        elif block["type"] == "related":
            picture = block["picture"]
            blocks.append(
                bodies.Teaser(
                    article_id=block["article_id"],
                    url=block["url"],
                    headline=block["headline"],
                    picture=picture_of(picture) if picture is not None else None,
                )
            )
        else:
            blocks.append(block)
    return blocks


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Field by field, in a stable order: (field, value before, value after)."""
    names = sorted(set(before) | set(after))
    return [(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n)]


async def by_id(ctx: Context, revision_id: int) -> models.Revision | None:
    """A revision by id, for newsroom accounts; nobody else learns that it exists."""
    if not permissions.holds(ctx.viewer.user, permissions.WRITER):
        return None
    return await models.Revision.filter(id=revision_id).select_related("author").first()


async def of_article(
    ctx: Context, article: models.Article, *, first: int | None, after: str | None
) -> Page[models.Revision]:
    """Newest first; revisions are internal, for newsroom accounts only."""
    permissions.to_read(ctx, permissions.WRITER, "Revisions are for newsroom accounts.")
    rows = models.Revision.filter(article_id=article.id).select_related("author")

    async def fetch(window: Window) -> list[models.Revision]:
        return list(await seek(rows, window, NEWEST))

    return await paginate(fetch, rows.count, NEWEST, first=first, after=after)
