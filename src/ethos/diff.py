"""What changed between two versions of a values file, and whether employees must sign again.

Changes are computed on declared positions (:mod:`ethos.positions`), not on words: a
stance moved along its scale, a parameter changed, a value was added or removed, the
wording or the contact changed. Each change is *material* (employees must re-acknowledge
the chapter: any stance or parameter change, a value or policy added or removed) or
*editorial* (wording, contact details, version and dates).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .build import load_source
from .catalog import load_catalog
from .errors import InvalidInputError
from .localization import SOURCE_LANGUAGE
from .model import ValuesFile
from .positions import FAVOURS, PolicyPosition, Positions, policy_keys, positions
from .sources import Source

MATERIAL, EDITORIAL = "material", "editorial"


@dataclass(frozen=True)
class Change:
    """One change between the old and the new values file."""

    kind: str
    path: str
    title: str
    old: str | None
    new: str | None
    material: bool
    direction: str | None = None

    @property
    def materiality(self) -> str:
        """``material`` or ``editorial``."""
        return MATERIAL if self.material else EDITORIAL

    def describe(self) -> str:
        """One line a person reads: ``Returns · Return window: 30 days → 60 days``."""
        if self.kind == "value_reworded":
            return f"{self.title}: reworded"
        if self.old is None:
            text = f"{self.title}: added" + (f" ({self.new})" if self.new else "")
        elif self.new is None:
            text = f"{self.title}: removed" + (f" (was {self.old})" if self.old else "")
        else:
            text = f"{self.title}: {self.old or '—'} → {self.new or '—'}"
        return f"{text} ({self.direction})" if self.direction else text


@dataclass(frozen=True)
class Diff:
    """Every change between two versions, and what follows from them."""

    company: str
    old_name: str
    new_name: str
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)

    @property
    def material(self) -> list[Change]:
        """The changes employees must acknowledge again."""
        return [change for change in self.changes if change.material]

    @property
    def version_unchanged(self) -> bool:
        """Material changes under the same version number: signatures would be ambiguous."""
        return bool(self.material) and self.old_version == self.new_version

    @property
    def summary(self) -> str:
        """Whether employees must re-acknowledge, and why."""
        if not self.changes:
            return "No changes."
        editorial = len(self.changes) - len(self.material)
        if not self.material:
            return (
                f"No re-acknowledgment needed: {editorial} editorial change"
                f"{'s' if editorial != 1 else ''} only (wording, contact or dates)."
            )
        reasons = "; ".join(change.describe() for change in self.material[:3])
        more = f"; and {len(self.material) - 3} more" if len(self.material) > 3 else ""
        text = (
            f"Re-acknowledgment needed: {len(self.material)} material change"
            f"{'s' if len(self.material) != 1 else ''} ({reasons}{more})"
            f"{f' and {editorial} editorial' if editorial else ''}. Employees must "
            f"acknowledge version {self.new_version}."
        )
        if self.version_unchanged:
            text += (
                f" The version is still {self.new_version}: raise it, so that each "
                "signature names the version it acknowledges."
            )
        return text

    def record_summary(self) -> str:
        """A one-line summary for the revision history."""
        described = [change.describe() for change in (self.material or self.changes)]
        if not described:
            return "No changes."
        return "; ".join(described[:4]) + ("; and more" if len(described) > 4 else "") + "."

    def as_json(self) -> dict[str, Any]:
        """Plain data for other tools."""
        return {
            "company": self.company,
            "old": {"source": self.old_name, "version": self.old_version},
            "new": {"source": self.new_name, "version": self.new_version},
            "reacknowledgment_required": bool(self.material),
            "version_unchanged": self.version_unchanged,
            "summary": self.summary,
            "changes": [
                {**asdict(change), "materiality": change.materiality} for change in self.changes
            ],
        }


def diff(old: Source, new: Source) -> Diff:
    """Compare two versions of a values file (either may be ``FILE@REV``)."""
    return diff_files(load_source(old)[1], load_source(new)[1], old.name, new.name)


def diff_files(old: ValuesFile, new: ValuesFile, old_name: str, new_name: str) -> Diff:
    """Compare two validated values files."""
    result = Diff(new.company.name, old_name, new_name, old.document.version, new.document.version)
    before, after = positions(old), positions(new)
    result.changes.extend(_document_changes(old, new))
    result.changes.extend(_value_changes(before, after))
    for key in policy_keys():
        result.changes.extend(
            _policy_changes(key, before.policies.get(key), after.policies.get(key))
        )
    return result


def _text(value: object) -> str | None:
    """A value as report text; per-language text in the first language given."""
    if value is None:
        return None
    if isinstance(value, dict):
        return str(next(iter(value.values()))) if value else None
    return str(value)


def _document_changes(old: ValuesFile, new: ValuesFile) -> list[Change]:
    changes = []
    fields = [
        ("document.version", "Version", old.document.version, new.document.version),
        ("document.effective_date", "Effective date", old.document.effective_date,
         new.document.effective_date),
        ("document.title", "Title", old.document.title, new.document.title),
        ("company.name", "Company name", old.company.name, new.company.name),
        ("company.legal_name", "Legal name", old.company.legal_name, new.company.legal_name),
        ("company.industry", "Industry", old.company.industry, new.company.industry),
        ("document.language", "Language", old.document.language, new.document.language),
        ("document.translations", "Translations", old.document.translations,
         new.document.translations),
        ("document.authoritative_language", "Authoritative language",
         old.document.authoritative, new.document.authoritative),
        ("document.paper", "Paper", old.document.paper, new.document.paper),
    ]  # fmt: skip
    for path, title, before, after in fields:
        if before != after:
            kind = path.split(".")[-1] + "_changed"
            changes.append(Change(kind, path, title, _plain(before), _plain(after), False))
    old_contact = old.company.ethics_contact.model_dump(mode="json")
    new_contact = new.company.ethics_contact.model_dump(mode="json")
    for name in old_contact:
        if old_contact[name] != new_contact[name]:
            changes.append(
                Change(
                    "contact_changed",
                    f"company.ethics_contact.{name}",
                    f"Ethics contact · {name}",
                    _text(old_contact[name]),
                    _text(new_contact[name]),
                    False,
                )
            )
    return changes


def _plain(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(getattr(item, "value", item)) for item in value) or "none"
    return _text(getattr(value, "value", value))


def _value_changes(before: Positions, after: Positions) -> list[Change]:
    changes = []
    for value_id, value in before.values.items():
        if value_id not in after.values:
            changes.append(
                Change(
                    "value_removed",
                    f"values.{value_id}",
                    f"Value {value.title}",
                    value.title,
                    None,
                    True,
                )
            )
    for value_id, value in after.values.items():
        previous = before.values.get(value_id)
        if previous is None:
            changes.append(
                Change(
                    "value_added",
                    f"values.{value_id}",
                    f"Value {value.title}",
                    None,
                    value.title,
                    True,
                )
            )
        elif previous.wording != value.wording:
            changes.append(
                Change(
                    "value_reworded",
                    f"values.{value_id}",
                    f"Value {value.title}",
                    _text(previous.wording.get("statement")) or "catalog wording",
                    _text(value.wording.get("statement")) or "catalog wording",
                    False,
                )
            )
    return changes


def _policy_changes(
    key: str, before: PolicyPosition | None, after: PolicyPosition | None
) -> list[Change]:
    title = load_catalog(SOURCE_LANGUAGE).policies[key].title
    path = f"policies.{key}"
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        return [Change("policy_added", path, title, None, after.cell(), True)]
    if after is None:
        return [Change("policy_removed", path, title, before.cell(), None, True)]
    changes = []
    if before.stance != after.stance:
        favours = FAVOURS.get(key, "customers")
        direction = (
            f"more favourable to {favours}"
            if after.rank < before.rank
            else f"less favourable to {favours}"
            if after.rank > before.rank
            else None
        )
        changes.append(
            Change(
                "stance_changed",
                f"{path}.stance",
                title,
                before.label,
                after.label,
                True,
                direction,
            )
        )
    for label, old_value in before.parameters.items():
        new_value = after.parameters.get(label, "")
        if old_value != new_value:
            changes.append(
                Change(
                    "parameter_changed",
                    f"{path}.{label.lower().replace(' ', '_')}",
                    f"{title} · {label}",
                    old_value or "not set",
                    new_value or "not set",
                    True,
                )
            )
    if before.note != after.note:
        changes.append(
            Change(
                "note_changed",
                f"{path}.note",
                f"{title} · note",
                _text(before.note),
                _text(after.note),
                False,
            )
        )
    return changes


def diff_markdown(result: Diff, redline_markdown: str) -> str:
    """The change report: summary, change list and redline, as Markdown."""
    from .markdown_text import MarkdownSafe
    from .reports import render_markdown

    # The redline keeps both chapters' heading levels; below the report's own, one deeper.
    shifted = re.sub(r"(?m)^(#{1,5}) ", r"#\1 ", redline_markdown)
    return render_markdown("reports/diff.md.j2", diff=result, redline=MarkdownSafe(shifted))


def record_revision(path: Path, result: Diff, values_file: ValuesFile) -> str:
    """Append the diff's summary to ``revisions:`` in the values file at ``path`` (loaded
    as ``values_file``), keeping its layout; dated with its effective date.

    Returns the entry as written. The new text is parsed and validated before the file
    is replaced (atomically); a version already in the history is an error.
    """
    from .load import load_values_text
    from .validate import validate
    from .write import write_atomic

    text = path.read_text(encoding="utf-8")
    effective = values_file.document.effective_date
    for index, revision in enumerate(values_file.revisions):
        if revision.version == result.new_version:
            document = load_values_text(text, str(path))
            raise InvalidInputError(
                [
                    document.problem(
                        ("revisions", index, "version"),
                        f"the revision history already has version {result.new_version} — "
                        "edit that entry, or raise document.version before recording",
                    )
                ]
            )
    entry = [
        f"  - version: {json.dumps(result.new_version)}",
        f"    date: {effective.isoformat()}",
        f"    summary: {json.dumps(result.record_summary(), ensure_ascii=False)}",
    ]
    root = yaml.compose(text)
    lines = text.splitlines()
    existing = (
        next((value for key, value in root.value if key.value == "revisions"), None)
        if isinstance(root, yaml.MappingNode)
        else None
    )
    if isinstance(existing, yaml.SequenceNode) and existing.value and not existing.flow_style:
        end = existing.end_mark.line
        if end < len(lines) and lines[end][: existing.end_mark.column].strip():
            end += 1
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        indent = existing.value[0].start_mark.column - 2
        lines[end:end] = [" " * indent + line[2:] if indent >= 0 else line for line in entry]
    elif existing is None:
        lines += ["", "revisions:", *entry]
    else:
        raise InvalidInputError(
            [
                load_values_text(text, str(path)).problem(
                    ("revisions",), "write revisions as a block list (lines starting with `- `)"
                )
            ]
        )
    new_text = "\n".join(lines) + "\n"
    validate(load_values_text(new_text, str(path)))  # never write a file that would not load
    write_atomic(path, new_text.encode("utf-8"))
    return "\n".join(entry)
