import functools
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

import resolvers.audit
import resolvers.changes
import resolvers.problems
from schema import ids
from schema.info import Info
from schema.mutations import (
    add_related_story,
    change_slug,
    create_api_token,
    create_article,
    create_author,
    create_preview_token,
    create_section,
    create_tag,
    delete_article,
    delete_author,
    delete_image,
    delete_section,
    delete_tag,
    import_ninjs,
    link_section_translation,
    link_translation,
    login,
    logout,
    manage_users,
    move_related_story,
    passwords,
    publish_article,
    purge_article,
    refresh_token,
    remove_related_story,
    replace_image_file,
    restore_article,
    restore_revision,
    revoke_api_token,
    schedule_article,
    set_article_authors,
    set_article_body,
    set_article_tags,
    set_embargo,
    set_lead_image,
    unlink_translation,
    unpublish_article,
    update_article,
    update_author,
    update_image,
    update_section,
    update_tag,
    upload_image,
)
from schema.problems import Problem, from_problem


def _mutation(resolver: Callable[..., Awaitable[Any]]) -> Any:
    """A mutation field that answers an expected failure as its typed result, and writes
    an audit entry however it ends.

    Each mutation module holds its input, its result union and one call: its arguments
    declared as row ids (`schema.ids.ArticleRow`) arrive decoded from their global ids, and
    a `resolvers.problems.Problem` raised on the way (nothing was written) becomes the
    union's matching member here, for every mutation alike. The audit entry names the
    global id the client sent. The resolver's docstring is
    its description in the schema and in GraphiQL.
    """

    rows_of = ids.rows_of(resolver)

    @functools.wraps(resolver)
    async def audited(*args: Any, **kwargs: Any) -> Any:
        try:
            result = await resolver(*args, **rows_of(kwargs))
        except resolvers.problems.Problem as problem:
            result = from_problem(problem)
        except Exception as error:  # refused input, or a failure: logged as well
            await _record(kwargs, error)
            raise
        await _record(kwargs, result)
        if not isinstance(result, Problem):
            # After the write committed: readers get it on their next request.
            context = kwargs["info"].context
            keys = await resolvers.changes.of(context)
            if keys:
                await context.invalidate(keys)
        return result

    return strawberry.mutation(resolver=audited, description=resolver.__doc__)


async def _record(kwargs: dict[str, Any], result: object) -> None:
    info: Info = kwargs["info"]
    # The id acted on, or the email a login named; never a password or a token.
    target = (
        kwargs.get("id")
        or kwargs.get("article_id")
        or kwargs.get("email")
        or getattr(result, "id", "")
    )
    await resolvers.audit.record(
        info.context,
        action=info.field_name,
        target=str(target),
        outcome=type(result).__name__,
    )


@strawberry.type
class Mutation:
    login = _mutation(login.login)
    refresh_token = _mutation(refresh_token.refresh_token)
    logout = _mutation(logout.logout)
    create_user = _mutation(manage_users.create_user)
    update_user = _mutation(manage_users.update_user)
    request_password_reset = _mutation(manage_users.request_password_reset)
    reset_password = _mutation(passwords.reset_password)
    change_password = _mutation(passwords.change_password)
    create_api_token = _mutation(create_api_token.create_api_token)
    revoke_api_token = _mutation(revoke_api_token.revoke_api_token)
    create_article = _mutation(create_article.create_article)
    import_ninjs = _mutation(import_ninjs.import_ninjs)
    update_article = _mutation(update_article.update_article)
    change_slug = _mutation(change_slug.change_slug)
    publish_article = _mutation(publish_article.publish_article)
    unpublish_article = _mutation(unpublish_article.unpublish_article)
    schedule_article = _mutation(schedule_article.schedule_article)
    set_embargo = _mutation(set_embargo.set_embargo)
    delete_article = _mutation(delete_article.delete_article)
    restore_article = _mutation(restore_article.restore_article)
    purge_article = _mutation(purge_article.purge_article)
    restore_revision = _mutation(restore_revision.restore_revision)
    set_article_body = _mutation(set_article_body.set_article_body)
    set_lead_image = _mutation(set_lead_image.set_lead_image)
    set_article_authors = _mutation(set_article_authors.set_article_authors)
    set_article_tags = _mutation(set_article_tags.set_article_tags)
    link_translation = _mutation(link_translation.link_translation)
    link_section_translation = _mutation(link_section_translation.link_section_translation)
    unlink_translation = _mutation(unlink_translation.unlink_translation)
    add_related_story = _mutation(add_related_story.add_related_story)
    move_related_story = _mutation(move_related_story.move_related_story)
    remove_related_story = _mutation(remove_related_story.remove_related_story)
    create_preview_token = _mutation(create_preview_token.create_preview_token)
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
    upload_image = _mutation(upload_image.upload_image)
    replace_image_file = _mutation(replace_image_file.replace_image_file)
