"""Reports for the people who maintain values files: Markdown, HTML and PDF files.

A report is Markdown from a template in ``templates/reports/``; HTML and PDF are made
from it with the chapter's stylesheet, exactly as the chapter's are. Like the chapter, a
report is written in one language and has one file per language:
``<stem>.<language>.<fmt>``, wholly in that language (its strings come from the same
message catalogs), right to left in Urdu.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..chapter.templating import Templates
from ..resources import builtin_templates_dir
from ..system.write import confined_path, write_atomic
from ..wording.localization import Locale, report_typesetting

REPORT_FORMATS = ("md", "html", "pdf")


def render_markdown(template: str, language: str, **context: Any) -> str:
    """A report template expanded to Markdown in ``language`` (values escaped as in the
    chapter)."""
    locale = Locale(language)
    templates = Templates((), locale.translations, filters=locale.filters())
    text = templates.render_markdown(template, **context)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def write_report(
    markdown: str,
    *,
    title: str,
    language: str,
    out_dir: Path,
    folder: str,
    stem: str,
    formats: Sequence[str],
    landscape: bool = False,
) -> list[Path]:
    """Write a report in ``language`` as ``OUT/<folder>/<stem>.<language>.<fmt>``;
    everything is rendered first."""
    from ..render.html import render_report

    rendered: dict[str, bytes] = {}
    if "md" in formats:
        rendered["md"] = markdown.encode("utf-8")
    if "html" in formats or "pdf" in formats:
        html = render_report(title, markdown, language=language, landscape=landscape)
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
            target = confined_path(out_dir, folder, f"{stem}.{language}.{fmt}")
            write_atomic(target, rendered[fmt])
            written.append(target)
    return written
