"""What changed between two versions of a values file, and whether employees must sign again.

Changes are computed on declared positions (:mod:`ethos.positions`), not on words: a
stance moved along its scale, a parameter changed, a value was added or removed, the
wording or the contact changed. Each change is *material* (employees must re-acknowledge
the chapter: any stance or parameter change, a value or policy added or removed) or
*editorial* (wording, contact details, version and dates).

Everything a person reads (titles, values, the summary) is in the diff's language: the
catalog's labels and ethos's own words from the message catalogs.
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
from .localization import SOURCE_LANGUAGE, isolate, wording
from .model import ValuesFile
from .positions import FAVOURS, PolicyPosition, Positions, list_separator, policy_keys, positions
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
    language: str = field(default=SOURCE_LANGUAGE, compare=False)
    """The language of ``title``, ``old``, ``new`` and ``direction``."""

    @property
    def materiality(self) -> str:
        """``material`` or ``editorial`` (a key for other tools)."""
        return MATERIAL if self.material else EDITORIAL

    @property
    def materiality_label(self) -> str:
        """``material`` or ``editorial``, as a person reads it in the diff's language."""
        text = wording(self.language)
        # Translators: a change employees must acknowledge again (a column of the report).
        return text.gettext("material") if self.material else text.gettext("editorial")

    def describe(self, *, isolated: bool = False) -> str:
        """One line a person reads: ``Returns · Return window: 30 days → 60 days``.

        ``isolated``: for display, a name or address inside right-to-left text keeps its
        own order (see :meth:`Locale.isolate`); the revision history gets plain text.
        """
        text = wording(self.language)
        shown = (lambda value: isolate(value, self.language)) if isolated else str
        title = {"title": shown(self.title)}
        old, new = (shown(value) if value else value for value in (self.old, self.new))
        if self.kind == "value_reworded":
            return text.gettext("%(title)s: reworded") % title
        if self.old is None:
            line = (
                text.gettext("%(title)s: added (%(new)s)") % {**title, "new": new}
                if self.new
                else text.gettext("%(title)s: added") % title
            )
        elif self.new is None:
            line = (
                text.gettext("%(title)s: removed (was %(old)s)") % {**title, "old": old}
                if self.old
                else text.gettext("%(title)s: removed") % title
            )
        else:
            line = text.gettext("%(title)s: %(old)s → %(new)s") % {
                **title, "old": old or "—", "new": new or "—"
            }  # fmt: skip
        if self.direction:
            return text.gettext("%(change)s (%(direction)s)") % {
                "change": line, "direction": self.direction
            }  # fmt: skip
        return line


@dataclass(frozen=True)
class Diff:
    """Every change between two versions, and what follows from them."""

    company: str
    old_name: str
    new_name: str
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)
    language: str = SOURCE_LANGUAGE
    """The language of everything a person reads in it."""

    @property
    def material(self) -> list[Change]:
        """The changes employees must acknowledge again."""
        return [change for change in self.changes if change.material]

    @property
    def version_unchanged(self) -> bool:
        """Material changes under the same version number: signatures would be ambiguous."""
        return bool(self.material) and self.old_version == self.new_version

    @property
    def title(self) -> str:
        """The report's title: ``Changes to Acme Outfitters's chapter``."""
        return wording(self.language).gettext("Changes to %(company)s's chapter") % {
            "company": isolate(self.company, self.language)
        }

    @property
    def summary(self) -> str:
        """Whether employees must re-acknowledge, and why."""
        text = wording(self.language)
        if not self.changes:
            return text.gettext("No changes.")
        editorial = len(self.changes) - len(self.material)
        if not self.material:
            return text.ngettext(
                "No re-acknowledgment needed: %(num)d editorial change only (wording, contact "
                "or dates).",
                "No re-acknowledgment needed: %(num)d editorial changes only (wording, contact "
                "or dates).",
                editorial,
            ) % {"num": editorial}
        count = len(self.material)
        reasons = self._changes_list(
            [change.describe(isolated=True) for change in self.material], 3
        )
        material = text.ngettext(
            "%(num)d material change (%(reasons)s)", "%(num)d material changes (%(reasons)s)", count
        ) % {"num": count, "reasons": reasons}
        if editorial:
            # Translators: "and 2 editorial [changes]", after "1 material change (...)".
            sentence = text.ngettext(
                "Re-acknowledgment needed: %(material)s and %(num)d editorial.",
                "Re-acknowledgment needed: %(material)s and %(num)d editorial.",
                editorial,
            ) % {"material": material, "num": editorial}
        else:
            sentence = text.gettext("Re-acknowledgment needed: %(material)s.") % {
                "material": material
            }
        version = {"version": self.new_version}
        sentences = [
            sentence,
            text.gettext("Employees must acknowledge version %(version)s.") % version,
        ]
        if self.version_unchanged:
            sentences.append(
                text.gettext(
                    "The version is still %(version)s: raise it, so that each signature names "
                    "the version it acknowledges."
                )
                % version
            )
        summary = sentences[0]
        for following in sentences[1:]:
            # Translators: one sentence after another (no space between them in Chinese).
            summary = text.gettext("%(text)s %(sentence)s") % {
                "text": summary,
                "sentence": following,
            }
        return summary

    def _changes_list(self, described: list[str], shown: int) -> str:
        """The first ``shown`` changes, then how many more there are."""
        text = wording(self.language)
        listed = text.gettext("; ").join(described[:shown])
        if len(described) <= shown:
            return listed
        more = len(described) - shown
        # Translators: ends a list of changes: "...; and 2 more".
        return text.ngettext("%(changes)s; and %(num)d more", "%(changes)s; and %(num)d more",
                             more) % {"changes": listed, "num": more}  # fmt: skip

    def record_summary(self) -> str:
        """A one-line summary for the revision history."""
        text = wording(self.language)
        described = [change.describe() for change in (self.material or self.changes)]
        if not described:
            return text.gettext("No changes.")
        listed = text.gettext("; ").join(described[:4])
        if len(described) > 4:
            # Translators: ends a revision history entry that lists only the first changes.
            return text.gettext("%(changes)s; and more.") % {"changes": listed}
        # Translators: a revision history entry: the changes, as one sentence.
        return text.gettext("%(changes)s.") % {"changes": listed}

    def as_json(self) -> dict[str, Any]:
        """Plain data for other tools."""
        return {
            "company": self.company,
            "language": self.language,
            "old": {"source": self.old_name, "version": self.old_version},
            "new": {"source": self.new_name, "version": self.new_version},
            "reacknowledgment_required": bool(self.material),
            "version_unchanged": self.version_unchanged,
            "summary": self.summary,
            "changes": [
                {**_fields(change), "materiality": change.materiality} for change in self.changes
            ],
        }


def _fields(change: Change) -> dict[str, Any]:
    fields = asdict(change)
    del fields["language"]
    return fields


def diff(old: Source, new: Source, language: str | None = None) -> Diff:
    """Compare two versions of a values file (either may be ``FILE@REV``), in ``language``
    (default: NEW's language)."""
    return diff_files(load_source(old)[1], load_source(new)[1], old.name, new.name, language)


def diff_files(
    old: ValuesFile, new: ValuesFile, old_name: str, new_name: str, language: str | None = None
) -> Diff:
    """Compare two validated values files, in ``language`` (default: NEW's language)."""
    chosen = language or new.document.language.value
    result = Diff(
        new.company.name, old_name, new_name, old.document.version, new.document.version,
        language=chosen,
    )  # fmt: skip
    before, after = positions(old, chosen), positions(new, chosen)
    result.changes.extend(_document_changes(old, new, chosen))
    result.changes.extend(_value_changes(before, after, chosen))
    for key in policy_keys():
        result.changes.extend(
            _policy_changes(key, before.policies.get(key), after.policies.get(key), chosen)
        )
    return result


def _text(value: object, language: str) -> str | None:
    """A value as report text; per-language text in ``language``, or the first given."""
    if value is None:
        return None
    if isinstance(value, dict):
        return str(value.get(language, next(iter(value.values())))) if value else None
    return str(value)


def _document_changes(old: ValuesFile, new: ValuesFile, language: str) -> list[Change]:
    text = wording(language)
    changes = []
    fields = [
        ("document.version", text.gettext("Version"), old.document.version,
         new.document.version),
        ("document.effective_date", text.gettext("Effective date"),
         old.document.effective_date, new.document.effective_date),
        ("document.title", text.gettext("Title"), old.document.title, new.document.title),
        ("company.name", text.gettext("Company name"), old.company.name, new.company.name),
        ("company.legal_name", text.gettext("Legal name"), old.company.legal_name,
         new.company.legal_name),
        ("company.industry", text.gettext("Industry"), old.company.industry,
         new.company.industry),
        ("document.language", text.gettext("Language"), old.document.language,
         new.document.language),
        ("document.translations", text.gettext("Translations"), old.document.translations,
         new.document.translations),
        ("document.authoritative_language", text.gettext("Authoritative language"),
         old.document.authoritative, new.document.authoritative),
        ("document.paper", text.gettext("Paper"), old.document.paper, new.document.paper),
    ]  # fmt: skip
    for path, title, before, after in fields:
        if before != after:
            kind = path.split(".")[-1] + "_changed"
            old_text, new_text = _plain(before, language), _plain(after, language)
            changes.append(Change(kind, path, title, old_text, new_text, False, None, language))
    old_contact = old.company.ethics_contact.model_dump(mode="json")
    new_contact = new.company.ethics_contact.model_dump(mode="json")
    contact_fields = {
        "name": text.gettext("name"),
        "email": text.gettext("email"),
        "phone": text.gettext("telephone"),
        "url": text.gettext("web address"),
    }
    for name in old_contact:
        if old_contact[name] != new_contact[name]:
            title = text.gettext("Ethics contact · %(detail)s") % {
                "detail": contact_fields.get(name, name)
            }
            changes.append(
                Change(
                    "contact_changed",
                    f"company.ethics_contact.{name}",
                    title,
                    _text(old_contact[name], language),
                    _text(new_contact[name], language),
                    False,
                    None,
                    language,
                )
            )
    return changes


def _plain(value: object, language: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        text = wording(language)
        listed = list_separator(text).join(str(getattr(item, "value", item)) for item in value)
        # Translators: a list of languages that is empty.
        return listed or text.gettext("none")
    return _text(getattr(value, "value", value), language)


def _value_changes(before: Positions, after: Positions, language: str) -> list[Change]:
    text = wording(language)
    changes = []

    def title(value: Any) -> str:
        return text.gettext("Value %(title)s") % {"title": value.title}

    for value_id, value in before.values.items():
        if value_id not in after.values:
            changes.append(
                Change(
                    "value_removed",
                    f"values.{value_id}",
                    title(value),
                    value.title,
                    None,
                    True,
                    None,
                    language,
                )
            )
    # Translators: a value's statement is the catalog's, not the company's own.
    catalog_wording = text.gettext("catalog wording")
    for value_id, value in after.values.items():
        previous = before.values.get(value_id)
        if previous is None:
            changes.append(
                Change(
                    "value_added",
                    f"values.{value_id}",
                    title(value),
                    None,
                    value.title,
                    True,
                    None,
                    language,
                )
            )
        elif previous.wording != value.wording:
            changes.append(
                Change(
                    "value_reworded",
                    f"values.{value_id}",
                    title(value),
                    _text(previous.wording.get("statement"), language) or catalog_wording,
                    _text(value.wording.get("statement"), language) or catalog_wording,
                    False,
                    None,
                    language,
                )
            )
    return changes


def _direction(
    key: str, before: PolicyPosition, after: PolicyPosition, language: str
) -> str | None:
    """Whether a new stance is more or less favourable, and to whom."""
    text = wording(language)
    employees = FAVOURS.get(key, "customers") == "employees"
    if after.rank < before.rank:
        return (
            text.gettext("more favourable to employees")
            if employees
            else text.gettext("more favourable to customers")
        )
    if after.rank > before.rank:
        return (
            text.gettext("less favourable to employees")
            if employees
            else text.gettext("less favourable to customers")
        )
    return None


def _policy_changes(
    key: str, before: PolicyPosition | None, after: PolicyPosition | None, language: str
) -> list[Change]:
    text = wording(language)
    title = load_catalog(language).policies[key].title
    path = f"policies.{key}"
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        return [Change("policy_added", path, title, None, after.cell(), True, None, language)]
    if after is None:
        return [Change("policy_removed", path, title, before.cell(), None, True, None, language)]
    changes = []
    if before.stance != after.stance:
        changes.append(
            Change(
                "stance_changed",
                f"{path}.stance",
                title,
                before.label,
                after.label,
                True,
                _direction(key, before, after, language),
                language,
            )
        )
    # Translators: a parameter with no value ("Return window: 30 days → not set").
    not_set = text.gettext("not set")
    for label, old_value in before.parameters.items():
        new_value = after.parameters.get(label, "")
        if old_value != new_value:
            changes.append(
                Change(
                    "parameter_changed",
                    f"{path}.{before.names[label]}",
                    text.gettext("%(policy)s · %(parameter)s")
                    % {"policy": title, "parameter": label},
                    old_value or not_set,
                    new_value or not_set,
                    True,
                    None,
                    language,
                )
            )
    if before.note != after.note:
        changes.append(
            Change(
                "note_changed",
                f"{path}.note",
                text.gettext("%(policy)s · note") % {"policy": title},
                _text(before.note, language),
                _text(after.note, language),
                False,
                None,
                language,
            )
        )
    return changes


def diff_markdown(result: Diff, redline_markdown: str) -> str:
    """The change report: summary, change list and redline, as Markdown in the diff's
    language."""
    from .markdown_text import MarkdownSafe
    from .reports import render_markdown

    # The redline keeps both chapters' heading levels; below the report's own, one deeper.
    shifted = re.sub(r"(?m)^(#{1,5}) ", r"#\1 ", redline_markdown)
    return render_markdown(
        "reports/diff.md.j2", result.language, diff=result, redline=MarkdownSafe(shifted)
    )


def revision_summaries(old: ValuesFile, new: ValuesFile) -> dict[str, str]:
    """The revision history entry for the change from ``old`` to ``new``, in each of
    ``new``'s languages."""
    return {
        language: diff_files(old, new, "", "", language).record_summary()
        for language in new.document.languages()
    }


def record_revision(path: Path, old: ValuesFile, values_file: ValuesFile) -> str:
    """Append what changed from ``old`` to ``revisions:`` in the values file at ``path``
    (loaded as ``values_file``), keeping its layout; dated with its effective date.

    The summary is written in every language of the file: plain text for a file in one
    language, one text per language otherwise, so the chapter has it in each.

    Returns the entry as written. The new text is parsed and validated before the file
    is replaced (atomically); a version already in the history is an error.
    """
    from .load import load_values_text
    from .validate import validate
    from .write import write_atomic

    text = path.read_text(encoding="utf-8")
    effective = values_file.document.effective_date
    version = values_file.document.version
    for index, revision in enumerate(values_file.revisions):
        if revision.version == version:
            document = load_values_text(text, str(path))
            raise InvalidInputError(
                [
                    document.problem(
                        ("revisions", index, "version"),
                        f"the revision history already has version {version} — "
                        "edit that entry, or raise document.version before recording",
                    )
                ]
            )
    summaries = revision_summaries(old, values_file)
    entry = [
        f"  - version: {json.dumps(version)}",
        f"    date: {effective.isoformat()}",
    ]
    if len(summaries) == 1:
        (summary,) = summaries.values()
        entry.append(f"    summary: {json.dumps(summary, ensure_ascii=False)}")
    else:
        entry.append("    summary:")
        entry.extend(
            f"      {language}: {json.dumps(summary, ensure_ascii=False)}"
            for language, summary in summaries.items()
        )
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
