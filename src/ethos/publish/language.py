"""One language of a build: its chapter composed, then rendered in each requested format.

This is the unit of work a parallel build hands to its worker processes (one language of
one values file, every format of it: the chapter is composed once for all of them), and
the step a build in one process takes for each language in turn. Both run this code, so
a file built in parallel is byte for byte the file built in sequence. Nothing is written
here: the outputs come back in memory, and the build writes them all or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..render.pdf_variants import is_archival
from .plan import OUTPUT_STEM, Plan

if TYPE_CHECKING:
    from ..chapter.compose import Chapter


@dataclass(frozen=True)
class LanguageOutputs:
    """One language of a build, rendered in memory (what a worker process sends back)."""

    language: str
    files: dict[str, bytes]
    """Output name (``ethics-code.<language>.<format>``) -> its bytes, in :data:`FORMATS` order."""
    warnings: list[str]
    """What rendering warned about: refused resources, WeasyPrint's own warnings."""
    readability: tuple[int, int, str]
    """How many sections meet the language's plain-language targets, of how many, and
    the targets."""


def render_language(plan: Plan, language: str) -> LanguageOutputs:
    """Compose the chapter of ``plan`` in ``language`` and render it in the plan's formats.

    Raises:
        TemplateError: a template failed.
        RenderError: a format failed to render (a PDF that WeasyPrint refused, a
            character its fonts cannot draw, a layout out of time or memory).
    """
    from ..chapter.compose import compose_chapter  # the chapter stages load only when a build runs

    chapter = compose_chapter(plan.values_file, language, plan.theme)
    readability = _readability(chapter)
    warnings: list[str] = []
    files = {
        f"{OUTPUT_STEM}.{language}.{fmt}": data
        for fmt, data in _render(chapter, plan, warnings).items()
    }
    return LanguageOutputs(language, files, warnings, readability)


def _readability(chapter: Chapter) -> tuple[int, int, str]:
    from ..chapter.readability import section_scores

    scores = section_scores(chapter)
    targets = ", ".join(target.describe() for target in chapter.locale.setup.readability)
    return sum(score.met for score in scores), len(scores), targets


def _render(chapter: Chapter, plan: Plan, warnings: list[str]) -> dict[str, bytes]:
    """One chapter in each requested format, in the order of :data:`FORMATS`."""
    from ..render.html import render_html
    from ..render.page import page_view

    formats, directories = plan.formats, list(plan.theme.template_dirs)
    rendered: dict[str, bytes] = {}
    if "md" in formats:
        rendered["md"] = chapter.markdown.encode("utf-8")
    if not set(formats) - {"md"}:
        return rendered
    page = page_view(chapter, plan.logo)  # one cover, contents and body for the HTML, PDF and DOCX
    if "html" in formats or "pdf" in formats:
        html = render_html(chapter, directories, page)
        if "html" in formats:
            rendered["html"] = html.encode("utf-8")
        if "pdf" in formats:
            from ..render.pdf import render_pdf
            from .pdf_archive import sources

            variant = plan.provenance.pdf_variant
            embedded = (
                sources(
                    plan.document,
                    language=chapter.locale.language,
                    variant=variant,
                    provenance=plan.provenance,
                    html=html.encode("utf-8"),
                )
                if is_archival(variant)
                else []
            )
            rendered["pdf"] = render_pdf(
                html,
                plan.theme.directories,
                language=chapter.locale.language,
                warnings=warnings,
                variant=variant,
                embedded=embedded,
            )
    if "docx" in formats:
        from ..render.docx import render_docx

        rendered["docx"] = render_docx(chapter, page)
    return rendered
