"""Dateline's content model (Tortoise app "models"). Models import nothing of ours."""

from models.api_token import ApiToken
from models.article import (
    PUBLIC_STATUSES,
    UNDECODED_BODY,
    Article,
    ArticleAuthor,
    ArticleStatus,
    ArticleTag,
    visible,
)
from models.audit_entry import AuditEntry
from models.author import Author
from models.caption import Caption, CaptionRole
from models.image import Image
from models.ninjs_source import NinjsSource
from models.persisted_document import PersistedDocument
from models.related_story import RelatedStory
from models.revision import Revision
from models.section import Section
from models.session import Session
from models.slug_alias import SlugAlias
from models.tag import Tag
from models.transactions import install as _install_transactions
from models.user import Role, User

_install_transactions()

__all__ = [
    "PUBLIC_STATUSES",
    "UNDECODED_BODY",
    "ApiToken",
    "Article",
    "ArticleAuthor",
    "ArticleStatus",
    "ArticleTag",
    "AuditEntry",
    "Author",
    "Caption",
    "CaptionRole",
    "Image",
    "NinjsSource",
    "PersistedDocument",
    "RelatedStory",
    "Revision",
    "Role",
    "Section",
    "Session",
    "SlugAlias",
    "Tag",
    "User",
    "visible",
]
