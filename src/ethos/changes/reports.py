"""Reports for the people who maintain values files: Markdown, HTML and PDF files.

A report is Markdown from a template in ``templates/reports/``; HTML and PDF are made
from it with the chapter's stylesheet, exactly as the chapter's are. Like the chapter, a
report is written in one language and has one file per language:
``<stem>.<language>.<fmt>``, wholly in that language (its strings come from the same
message catalogs), right to left in Urdu.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..chapter.templating import Templates
from ..resources import builtin_templates_dir
from ..system.write import confined_path, write_atomic
from ..wording.localization import Locale, report_typesetting

REPORT_FORMATS = ("md", "html", "pdf")
WORD = "docx"
"""A diff's redline for Word: the new chapter with tracked changes
(:mod:`ethos.changes.word_redline`), written beside the report."""


@dataclass(frozen=True)
class ReportFiles:
    """Which report files a comparison or a diff writes, and under which directory."""

    out_dir: Path
    formats: tuple[str, ...]
    """Some of :data:`REPORT_FORMATS` (and :data:`WORD` for a diff); none writes nothing."""

    def __post_init__(self) -> None:
        unknown = [fmt for fmt in self.formats if fmt not in (*REPORT_FORMATS, WORD)]
        if unknown:
            raise ValueError(f"a report is {', '.join(REPORT_FORMATS)}, not {unknown[0]}")


def render_markdown(template: str, language: str, **context: Any) -> str:
    """A report template expanded to Markdown in ``language`` (values escaped as in the
    chapter)."""
    locale = Locale(language)
    templates = Templates((), locale.translations, filters=locale.filters())
    text = templates.render_markdown(template, **context)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def write_report(
    markdown: str,
    files: ReportFiles,
    *,
    title: str,
    language: str,
    folder: str,
    stem: str,
    landscape: bool = False,
    plain: str | None = None,
    figures: dict[str, str] | None = None,
) -> list[Path]:
    """Write a report in ``language`` as ``OUT/<folder>/<stem>.<language>.<fmt>``, one
    file per format of ``files``; everything is rendered first.

    ``plain``: the ``.md`` file's text when it differs from the ``markdown`` the HTML and
    PDF are made from (a redline: no inline HTML in the file a reader opens).
    ``figures``: ethos's own SVG for each stand-in paragraph of the HTML and PDF.
    """
    formats = files.formats
    from ..render.html import render_report

    rendered: dict[str, bytes] = {}
    if "md" in formats:
        rendered["md"] = (markdown if plain is None else plain).encode("utf-8")
    if "html" in formats or "pdf" in formats:
        html = render_report(
            title, markdown, language=language, landscape=landscape, figures=figures or {}
        )
        if "html" in formats:
            rendered["html"] = html.encode("utf-8")
        if "pdf" in formats:
            from ..render.pdf import render_pdf

            rendered["pdf"] = render_pdf(
                html,
                [builtin_templates_dir()],
                language=language,
                setup=report_typesetting(language),
            )
    written = []
    for fmt in REPORT_FORMATS:
        if fmt in rendered:
            target = confined_path(files.out_dir, folder, f"{stem}.{language}.{fmt}")
            write_atomic(target, rendered[fmt])
            written.append(target)
    return written
