"""linkSectionTranslation: a section becomes a language version of another."""

import strawberry

from resolvers import section_edits
from schema import ids
from schema.info import Info
from schema.mutations.create_section import SectionWriteResult
from schema.section import Section


async def link_section_translation(
    info: Info, id: strawberry.ID, expected_version: int, translation_of: strawberry.ID
) -> SectionWriteResult:
    """Editors. Makes the section a language version of `translationOf` (one per locale)."""
    row = await section_edits.link(
        info.context,
        section_id=ids.row_id(id, "Section") or 0,
        expected_version=expected_version,
        translation_of=ids.row_id(translation_of, "Section") or 0,
    )
    return Section.from_row(row)
