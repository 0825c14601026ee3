"""The revision history: what ``ethos diff --record`` appends to a values file.

An entry names the new version, its effective date and what changed, in every language
of the file (plain text for a file in one language), so ``check`` and ``build`` of the
file still pass and each language's chapter lists the change in its own words.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ..errors import InvalidInputError
from ..system.write import write_atomic
from ..values.load import load_values_text
from ..values.model import ValuesFile
from ..values.validate import validate
from .differences import diff_files


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
    entry = _entry_lines(version, effective.isoformat(), revision_summaries(old, values_file))
    new_text = _with_entry(text, entry, str(path))
    validate(load_values_text(new_text, str(path)))  # never write a file that would not load
    write_atomic(path, new_text.encode("utf-8"))
    return "\n".join(entry)


def _entry_lines(version: str, date: str, summaries: dict[str, str]) -> list[str]:
    """The entry as YAML lines of a block list at the top level: one summary, or one per
    language."""
    entry = [f"  - version: {json.dumps(version)}", f"    date: {date}"]
    if len(summaries) == 1:
        (summary,) = summaries.values()
        entry.append(f"    summary: {json.dumps(summary, ensure_ascii=False)}")
    else:
        entry.append("    summary:")
        entry.extend(
            f"      {language}: {json.dumps(summary, ensure_ascii=False)}"
            for language, summary in summaries.items()
        )
    return entry


def _with_entry(text: str, entry: list[str], filename: str) -> str:
    """The values file's ``text`` with ``entry`` appended to its ``revisions:`` list, at
    that list's indentation, or a new list at the end; every other line as it was."""
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
                load_values_text(text, filename).problem(
                    ("revisions",), "write revisions as a block list (lines starting with `- `)"
                )
            ]
        )
    return "\n".join(lines) + "\n"
