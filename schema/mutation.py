import functools
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

import resolvers.audit
from schema.info import Info
from schema.mutations import (
    api_tokens,
    articles,
    bodies,
    create_author,
    create_section,
    create_tag,
    delete_author,
    delete_image,
    delete_section,
    delete_tag,
    login,
    logout,
    refresh_token,
    update_author,
    update_image,
    update_section,
    update_tag,
)


def _mutation(resolver: Callable[..., Awaitable[Any]]) -> Any:
    """A mutation field that writes an audit entry however it ends.

    The resolver's docstring is its description in the schema and in GraphiQL.
    """

    @functools.wraps(resolver)
    async def audited(*args: Any, **kwargs: Any) -> Any:
        info: Info = kwargs["info"]
        result = await resolver(*args, **kwargs)
        # The id acted on, or the email a login named; never a password or a token.
        target = kwargs.get("id") or kwargs.get("email") or getattr(result, "id", "")
        await resolvers.audit.record(
            info.context,
            action=info.field_name,
            target=str(target),
            outcome=type(result).__name__,
        )
        return result

    return strawberry.mutation(resolver=audited, description=resolver.__doc__)


@strawberry.type
class Mutation:
    login = _mutation(login.login)
    refresh_token = _mutation(refresh_token.refresh_token)
    logout = _mutation(logout.logout)
    create_api_token = _mutation(api_tokens.create_api_token)
    revoke_api_token = _mutation(api_tokens.revoke_api_token)
    create_article = _mutation(articles.create_article)
    update_article = _mutation(articles.update_article)
    change_slug = _mutation(articles.change_slug)
    publish_article = _mutation(articles.publish_article)
    unpublish_article = _mutation(articles.unpublish_article)
    schedule_article = _mutation(articles.schedule_article)
    delete_article = _mutation(articles.delete_article)
    restore_article = _mutation(articles.restore_article)
    purge_article = _mutation(articles.purge_article)
    restore_revision = _mutation(articles.restore_revision)
    set_article_body = _mutation(bodies.set_article_body)
    set_lead_image = _mutation(bodies.set_lead_image)
    create_section = _mutation(create_section.create_section)
    update_section = _mutation(update_section.update_section)
    delete_section = _mutation(delete_section.delete_section)
    create_author = _mutation(create_author.create_author)
    update_author = _mutation(update_author.update_author)
    delete_author = _mutation(delete_author.delete_author)
    create_tag = _mutation(create_tag.create_tag)
    update_tag = _mutation(update_tag.update_tag)
    delete_tag = _mutation(delete_tag.delete_tag)
    update_image = _mutation(update_image.update_image)
    delete_image = _mutation(delete_image.delete_image)
