"""Who may do what: the newsroom roles in rank order, as docs/permissions.md lays them out.

Writers write their own drafts and read everything internal (drafts, revisions, editor
notes, the picture library); editors also publish, keep the trash and the shared records
(sections, authors, tags, pictures); admins also purge, and manage accounts, API tokens and
the audit log. Every role check in resolvers/ is one of these calls, and
tests/test_permissions.py runs the document's table against the server.
"""

import models
from resolvers import errors, problems
from resolvers.context import Context

WRITER, EDITOR, ADMIN = models.Role.WRITER, models.Role.EDITOR, models.Role.ADMIN
_RANK = {WRITER: 1, EDITOR: 2, ADMIN: 3}


def holds(user: models.User | None, role: models.Role) -> bool:
    """The account has `role` or a higher one."""
    return user is not None and _RANK[user.role] >= _RANK[role]


def to_write(ctx: Context, role: models.Role, refusal: str) -> models.User:
    """The signed-in account if it holds `role`; else the mutation's ForbiddenError.

    Called before any lookup, so the unsigned learn nothing about which ids exist.
    """
    user = ctx.viewer.user
    if user is None or not holds(user, role):
        raise problems.Forbidden(refusal)
    return user


def to_read(ctx: Context, role: models.Role, refusal: str) -> models.User:
    """The signed-in account if it holds `role`; else a FORBIDDEN error on the field."""
    user = ctx.viewer.user
    if user is None or not holds(user, role):
        raise errors.Forbidden(refusal)
    return user


def check(user: models.User, role: models.Role, refusal: str) -> None:
    """For an account already signed in, once the record it acts on is known to exist."""
    if not holds(user, role):
        raise problems.Forbidden(refusal)


def may_edit(user: models.User, article: models.Article) -> None:
    """A writer edits only their own drafts; editors and admins edit any article."""
    if user.role == WRITER and (
        article.created_by_id != user.id or article.status != models.ArticleStatus.DRAFT
    ):
        raise problems.Forbidden("Writers edit their own drafts only.")
