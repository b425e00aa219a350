"""The newest stories as RSS 2.0, Atom and JSON Feed 1.1, for aggregators and readers.

Built with feedgen (RSS and Atom) and as plain data (JSON Feed); never by joining strings.
Each item carries its title, its address on the public site (DATELINE_PUBLIC_URL; else
its ninjs item on this server), a permanent id (the ninjs item's URN), dates, bylines, the standfirst as
summary, and the lead picture as an enclosure and a Media RSS `media:content` with its
credit and caption.
"""

from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urljoin

# feedgen reads lxml.etree through `import lxml`, which lxml 6 no longer fills in.
import lxml.etree  # noqa: F401
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedEntry, FeedGenerator
from feedgen.util import xml_elem

import models
from resolvers import articles, captions, images, sections
from resolvers.context import Context
from resolvers.exports import Told, told, when
from resolvers.loaded import settled
from resolvers.ninjs import ROUTE, uri
from resolvers.text import plain

NEWEST: Final = 50
MEDIA: Final = "http://search.yahoo.com/mrss/"
PICTURE_WIDTH: Final = 1280


@dataclass(frozen=True)
class Picture:
    url: str
    width: int
    height: int
    credit: str | None
    caption: str


@dataclass(frozen=True)
class Item:
    told: Told
    url: str  # on the public site, else the ninjs item on this server
    picture: Picture | None


@dataclass(frozen=True)
class Feed:
    title: str
    home: str  # the public site's front (or section front), else this server
    locale: str
    description: str
    items: list[Item]


async def newest(ctx: Context, locale: str, section: models.Section | None) -> Feed:
    """The newest published stories of a locale, or of one section."""
    page = await articles.page(
        ctx, locale=locale, section=section.slug if section else None, first=NEWEST
    )
    items = [await _item(ctx, row) for row in page.rows]
    publisher = ctx.site.publisher
    home = (sections.url(ctx, section) if section else ctx.site.front) or str(ctx.request.base_url)
    return Feed(
        title=f"{publisher}: {section.name}" if section else publisher,
        home=home,
        locale=locale,
        description=plain(section.description)
        if section and section.description
        else (f"The newest stories from {publisher}."),
        items=items,
    )


async def _item(ctx: Context, row: models.Article) -> Item:
    about = await told(ctx, row)
    picture = None
    if about.lead is not None:
        image = await settled(captions.image(ctx, about.lead))
        asked = images.Request(width=PICTURE_WIDTH)
        width, height = images.size(image, asked)
        picture = Picture(
            url=images.absolute_url(ctx, image, asked),
            width=width,
            height=height,
            credit=await settled(captions.credit(ctx, about.lead)),
            caption=plain(about.lead.text),
        )
    url = await settled(articles.url(ctx, row))
    if url is None:  # no public site stated: the story as a document, here
        url = urljoin(str(ctx.request.base_url), f"{ROUTE}{row.locale}/{row.slug}")
    return Item(about, url, picture)


class _MediaFeed(BaseExtension):  # type: ignore[misc]
    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA}


class _MediaEntry(BaseEntryExtension):  # type: ignore[misc]
    """`media:content` with a `media:credit` and `media:description` inside: what feedgen's
    own media extension cannot say."""

    picture: Picture | None = None

    def extend_rss(self, entry: Any) -> Any:
        if self.picture is not None:
            content = xml_elem(f"{{{MEDIA}}}content", entry)
            for name, value in (
                ("url", self.picture.url),
                ("type", "image/jpeg"),
                ("medium", "image"),
                ("width", str(self.picture.width)),
                ("height", str(self.picture.height)),
            ):
                content.set(name, value)
            if self.picture.credit:
                credit = xml_elem(f"{{{MEDIA}}}credit", content)
                credit.set("role", "photographer")
                credit.text = self.picture.credit
            if self.picture.caption:
                xml_elem(f"{{{MEDIA}}}description", content).text = self.picture.caption
        return entry

    extend_atom = extend_rss


def _generator(feed: Feed, address: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.register_extension("media", _MediaFeed, _MediaEntry)
    # RSS wants an author's email; Dublin Core's creator takes a name alone.
    generator.load_extension("dc")
    generator.id(address)
    generator.title(feed.title)
    generator.link(href=address, rel="self")
    generator.link(href=feed.home, rel="alternate")
    generator.description(feed.description)
    generator.language(feed.locale)
    # feedgen puts entries first-in last-out: added oldest first, they come newest first.
    for item in reversed(feed.items):
        _entry(generator.add_entry(), item)
    # The newest change, not the time of writing: the same stories give the same bytes.
    newest_change = max((item.told.article.updated_at for item in feed.items), default=None)
    if newest_change is not None:
        generator.updated(newest_change)
        generator.lastBuildDate(newest_change)
    return generator


def _entry(entry: FeedEntry, item: Item) -> None:
    article = item.told.article
    entry.id(uri("article", article.id))
    entry.guid(uri("article", article.id), permalink=False)
    entry.title(plain(article.headline))
    entry.link(href=item.url)
    if article.standfirst:
        entry.description(plain(article.standfirst))  # RSS
        entry.summary(plain(article.standfirst))  # Atom
    for author in item.told.byline:
        entry.author(name=author.name)
        entry.dc.dc_creator(author.name, replace=False)
    entry.category(term=item.told.section.slug, label=item.told.section.name)
    if article.published_at is not None:
        entry.published(article.published_at)
    entry.updated(article.updated_at)
    if item.picture is not None:
        entry.enclosure(item.picture.url, "0", "image/jpeg")
        entry.media.picture = item.picture


def rss(feed: Feed, address: str) -> bytes:
    data: bytes = _generator(feed, address).rss_str(pretty=False)
    return data


def atom(feed: Feed, address: str) -> bytes:
    data: bytes = _generator(feed, address).atom_str(pretty=False)
    return data


def json_feed(feed: Feed, address: str) -> dict[str, Any]:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": address,
        "description": feed.description,
        "language": feed.locale,
        "items": [_json_item(item) for item in feed.items],
    }


def _json_item(item: Item) -> dict[str, Any]:
    article = item.told.article
    values = {
        "id": uri("article", article.id),
        "url": item.url,
        "title": plain(article.headline),
        "summary": plain(article.standfirst) if article.standfirst else None,
        "date_published": when(article.published_at),
        "date_modified": when(article.updated_at),
        "authors": [{"name": author.name} for author in item.told.byline],
        "tags": [tag.name for tag in item.told.tags],
        "image": item.picture.url if item.picture else None,
        "language": article.locale,
    }
    return {key: value for key, value in values.items() if value not in (None, [])}
