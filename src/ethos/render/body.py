"""Render stage, the body every format shares: the chapter's Markdown -> sanitised HTML.

The body is converted by Python-Markdown, each level-2 section wrapped in a
``<section>`` named after its template, and the result passed through nh3 with an
allowlist, so nothing a values file says can become a script, a style or a link to
anything but https, mailto, tel and the chapter's own anchors. The HTML page shows it as
it is, the PDF prints that page, and the DOCX maps its small tag set to Word's
structures: one body, three formats.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

import nh3
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..chapter.compose import Chapter
from ..chapter.outline import new_converter

ALLOWED_TAGS = {
    "section", "h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "code", "br",
    "table", "thead", "tbody", "tr", "th", "td", "blockquote", "hr", "ins", "del", "h1",
    "span",
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
    # Company text printed in another language than the chapter's, marked as such.
    "span": {"lang", "dir"},
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
