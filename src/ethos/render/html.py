"""Render stage, HTML: the chapter -> one standalone HTML file.

``page.html.j2`` prints the page view (:mod:`ethos.render.page`: cover, contents,
properties) around the sanitised body (:mod:`ethos.render.body`) with the stylesheet
inline: the file makes no requests. Reports use the same stylesheet on a page of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..chapter.compose import Chapter
from ..chapter.templating import Templates
from ..version import __version__
from ..wording.localization import SOURCE_LANGUAGE, Fonts, Locale, report_typesetting
from .body import markdown_html
from .page import PAGE_COUNTERS, PageView, counter_pieces, page_numbers, page_view


def css_counter_content(text: str) -> str:
    """``"Page <page> of <pages>"`` (:data:`PAGE_COUNTERS`) -> a CSS ``content`` value."""
    return " ".join(
        f"counter({piece})" if counter else css_string(piece)
        for piece, counter in counter_pieces(text)
    )


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string or the rule early."""
    escaped = "".join(
        character
        if character.isalnum() or character in " .,:;!?-–—·()/'"
        else f"\\{ord(character):06x}"
        for character in text
    )
    return f'"{escaped}"'


def _render_page(
    template: str,
    locale: Locale,
    template_dirs: Sequence[Path],
    *,
    fonts: Fonts,
    paper: str,
    body: str,
    **context: Any,
) -> str:
    """A page template with what every page needs: the stylesheet, the language's
    direction, fonts and line height, the paper and the page counters."""
    templates = Templates(
        template_dirs,
        locale.translations,
        filters={
            **locale.filters(),
            "css_counter": lambda pattern: Markup(css_counter_content(pattern)),
            "css_families": lambda families: Markup(", ".join(map(css_string, families))),
            "own_language": own_language,
        },
    )
    stylesheet = templates.source("style.css")
    return templates.render_html(
        template,
        lang=locale.html_lang,
        direction=locale.direction,
        fonts=fonts,
        line_height=locale.setup.line_height,
        paper=paper,
        counters=PAGE_COUNTERS,
        page_numbers=page_numbers(locale.translations),
        body=Markup(body),
        stylesheet=Markup(stylesheet),
        generator=f"ethos {__version__}",
        **context,
    )


def own_language(text: object) -> Markup:
    """`` lang="en" dir="ltr"`` for company text printed in another language than the
    page's (a title, a contents entry), else nothing: ``<h1{{ page.title | own_language }}>``."""
    html_lang, direction = getattr(text, "html_lang", ""), getattr(text, "direction", "")
    if not html_lang:
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(html_lang, direction)


def render_html(
    chapter: Chapter, template_dirs: Sequence[Path] = (), page: PageView | None = None
) -> str:
    """The chapter as one standalone HTML document; ``page`` is its page view when the
    caller has made it already (one build makes it once for every format)."""
    if page is None:
        page = page_view(chapter)
    document = chapter.values_file.document
    return _render_page(
        "page.html.j2",
        chapter.locale,
        template_dirs,
        fonts=chapter.locale.setup.fonts,
        paper=page.paper,
        body=page.body_html,
        page=page,
        # What page.html.j2 read before the page view, for the user's overrides.
        chapter=chapter,
        company=chapter.values_file.company,
        document=document,
        authoritative=chapter.authoritative,
        contents=page.contents,
        created=page.effective_date.isoformat(),
    )


def render_report(
    title: str,
    markdown: str,
    *,
    language: str = SOURCE_LANGUAGE,
    landscape: bool = False,
    figures: Mapping[str, str] | None = None,
) -> str:
    """A report (comparison, redline) as a standalone HTML page with the chapter's style.

    The page has the language and direction of ``language``, the report's; its fonts
    cover every chapter language, for the names and texts it quotes. ``figures``: a
    paragraph holding only one of its keys becomes that HTML (ethos's own SVG chart,
    every text in it escaped), after the body is sanitised, which would drop it.
    """
    body = markdown_html(markdown)
    for stand_in, html in (figures or {}).items():
        body = body.replace(f"<p>{stand_in}</p>", html)
    return _render_page(
        "reports/report.html.j2",
        Locale(language),
        (),
        fonts=report_typesetting(language).fonts,
        paper="A4 landscape" if landscape else "A4",
        body=body,
        title=title,
    )
