"""Writes one whole article, with its pictures and teasers placed in the body, atomically."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.transactions import in_transaction

import models
from resolvers import bodies, search_index
from resolvers.revisions import snapshot


@dataclass(frozen=True)
class Picture:
    image: models.Image
    caption: str
    credit_override: str | None = None
    alt_override: str | None = None
    crop: str | None = None

    def spec(self) -> bodies.Picture:
        return bodies.Picture(
            image_id=self.image.id,
            caption=self.caption,
            credit_override=self.credit_override,
            alt_override=self.alt_override,
            crop=self.crop,
        )


@dataclass(frozen=True)
class Teaser:
    after_block: int  # the teaser sits after this many body blocks
    target: models.Article | None = None
    url: str | None = None
    headline: str | None = None
    picture: Picture | None = None


@dataclass(frozen=True)
class Draft:
    section: models.Section
    slug: str
    headline: str
    standfirst: str = ""
    # A string is a paragraph; a dict is any other block, e.g. a quote.
    blocks: Sequence[str | dict[str, object]] = ()
    lead: Picture | None = None
    teasers: Sequence[Teaser] = ()
    authors: Sequence[models.Author] = ()
    tags: Sequence[models.Tag] = ()
    locale: str = "en"
    translation_group: uuid.UUID = field(default_factory=uuid.uuid4)
    published_at: datetime | None = None  # None keeps the article a draft
    seo_title: str = ""
    seo_description: str = ""


async def compose(draft: Draft) -> models.Article:
    async with in_transaction():
        published = draft.published_at is not None
        article = await models.Article.create(
            section=draft.section,
            slug=draft.slug,
            headline=draft.headline,
            standfirst=draft.standfirst,
            locale=draft.locale,
            translation_group=draft.translation_group,
            status=models.ArticleStatus.PUBLISHED if published else models.ArticleStatus.DRAFT,
            first_published_at=draft.published_at,
            published_at=draft.published_at,
            seo_title=draft.seo_title,
            seo_description=draft.seo_description,
        )
        for position, author in enumerate(draft.authors):
            await models.ArticleAuthor.create(article=article, author=author, position=position)
        for tag in draft.tags:
            await models.ArticleTag.create(article=article, tag=tag)
        if draft.lead is not None:
            await bodies.caption(article, draft.lead.spec(), models.CaptionRole.LEAD)

        # The same writer as setArticleBody: the demo's text is ours, so it is not re-checked.
        blocks: list[bodies.Block] = []
        for index in range(len(draft.blocks) + 1):
            blocks += [
                bodies.Teaser(
                    article_id=teaser.target.id if teaser.target is not None else None,
                    url=teaser.url,
                    headline=teaser.headline,
                    picture=teaser.picture.spec() if teaser.picture is not None else None,
                )
                for teaser in draft.teasers
                if teaser.after_block == index
            ]
            if index < len(draft.blocks):
                block = draft.blocks[index]
                blocks.append(
                    {"type": "paragraph", "text": block} if isinstance(block, str) else dict(block)
                )
        article.body = await bodies.write(article, blocks)
        await article.save(update_fields=["body"])
        # Version 1's revision, as an editor's createArticle leaves one.
        await models.Revision.create(
            article=article,
            version=article.version,
            snapshot=await snapshot(article),
            message="composed",
        )
        await search_index.rewrite([article.id])
        await search_index.rewrite_pictures(await search_index.pictures_of(article.id))
    return article
