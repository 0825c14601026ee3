"""Render stage, DOCX: a one-page report (the staff notice) -> a Word document.

The report's Markdown goes through the same HTML the PDF is made from, and its blocks
are written by the chapter's :class:`~ethos.render.docx_body.BodyWriter` in the chapter's
Word styles and the language's fonts and direction: no cover, contents or running header,
as the notice's PDF has none. The same report always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.shared import Length, Mm

from ..errors import RenderError
from ..wording.localization import Locale
from .body import markdown_html
from .docx_body import BodyWriter
from .docx_styles import set_up_styles
from .docx_xml import mark_right_to_left, put, reproducible_package
from .html_tree import parse_html

A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""Word's created and modified dates: fixed, so that a report gives the same bytes."""


def render_docx_report(markdown: str, language: str, *, title: str = "") -> bytes:
    """The report written as ``markdown`` in ``language`` as a Word document.

    Raises:
        RenderError: the report has text Word cannot hold (e.g. control characters).
    """
    try:
        return _render(markdown, Locale(language), title)
    except ValueError as error:  # lxml refuses characters XML cannot carry
        raise RenderError(f"cannot write the DOCX: {error}") from error


def _render(markdown: str, locale: Locale, title: str) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = A4
    section.top_margin = section.bottom_margin = MARGIN
    section.left_margin = section.right_margin = MARGIN
    set_up_styles(document, locale)
    properties = document.core_properties
    properties.title = title[:255]
    properties.language = locale.html_lang
    properties.created = properties.modified = FIXED_DATE
    properties.last_modified_by = "ethos"
    properties.revision = 1
    text_width = Length(section.page_width - 2 * MARGIN)
    writer = BodyWriter(document, locale, {}, text_width, frozenset())
    writer.blocks(parse_html(markdown_html(markdown)).children)
    body = document.element.body
    if locale.direction == "rtl":
        put(section._sectPr, "bidi")
        mark_right_to_left(body)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_package(buffer.getvalue(), {})
