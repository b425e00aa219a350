"""schema.org structured data for a frontend's pages: a NewsArticle per article, a
CollectionPage per section, in the shape search engines read from a JSON-LD script tag.

Texts are plain (a headline's inline tags are for pages, not for search results); the
picture comes in the three shapes Google asks a news article's image in (16:9, 4:3, 1:1,
each 1,280 pixels wide where the picture allows), with its credit and rights.
"""

import re
from typing import Any, Final

import models
from resolvers import articles, captions, images, sections
from resolvers.context import Context
from resolvers.exports import present, told, when
from resolvers.loaded import settled
from resolvers.text import plain

CONTEXT: Final = "https://schema.org"
IMAGE_WIDTH: Final = 1280  # a rendition width (resolvers.images.WIDTHS); Google asks 1,200+
SHAPES: Final = ("16:9", "4:3", "1:1")
_LICENCE: Final = re.compile(r"https?://\S+")


async def article(ctx: Context, row: models.Article) -> dict[str, Any]:
    """The article as a schema.org NewsArticle."""
    about = await told(ctx, row)
    section, byline, tagged, lead = about.section, about.byline, about.tags, about.lead
    url = await settled(articles.url(ctx, row))
    return present(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "headline": plain(row.headline),
            "description": plain(row.seo_description or row.standfirst),
            "datePublished": when(row.published_at),
            "dateModified": when(row.updated_at),
            "inLanguage": row.locale,
            "articleSection": section.name,
            "keywords": [tag.name for tag in tagged],
            "author": [
                present({"@type": "Person", "name": author.name, "url": author.url})
                for author in byline
            ],
            "publisher": {"@type": "Organization", "name": ctx.site.publisher},
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url} if url else None,
            "isAccessibleForFree": True,
            "image": await _pictures(ctx, lead) if lead is not None else [],
        }
    )


async def _pictures(ctx: Context, caption: models.Caption) -> list[dict[str, Any]]:
    image = await settled(captions.image(ctx, caption))
    credit = await settled(captions.credit(ctx, caption))
    licence = _LICENCE.search(image.usage_terms or "")
    rights = present(
        {
            "creditText": credit,
            "copyrightNotice": image.copyright_notice,
            "copyrightHolder": (
                {"@type": "Organization", "name": image.copyright_holder}
                if image.copyright_holder
                else None
            ),
            "creator": {"@type": "Person", "name": image.creator} if image.creator else None,
            "license": licence.group(0) if licence else None,
            "caption": plain(caption.text),
        }
    )
    shapes = []
    for shape in SHAPES:
        asked = images.Request(width=IMAGE_WIDTH, crop=shape)
        width, height = images.size(image, asked)  # what the rendition has
        shapes.append(
            {
                "@type": "ImageObject",
                "url": images.absolute_url(ctx, image, asked),
                "width": width,
                "height": height,
                **rights,
            }
        )
    return shapes


def section(ctx: Context, row: models.Section) -> dict[str, Any]:
    """The section's front as a schema.org CollectionPage."""
    return present(
        {
            "@context": CONTEXT,
            "@type": "CollectionPage",
            "name": row.name,
            "description": plain(row.description),
            "inLanguage": row.locale,
            "url": sections.url(ctx, row),
            "publisher": {"@type": "Organization", "name": ctx.site.publisher},
        }
    )
