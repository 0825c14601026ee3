"""``ethos diff`` as one library call: what changed between two versions of a values
file, and whether employees must sign again, with the report files and the revision.

:func:`diff_versions` reads both versions once (either may be ``FILE@REV``), computes the
diff in each language asked for (:mod:`ethos.changes.differences`), writes each
language's change report with the chapter's redline (:mod:`ethos.changes.redline`), and
records the change in the new file's revision history (:mod:`ethos.changes.revisions`).
It returns all of it as data; the command only prints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..chapter.markdown_text import MarkdownSafe
from ..errors import OutputError
from ..system.write import slugify
from ..values.load import LoadedDocument
from ..values.loading import load_source
from ..values.model import ValuesFile
from ..values.sources import Source
from ..values.template_dirs import template_directories
from .change_set import Diff
from .differences import diff_files
from .redline import chapter_redline
from .reports import ReportFiles, render_markdown, write_report
from .revisions import record_revision


@dataclass(frozen=True)
class DiffReport:
    """What ``ethos diff`` makes: the diff in each language, its files, the revision."""

    diffs: list[Diff]
    """One per language asked for, in that order."""
    written: list[Path]
    """The report files written, language by language."""
    recorded: str | None = None
    """The entry appended to the new file's ``revisions:``, when asked to record it."""


def diff(old: Source, new: Source, language: str | None = None) -> Diff:
    """Compare two versions of a values file (either may be ``FILE@REV``), in ``language``
    (default: NEW's language)."""
    return diff_versions(old, new, languages=[language] if language else None).diffs[0]


def diff_versions(
    old: Source,
    new: Source,
    *,
    languages: Sequence[str] | None = None,
    reports: ReportFiles | None = None,
    record: bool = False,
) -> DiffReport:
    """Compare two versions of a values file (either may be ``FILE@REV``) in each of
    ``languages`` (default: NEW's language).

    Writes the change report with the redline of the chapter, per language and format of
    ``reports``, as ``OUT/<company>/changes-<old>-to-<new>.<language>.<fmt>``. ``record``
    then appends the change to NEW's ``revisions:`` in every language of NEW
    (:func:`ethos.changes.revisions.record_revision`); NEW must be a file on disk.

    Raises:
        OutputError: ``record`` with NEW at a git revision, which ethos cannot write to.
    """
    if record and not new.in_working_tree:
        raise OutputError(f"cannot record the revision in {new.name}: it is not a file on disk")
    before, after = load_source(old), load_source(new)
    diffs = [
        diff_files(before[1], after[1], old.name, new.name, language)
        for language in languages or [after[1].document.language.value]
    ]
    # The redline reads the new version's templates: those of a file on disk only.
    directories = (
        template_directories(new.path, after[1], (), after[0]) if new.in_working_tree else []
    )
    written: list[Path] = []
    if reports is not None and reports.formats:
        for result in diffs:
            written += write_report(
                _report_markdown(result, before, after, directories),
                reports,
                title=result.title,
                language=result.language,
                folder=slugify(result.company),
                stem=f"changes-{slugify(result.old_version)}-to-{slugify(result.new_version)}",
            )
    recorded = record_revision(new.path, before[1], after[1]) if record else None
    return DiffReport(diffs, written, recorded)


def _report_markdown(
    result: Diff,
    old: tuple[LoadedDocument, ValuesFile],
    new: tuple[LoadedDocument, ValuesFile],
    template_dirs: Sequence[Path],
) -> str:
    """The change report in the diff's language, with the redline in the same language."""
    return diff_markdown(result, chapter_redline(old, new, result.language, template_dirs))


def diff_markdown(result: Diff, redline_markdown: str) -> str:
    """The change report: summary, change list and redline, as Markdown in the diff's
    language."""
    # The redline keeps both chapters' heading levels; below the report's own, one deeper.
    shifted = re.sub(r"(?m)^(#{1,5}) ", r"#\1 ", redline_markdown)
    return render_markdown(
        "reports/diff.md.j2", result.language, diff=result, redline=MarkdownSafe(shifted)
    )
