"""Reports for the people who maintain values files: Markdown, HTML and PDF files.

A report is Markdown from a template in ``templates/reports/``; HTML and PDF are made
from it with the chapter's stylesheet, exactly as the chapter's are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from babel.support import NullTranslations

from .localization import Locale, report_typesetting
from .resources import builtin_templates_dir
from .templating import Templates
from .write import confined_path, write_atomic

REPORT_FORMATS = ("md", "html", "pdf")


def render_markdown(template: str, **context: Any) -> str:
    """A report template expanded to Markdown (values escaped as in the chapter)."""
    templates = Templates((), NullTranslations(), filters=Locale("en").filters())
    text = templates.render_markdown(template, **context)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def write_report(
    markdown: str,
    *,
    title: str,
    out_dir: Path,
    folder: str,
    stem: str,
    formats: Sequence[str],
    landscape: bool = False,
) -> list[Path]:
    """Write a report as ``OUT/<folder>/<stem>.<fmt>``; everything is rendered first."""
    from .render_html import render_report

    rendered: dict[str, bytes] = {}
    if "md" in formats:
        rendered["md"] = markdown.encode("utf-8")
    if "html" in formats or "pdf" in formats:
        html = render_report(title, markdown, landscape=landscape)
        if "html" in formats:
            rendered["html"] = html.encode("utf-8")
        if "pdf" in formats:
            from .render_pdf import render_pdf

            rendered["pdf"] = render_pdf(
                html, [builtin_templates_dir()], language="en", setup=report_typesetting()
            )
    written = []
    for fmt in REPORT_FORMATS:
        if fmt in rendered:
            target = confined_path(out_dir, folder, f"{stem}.{fmt}")
            write_atomic(target, rendered[fmt])
            written.append(target)
    return written
