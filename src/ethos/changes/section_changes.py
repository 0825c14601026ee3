"""What changed in the company's own sections (values file ``sections:``): its foreword,
the sections it added and the built-in sections whose body it wrote.

A section added or removed, or a built-in body replaced or restored, is *material*: it may
hold rules employees must acknowledge. A section reworded, and anything about the
foreword, is *editorial*. The text itself shows in the redline, as all company text does.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..values.model import ValuesFile
from ..wording.localization import wording
from .change_set import Change


def _text(value: object, language: str) -> str | None:
    """Per-language text in ``language`` (or the first given); plain text as it is."""
    if isinstance(value, dict):
        return str(value.get(language, next(iter(value.values())))) if value else None
    return None if value is None else str(value)


def section_changes(old: ValuesFile, new: ValuesFile, language: str) -> list[Change]:
    """The foreword and every added or replaced section that changed, in ``language``."""
    text = wording(language)
    changes: list[Change] = []
    before, after = old.sections.foreword, new.sections.foreword
    if before != after:
        # Translators: the heading of a company's foreword, and its entry in a change report.
        title = text.gettext("Foreword")
        kind, old_text, new_text = (
            ("foreword_added", None, None) if before is None else
            ("foreword_removed", "", None) if after is None else
            ("foreword_reworded", "", "")
        )  # fmt: skip
        changes.append(
            Change(kind, "sections.foreword", title, old_text, new_text, False, None, language)
        )
    added_before = {section.id: section for section in old.sections.added}
    added_after = {section.id: section for section in new.sections.added}
    for section_id in [*added_before, *(key for key in added_after if key not in added_before)]:
        changes.extend(
            _part_changes(
                f"sections.added.{section_id}",
                added_before.get(section_id),
                added_after.get(section_id),
                language,
                section_id,
            )
        )
    replaced_before, replaced_after = old.sections.replaced, new.sections.replaced
    for name in [*replaced_before, *(key for key in replaced_after if key not in replaced_before)]:
        changes.extend(
            _part_changes(
                f"sections.replaced.{name}",
                replaced_before.get(name),
                replaced_after.get(name),
                language,
                name,
            )
        )
    return changes


def _part_changes(
    path: str, before: BaseModel | None, after: BaseModel | None, language: str, name: str
) -> list[Change]:
    """One section's change: added or removed (material), or reworded (editorial)."""
    if before == after:
        return []
    text = wording(language)
    shown = after if after is not None else before
    title = _text(getattr(shown, "title", None), language) or name
    # Translators: a section of the chapter the company wrote itself, in a change report.
    label = text.gettext("Section %(title)s") % {"title": title}
    if before is None:
        return [Change("section_added", path, label, None, None, True, None, language)]
    if after is None:
        return [Change("section_removed", path, label, "", None, True, None, language)]
    return [Change("section_reworded", path, label, "", "", False, None, language)]
