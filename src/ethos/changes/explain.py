"""Where each effective value and stance of a values file comes from.

For a file that ``extends`` a group file, every value and policy is either the file's
own, the group's (inherited), the file's own overriding the group's, or the group's
and locked. ``ethos explain`` prints this, with the file and line of each, in the
language it is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..values.load import LoadedDocument
from ..values.loading import load_located
from ..values.yaml_nodes import KeyPath, dotted
from ..wording.localization import SOURCE_LANGUAGE, wording
from .positions import positions

OWN, INHERITED, OVERRIDES, LOCKED = "own", "inherited", "overrides", "locked"


@dataclass(frozen=True)
class Origin:
    """One effective setting and where it was written."""

    key: str
    effective: str
    source: str
    how: str
    """``own``, ``inherited``, ``overrides <file:line>``, or ``locked by <file:line>``, in
    the language asked for."""
    kind: str = OWN
    """``own``, ``inherited``, ``overrides`` or ``locked``, in any language."""


def explain(path: Path, language: str = SOURCE_LANGUAGE) -> list[Origin]:
    """Every chosen value and stated policy of ``path``, with the file and line it is from,
    worded in ``language``."""
    document, values_file = load_located(path)
    declared = positions(values_file, language)

    def how(kind: str, where: str = "") -> tuple[str, str]:
        return _label(kind, where, language), kind

    rows = []
    values_path: KeyPath = ("values",)
    for index, entry in enumerate(values_file.value_entries()):
        item: KeyPath = ("values", index)
        lock = document.locks.get(("values", entry.id))
        group_has = document.group is not None and _has_value(document.group, entry.id)
        title = declared.values[entry.id].title
        shown = how(*_how(document, values_path, lock, group_has))
        rows.append(Origin(f"values: {entry.id}", title, document.where(item), *shown))
    for key, position in declared.policies.items():
        policy_path: KeyPath = ("policies", key)
        lock = document.locks.get(policy_path)
        group_has = document.group is not None and _has_policy(document.group, key)
        shown = how(*_how(document, policy_path, lock, group_has))
        where = document.where(policy_path)
        rows.append(Origin(f"policies.{key}", position.cell(), where, *shown))
    rows.extend(_section_rows(document, how, language))
    for section in ("company", "document"):
        data = document.data.get(section)
        if not isinstance(data, dict):
            continue
        for name, value in data.items():
            key_path: KeyPath = (section, name)
            if document.origin(key_path) is not document:
                effective = value if isinstance(value, str) else str(value)
                where = document.where(key_path)
                rows.append(Origin(f"{section}.{name}", effective, where, *how(INHERITED)))
    return rows


def _section_rows(
    document: LoadedDocument, how: Callable[[str, str], tuple[str, str]], language: str
) -> list[Origin]:
    """The foreword, each added and each replaced section: own, inherited or overriding."""
    sections = document.data.get("sections")
    if not isinstance(sections, dict):
        return []
    group = document.group.data.get("sections") if document.group is not None else None
    group_sections = group if isinstance(group, dict) else {}
    parts: list[tuple[KeyPath, str, bool]] = []
    if sections.get("foreword") is not None:
        parts.append((("sections", "foreword"), "", "foreword" in group_sections))
    group_added = group_sections.get("added")
    group_ids = {
        item.get("id") for item in group_added or [] if isinstance(item, dict)
    } if isinstance(group_added, list) else set()  # fmt: skip
    for index, item in enumerate(sections.get("added") or []):
        section_id = str(item.get("id")) if isinstance(item, dict) else ""
        parts.append((("sections", "added", index), section_id, section_id in group_ids))
    group_replaced = group_sections.get("replaced")
    for name in sections.get("replaced") or {}:
        group_has = isinstance(group_replaced, dict) and name in group_replaced
        parts.append((("sections", "replaced", name), "", group_has))
    rows = []
    for path, section_id, group_has in parts:
        kind, where = _how(document, path, None, group_has)
        if kind == OVERRIDES and section_id and document.group is not None:
            where = document.group.where(("sections", "added"))  # the list is taken whole
        key = f"sections.added: {section_id}" if section_id else dotted(path)
        rows.append(
            Origin(
                key,
                _title(_at(document.data, path), language),
                document.where(path),
                *how(kind, where),
            )
        )
    return rows


def _at(data: object, path: KeyPath) -> object:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _title(part: object, language: str) -> str:
    """A section's title as written, in ``language`` when the file has it there (else in
    the first language it is written in)."""
    title = part.get("title") if isinstance(part, dict) else None
    if isinstance(title, dict):
        title = title.get(language, next(iter(title.values()), None))
    return str(title) if title else "—"


def _has_value(group: LoadedDocument, value_id: str) -> bool:
    values = group.data.get("values")
    return isinstance(values, list) and any(
        (item.get("id") if isinstance(item, dict) else item) == value_id for item in values
    )


def _has_policy(group: LoadedDocument, key: str) -> bool:
    policies = group.data.get("policies")
    return isinstance(policies, dict) and key in policies


def _label(kind: str, where: str, language: str) -> str:
    """How a setting got its value, as a person reads it in ``language``."""
    text = wording(language)
    if kind == LOCKED:
        return text.gettext("locked by %(file)s") % {"file": where}
    if kind == OVERRIDES:
        return text.gettext("overrides %(where)s") % {"where": where}
    return text.gettext("inherited") if kind == INHERITED else text.gettext("own")


def _how(
    document: LoadedDocument, path: KeyPath, lock: LoadedDocument | None, group_has: bool
) -> tuple[str, str]:
    """The kind of origin, and the file (and line) it names."""
    if lock is not None:
        return LOCKED, lock.filename
    if document.origin(path) is not document:
        return INHERITED, ""
    if group_has and document.group is not None:
        return OVERRIDES, document.group.where(path)
    return OWN, ""
