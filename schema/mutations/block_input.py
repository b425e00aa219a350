"""The inputs editors build bodies from: one block at a time, pictures with their captions."""

from typing import Any

import strawberry

from resolvers import bodies
from schema import ids


@strawberry.input(description="A picture placed in an article, with this use's caption.")
class PictureInput:
    image_id: strawberry.ID
    caption: str
    credit_override: str | None = None
    alt_override: str | None = None
    crop: str | None = None

    def spec(self) -> bodies.Picture:
        return bodies.Picture(
            image_id=ids.row_id(self.image_id, "Image") or 0,
            caption=self.caption,
            credit_override=self.credit_override,
            alt_override=self.alt_override,
            crop=self.crop,
        )


@strawberry.input(description="A teaser for another article (articleId) or an off-site url.")
class TeaserInput:
    article_id: strawberry.ID | None = None
    url: str | None = None
    headline: str | None = None
    image: PictureInput | None = None

    def spec(self) -> bodies.Teaser:
        return bodies.Teaser(
            article_id=ids.row_id(self.article_id, "Article") or 0
            if self.article_id is not None
            else None,
            url=self.url,
            headline=self.headline,
            picture=self.image.spec() if self.image is not None else None,
        )


@strawberry.input
class HeadingInput:
    text: str
    level: int = 2


@strawberry.input
class QuoteInput:
    text: str
    attribution: str = ""


@strawberry.input
class EmbedInput:
    url: str
    provider: str = ""
    title: str = ""


@strawberry.input(one_of=True, description="Exactly one field: the kind of block.")
class BodyBlockInput:
    paragraph: str | None = strawberry.UNSET
    heading: HeadingInput | None = strawberry.UNSET
    quote: QuoteInput | None = strawberry.UNSET
    image: PictureInput | None = strawberry.UNSET
    related_story: TeaserInput | None = strawberry.UNSET
    embed: EmbedInput | None = strawberry.UNSET

    def spec(self) -> bodies.Block:
        if isinstance(self.image, PictureInput):
            return self.image.spec()
        if isinstance(self.related_story, TeaserInput):
            return self.related_story.spec()
        block: dict[str, Any]
        if isinstance(self.heading, HeadingInput):
            block = {"type": "heading", "text": self.heading.text, "level": self.heading.level}
        elif isinstance(self.quote, QuoteInput):
            block = {
                "type": "quote",
                "text": self.quote.text,
                "attribution": self.quote.attribution,
            }
        elif isinstance(self.embed, EmbedInput):
            block = {
                "type": "embed",
                "url": self.embed.url,
                "provider": self.embed.provider,
                "title": self.embed.title,
            }
        else:
            block = {"type": "paragraph", "text": self.paragraph}
        return block
