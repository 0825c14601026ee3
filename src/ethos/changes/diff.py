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
from ..system.write import confined_path, slugify, write_atomic
from ..values.loading import load_source
from ..values.logo import read_logo
from ..values.sources import Source
from ..values.template_dirs import template_directories
from .change_set import Diff
from .differences import diff_files
from .redline import redline, redline_chapters
from .redline_plain import plain_markdown
from .reports import REPORT_FORMATS, WORD, ReportFiles, render_markdown, write_report
from .revisions import record_revision
from .word_redline import word_redline


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
    ``reports``, as ``OUT/<company>/changes-<old>-to-<new>.<language>.<fmt>``; ``docx``
    is the new chapter with the changes as Word's tracked changes. ``record``
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
        logo = read_logo(new.path, after[1], after[0]) if new.in_working_tree else None
        for result in diffs:
            folder = slugify(result.company)
            stem = f"changes-{slugify(result.old_version)}-to-{slugify(result.new_version)}"
            old_chapter, new_chapter = redline_chapters(before, after, result.language, directories)
            marked = redline(old_chapter.markdown, new_chapter.markdown, language=result.language)
            if any(fmt in REPORT_FORMATS for fmt in reports.formats):
                written += write_report(
                    diff_markdown(result, marked),
                    reports,
                    title=result.title,
                    language=result.language,
                    folder=folder,
                    stem=stem,
                    plain=diff_markdown(result, plain_markdown(marked), plain=True),
                )
            if WORD in reports.formats:
                # Rendered before anything is written: a failure leaves no half a report.
                target = confined_path(reports.out_dir, folder, f"{stem}.{result.language}.{WORD}")
                write_atomic(target, word_redline(old_chapter, new_chapter, logo))
                written.append(target)
    recorded = record_revision(new.path, before[1], after[1]) if record else None
    return DiffReport(diffs, written, recorded)


def diff_markdown(result: Diff, redline_markdown: str, *, plain: bool = False) -> str:
    """The change report: summary, change list and redline, as Markdown in the diff's
    language; ``plain``: the redline is :func:`~ethos.changes.redline_plain.plain_markdown`'s
    (the legend then says how it marks changes)."""
    # The redline keeps both chapters' heading levels; below the report's own, one deeper.
    shifted = re.sub(r"(?m)^(#{1,5}) ", r"#\1 ", redline_markdown)
    return render_markdown(
        "reports/diff.md.j2",
        result.language,
        diff=result,
        redline=MarkdownSafe(shifted),
        plain=plain,
    )
