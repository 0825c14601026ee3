"""Where each effective value and stance of a values file comes from.

For a file that ``extends`` a group file, every value and policy is either the file's
own, the group's (inherited), the file's own overriding the group's, or the group's
and locked. ``ethos explain`` prints this, with the file and line of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .build import load_located
from .load import KeyPath, LoadedDocument
from .positions import positions


@dataclass(frozen=True)
class Origin:
    """One effective setting and where it was written."""

    key: str
    effective: str
    source: str
    how: str
    """``own``, ``inherited``, ``overrides <file:line>``, or ``locked by <file:line>``."""


def explain(path: Path) -> list[Origin]:
    """Every chosen value and stated policy of ``path``, with the file and line it is from."""
    document, values_file = load_located(path)
    declared = positions(values_file)
    rows = []
    values_path: KeyPath = ("values",)
    for index, entry in enumerate(values_file.value_entries()):
        item: KeyPath = ("values", index)
        lock = document.locks.get(("values", entry.id))
        group_has = document.group is not None and _has_value(document.group, entry.id)
        how = _how(document, values_path, lock, group_has)
        title = declared.values[entry.id].title
        rows.append(Origin(f"values: {entry.id}", title, document.where(item), how))
    for key, position in declared.policies.items():
        policy_path: KeyPath = ("policies", key)
        lock = document.locks.get(policy_path)
        group_has = document.group is not None and _has_policy(document.group, key)
        how = _how(document, policy_path, lock, group_has)
        rows.append(Origin(f"policies.{key}", position.cell(), document.where(policy_path), how))
    for section in ("company", "document"):
        data = document.data.get(section)
        if not isinstance(data, dict):
            continue
        for name, value in data.items():
            key_path: KeyPath = (section, name)
            if document.origin(key_path) is not document:
                shown = value if isinstance(value, str) else str(value)
                rows.append(
                    Origin(f"{section}.{name}", shown, document.where(key_path), "inherited")
                )
    return rows


def _has_value(group: LoadedDocument, value_id: str) -> bool:
    values = group.data.get("values")
    return isinstance(values, list) and any(
        (item.get("id") if isinstance(item, dict) else item) == value_id for item in values
    )


def _has_policy(group: LoadedDocument, key: str) -> bool:
    policies = group.data.get("policies")
    return isinstance(policies, dict) and key in policies


def _how(
    document: LoadedDocument, path: KeyPath, lock: LoadedDocument | None, group_has: bool
) -> str:
    if lock is not None:
        return f"locked by {lock.filename}"
    if document.origin(path) is not document:
        return "inherited"
    if group_has and document.group is not None:
        return f"overrides {document.group.where(path)}"
    return "own"
