"""Sitemaps for search engines: Google News' sitemap of the last two days, and an index of
paged sitemaps of every published story, each with its language versions as hreflang
alternates. They name pages of the public site, so they exist only once
DATELINE_PUBLIC_URL says where those are. Written with lxml, never by joining strings.

Each is valid against the sitemap schemas (sitemaps.org's, Google's for news), which give
an urlset at least one url and an index at least one sitemap: with nothing to list there
is no sitemap (None, which the routes answer 404), never an empty document.
"""

from datetime import timedelta
from typing import Final

from lxml import etree

import models
from resolvers import articles
from resolvers.context import Context
from resolvers.loaded import settled
from resolvers.pagination import Window
from resolvers.reads import Filters
from resolvers.text import plain

SITEMAP: Final = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS: Final = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML: Final = "http://www.w3.org/1999/xhtml"
PER_PAGE: Final = 100  # the largest page the listing gives
NEWS_WINDOW: Final = timedelta(hours=48)  # what Google News reads of a news sitemap
OLDEST_FIRST: Final = Filters(order="PUBLISHED_ASC")
# What one index may list (sitemaps.org): also keeps a page's offset one a database binds.
MAX_PAGES: Final = 50_000


def _xml(root: etree._Element) -> bytes | None:
    """The document, or None when its root lists nothing (the schemas allow no empty one)."""
    if len(root) == 0:
        return None
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data


async def news(ctx: Context) -> bytes | None:
    """Stories published in the last 48 hours, every locale, newest first."""
    if ctx.site.article_pattern is None:
        return None
    root = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "news": NEWS})
    since = ctx.now - NEWS_WINDOW
    for locale in sorted(ctx.locales):
        page = await articles.page(ctx, locale=locale, first=PER_PAGE)
        for row in page.rows:
            if row.published_at is None or row.published_at < since:
                continue
            url = etree.SubElement(root, f"{{{SITEMAP}}}url")
            etree.SubElement(url, f"{{{SITEMAP}}}loc").text = await settled(articles.url(ctx, row))
            item = etree.SubElement(url, f"{{{NEWS}}}news")
            publication = etree.SubElement(item, f"{{{NEWS}}}publication")
            etree.SubElement(publication, f"{{{NEWS}}}name").text = ctx.site.publisher
            etree.SubElement(publication, f"{{{NEWS}}}language").text = row.locale
            etree.SubElement(
                item, f"{{{NEWS}}}publication_date"
            ).text = row.published_at.isoformat()
            etree.SubElement(item, f"{{{NEWS}}}title").text = plain(row.headline)
    return _xml(root)


async def index(ctx: Context, base: str) -> bytes | None:
    """The index: one sitemap per locale and page of 100 stories, under `base`."""
    if ctx.site.article_pattern is None:
        return None
    root = etree.Element(f"{{{SITEMAP}}}sitemapindex", nsmap={None: SITEMAP})
    for locale in sorted(ctx.locales):
        first = await articles.page(ctx, locale=locale, first=1)
        pages = -(-(await first.total()) // PER_PAGE)
        for number in range(1, pages + 1):
            entry = etree.SubElement(root, f"{{{SITEMAP}}}sitemap")
            etree.SubElement(entry, f"{{{SITEMAP}}}loc").text = f"{base}{locale}-{number}.xml"
    return _xml(root)


async def page(ctx: Context, locale: str, number: int) -> bytes | None:
    """One page of a locale's published stories with their versions, oldest first: a
    story published today joins the last page and leaves the others as they were."""
    if ctx.site.article_pattern is None or not 1 <= number <= MAX_PAGES:
        return None
    listed = articles.listing(ctx.visibility, locale, narrowed=OLDEST_FIRST)
    ctx.shown.update(listed.keys)
    rows = await listed.rows(
        ctx.loaders, Window(None, None, PER_PAGE), offset=(number - 1) * PER_PAGE
    )
    ctx.shown.articles(rows)
    if not rows:  # past the last page, or a locale with no story
        return None
    root = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "xhtml": XHTML})
    for row in rows:
        url = etree.SubElement(root, f"{{{SITEMAP}}}url")
        etree.SubElement(url, f"{{{SITEMAP}}}loc").text = await settled(articles.url(ctx, row))
        etree.SubElement(url, f"{{{SITEMAP}}}lastmod").text = row.updated_at.isoformat()
        versions: list[models.Article] = await settled(articles.translations(ctx, row))
        if versions:  # every version names them all, itself included
            for version in sorted([row, *versions], key=lambda v: v.locale):
                link = etree.SubElement(url, f"{{{XHTML}}}link")
                link.set("rel", "alternate")
                link.set("hreflang", version.locale)
                link.set("href", await settled(articles.url(ctx, version)) or "")
    return _xml(root)
