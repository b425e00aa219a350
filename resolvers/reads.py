"""The hot read statements, written by hand once (resolvers.statements runs them).

Every one that reads articles applies the request's visibility in its SQL form
(resolvers.visibility.sql), the same rule as the ORM's filters. Texts are written when a
statement first runs: the models' columns are known only once Tortoise has started.
"""

import models
from resolvers.statements import Params, Statement, columns, table
from resolvers.visibility import sql

ARTICLES = Statement(
    lambda p, variant: (
        f"""
    SELECT {columns(models.Article, "a")} FROM {table(models.Article)} a
    WHERE {p.any('a."id"', "ids")} AND {sql(variant, p, "a")}
    """
    )
)
SECTIONS = Statement(
    lambda p, _: (
        f"""
    SELECT {columns(models.Section, "s")} FROM {table(models.Section)} s
    WHERE {p.any('s."id"', "ids")}
    """
    )
)
IMAGES = Statement(
    lambda p, _: (
        f"""
    SELECT {columns(models.Image, "i")} FROM {table(models.Image)} i
    WHERE {p.any('i."id"', "ids")}
    """
    )
)


def _pictured(where: str) -> str:
    """Captions with their pictures (written when first run: the models' columns are known
    only once Tortoise has started)."""
    return f"""
    SELECT {columns(models.Caption, "c")}, {columns(models.Image, "i")}
    FROM {table(models.Caption)} c
    JOIN {table(models.Image)} i ON i."id" = c."image_id"
    WHERE {where} ORDER BY c."id"
    """


CAPTIONS = Statement(lambda p, _: _pictured(p.any('c."id"', "ids")))


def _lead_captions_text(p: Params, _: str) -> str:
    of_articles = p.any('c."article_id"', "ids")
    return _pictured(of_articles + ' AND c."role" = ' + p("role"))


LEAD_CAPTIONS = Statement(_lead_captions_text)
BYLINES = Statement(
    lambda p, _: (
        f"""
    SELECT b."article_id", {columns(models.Author, "au")}
    FROM {table(models.ArticleAuthor)} b
    JOIN {table(models.Author)} au ON au."id" = b."author_id"
    WHERE {p.any('b."article_id"', "ids")} ORDER BY b."position", b."id"
    """
    )
)
TAGGINGS = Statement(
    lambda p, _: (
        f"""
    SELECT g."article_id", {columns(models.Tag, "t")}
    FROM {table(models.ArticleTag)} g
    JOIN {table(models.Tag)} t ON t."id" = g."tag_id"
    WHERE {p.any('g."article_id"', "ids")} ORDER BY t."name", g."tag_id"
    """
    )
)

TRANSLATIONS = Statement(
    lambda p, variant: (
        f"""
    SELECT {columns(models.Article, "a")} FROM {table(models.Article)} a
    WHERE {p.any('a."translation_group"', "groups")} AND {sql(variant, p, "a")}
    ORDER BY a."locale", a."id"
    """
    )
)

# The teasers of many articles whose targets this request may see (a teaser for an
# article it may not see is dropped whole, since its headline would leak), each with its
# target, its caption and the caption's picture.
TEASERS = Statement(
    lambda p, variant: (
        f"""
    SELECT {columns(models.RelatedStory, "rs")},
           {columns(models.Article, "t")},
           {columns(models.Caption, "c")},
           {columns(models.Image, "i")}
    FROM {table(models.RelatedStory)} rs
    LEFT JOIN {table(models.Article)} t ON t."id" = rs."target_id"
    LEFT JOIN {table(models.Caption)} c ON c."id" = rs."caption_id"
    LEFT JOIN {table(models.Image)} i ON i."id" = c."image_id"
    WHERE {p.any('rs."article_id"', "ids")}
      AND (rs."target_id" IS NULL OR ({sql(variant, p, "t")}))
    ORDER BY rs."id"
    """
    )
)


# The newest visible article with a slug in a locale (a slug is unique per locale, but a
# draft in a preview may share it with a published one).
BY_SLUG = Statement(
    lambda p, variant: (
        f"""
    SELECT {columns(models.Article, "a")} FROM {table(models.Article)} a
    WHERE a."locale" = {p("locale")} AND a."slug" = {p("slug")}
      AND {sql(variant, p, "a")}
    ORDER BY COALESCE(a."published_at", a."created_at") DESC, a."id" DESC LIMIT 1
    """
    )
)
