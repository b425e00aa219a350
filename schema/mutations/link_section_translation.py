"""linkSectionTranslation: a section becomes a language version of another."""

from resolvers import section_edits
from schema import ids
from schema.info import Info
from schema.mutations.create_section import SectionWriteResult
from schema.section import Section


async def link_section_translation(
    info: Info, id: ids.SectionRow, expected_version: int, translation_of: ids.SectionRow
) -> SectionWriteResult:
    """Editors. Makes the section a language version of `translationOf` (one per locale)."""
    row = await section_edits.link(
        info.context,
        section_id=id,
        expected_version=expected_version,
        translation_of=translation_of,
    )
    return Section.from_row(row)
