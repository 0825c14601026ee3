"""Render stage, HTML: the chapter's Markdown -> one standalone, sanitised HTML file.

The body is converted by Python-Markdown, each level-2 section wrapped in a
``<section>`` named after its template, and the result passed through nh3 with an
allowlist, so nothing a values file says can become a script, a style or a link to
anything but https, mailto, tel and the chapter's own anchors. The page template adds
the cover, the contents and the stylesheet, inline: the file makes no requests.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nh3
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..chapter.compose import Chapter
from ..chapter.outline import Heading, new_converter
from ..chapter.templating import Templates
from ..version import __version__
from ..wording.localization import SOURCE_LANGUAGE, Fonts, Locale, report_typesetting

ALLOWED_TAGS = {
    "section", "h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "code", "br",
    "table", "thead", "tbody", "tr", "th", "td", "blockquote", "hr", "ins", "del", "h1",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "section": {"class", "aria-labelledby"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
    "a": {"href"},
    "th": {"scope"},
    "p": {"class"},
    "li": {"class"},
}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto", "tel"}


class _SectionWrapper(Treeprocessor):
    """Wraps every level-2 heading and what follows it in a ``<section>``, classed after
    the section template that wrote the heading (``section_keys``, one per heading).

    What comes before the first one (a report's title and summary) stays first.
    """

    def __init__(self, md: Markdown, section_keys: Sequence[str]) -> None:
        super().__init__(md)
        self.section_keys = section_keys

    def run(self, root: ET.Element) -> None:
        children = list(root)
        headings = [child for child in children if child.tag == "h2"]
        keys = iter(self.section_keys if len(self.section_keys) == len(headings) else ())
        current = root
        for child in children:
            root.remove(child)
            if child.tag == "h2":
                current = ET.SubElement(root, "section")
                if key := next(keys, None):
                    current.set("class", f"section-{key.replace('_', '-')}")
                if child.get("id"):
                    current.set("aria-labelledby", child.get("id", ""))
            current.append(child)


class _SectionExtension(Extension):
    def __init__(self, section_keys: Sequence[str]) -> None:
        super().__init__()
        self.section_keys = section_keys

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        # After "toc" (priority 5) has given the headings their ids.
        md.treeprocessors.register(_SectionWrapper(md, self.section_keys), "ethos-sections", 4)


def body_html(chapter: Chapter) -> str:
    """The chapter body as sanitised HTML."""
    keys = [heading.section for heading in chapter.headings if heading.level == 2]
    return markdown_html(chapter.body, keys)


def markdown_html(markdown: str, section_keys: Sequence[str] = ()) -> str:
    """Markdown (a chapter body or a report) as sanitised HTML, sections wrapped;
    ``section_keys`` names the section template of each level-2 heading."""
    converter = new_converter([_SectionExtension(section_keys)])
    raw = converter.convert(markdown)
    # Table header cells name their column: the scope makes that explicit to screen readers.
    raw = raw.replace("<th>", '<th scope="col">')
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


# Stand-ins for the page counters while "Page %(page)s of %(pages)s" is translated.
PAGE_COUNTERS = {"page": "\x00page\x00", "pages": "\x00pages\x00"}


def counter_pieces(text: str) -> list[tuple[str, bool]]:
    """``"Page <page> of <pages>"`` (:data:`PAGE_COUNTERS`) -> its pieces in order, each
    ``(text, False)`` or a counter ``("page" | "pages", True)``."""
    names = {stand_in: name for name, stand_in in PAGE_COUNTERS.items()}
    return [
        (names.get(piece, piece), piece in names)
        for piece in re.split("(\x00pages?\x00)", text)
        if piece
    ]


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


def _contents_tree(headings: Sequence[Heading]) -> list[dict[str, Any]]:
    tree: list[dict[str, Any]] = []
    for heading in headings:
        if heading.level == 2 or not tree:
            tree.append({"heading": heading, "children": []})
        else:
            tree[-1]["children"].append(heading)
    return tree


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
        body=Markup(body),
        stylesheet=Markup(stylesheet),
        generator=f"ethos {__version__}",
        **context,
    )


def render_html(chapter: Chapter, template_dirs: Sequence[Path] = ()) -> str:
    """The chapter as one standalone HTML document."""
    document = chapter.values_file.document
    return _render_page(
        "page.html.j2",
        chapter.locale,
        template_dirs,
        fonts=chapter.locale.setup.fonts,
        paper=document.paper.value,
        body=body_html(chapter),
        chapter=chapter,
        company=chapter.values_file.company,
        document=document,
        authoritative=chapter.authoritative,
        contents=_contents_tree(chapter.contents),
        created=document.effective_date.isoformat(),
    )


def render_report(
    title: str, markdown: str, *, language: str = SOURCE_LANGUAGE, landscape: bool = False
) -> str:
    """A report (comparison, redline) as a standalone HTML page with the chapter's style.

    The page has the language and direction of ``language``, the report's; its fonts
    cover every chapter language, for the names and texts it quotes.
    """
    return _render_page(
        "reports/report.html.j2",
        Locale(language),
        (),
        fonts=report_typesetting(language).fonts,
        paper="A4 landscape" if landscape else "A4",
        body=markdown_html(markdown),
        title=title,
    )
