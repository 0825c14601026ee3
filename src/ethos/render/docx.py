"""Render stage, DOCX: the chapter -> a Word document, built with python-docx.

The document has the HTML page's cover, a Contents heading over a real Word table of
contents (a ``TOC`` field whose cached entries already list the chapter's headings, so it
reads correctly before Word updates it), then the body (:mod:`ethos.render.docx_body`). Headings
use Word's heading styles, lists Word numbering, the fonts and direction come from
``templates/languages.yaml``, and the wording from the same translations the HTML uses.
The same chapter always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Inches, Length, Mm

from ..chapter.compose import Chapter
from ..errors import RenderError
from ..version import __version__
from .docx_body import BodyWriter, Runs, bookmark_names, set_column_widths
from .docx_styles import RULE, set_up_styles
from .docx_xml import (
    element,
    field,
    field_end,
    field_start,
    hyperlink,
    mark_right_to_left,
    put,
    reproducible_package,
)
from .html import PAGE_COUNTERS, body_html, counter_pieces
from .html_tree import parse_html

PAPER = {"A4": (Mm(210), Mm(297)), "Letter": (Inches(8.5), Inches(11))}
MARGINS = {"top": Mm(24), "right": Mm(20), "bottom": Mm(22), "left": Mm(20)}
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'
# python-docx refuses a longer text core property (title, subject, ...).
MAX_PROPERTY_CHARS = 255
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def render_docx(chapter: Chapter) -> bytes:
    """The chapter as a Word document (DOCX); the same chapter gives the same bytes.

    Raises:
        RenderError: the chapter has text Word cannot hold (e.g. control characters).
    """
    try:
        return _render(chapter)
    except ValueError as error:  # lxml refuses characters XML cannot carry
        raise RenderError(f"cannot write the DOCX: {error}") from error


def _render(chapter: Chapter) -> bytes:
    document = Document()
    locale = chapter.locale
    _drop_template_extras(document)
    text_width = _page(document, chapter)
    set_up_styles(document, locale)
    _properties(document, chapter)
    root = parse_html(body_html(chapter))
    names = bookmark_names(root)
    listed = frozenset(heading.anchor for heading in chapter.contents)
    writer = BodyWriter(document, locale, names, text_width, listed)
    _header_footer(document, chapter, writer.runs)
    _cover(writer, chapter)
    _contents(writer, chapter)
    writer.write(root)
    if locale.direction == "rtl":
        put(document.sections[0]._sectPr, "bidi")
        for part in _story_parts(document):
            mark_right_to_left(part)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_package(buffer.getvalue(), {"docProps/app.xml": _app_xml(chapter)})


def _drop_template_extras(document: DocumentObject) -> None:
    """python-docx's template carries a thumbnail of an empty page and Word 2010 styles."""
    for rels in (document.part.package.rels, document.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype in (RELATIONSHIP_TYPE.THUMBNAIL, STYLES_WITH_EFFECTS):
                del rels[r_id]


def _page(document: DocumentObject, chapter: Chapter) -> Length:
    """Paper and margins as the PDF has them; returns the width of the text."""
    section = document.sections[0]
    section.page_width, section.page_height = PAPER[chapter.values_file.document.paper.value]
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = section.footer_distance = Mm(10)
    return Length(section.page_width - MARGINS["left"] - MARGINS["right"])


def _properties(document: DocumentObject, chapter: Chapter) -> None:
    gettext = chapter.locale.translations.gettext
    company, facts = chapter.values_file.company, chapter.values_file.document
    properties = document.core_properties
    properties.title = _property_text(chapter.title)
    properties.author = _property_text(company.name)
    description = gettext(
        "The code of ethics and code of conduct of %(company)s, version %(version)s."
    ) % {"company": company.name, "version": facts.version}
    properties.subject = properties.comments = _property_text(description)
    properties.keywords = gettext("ethics, code of conduct, customer service, employee handbook")
    properties.category = gettext("Employee handbook: the ethics chapter")
    properties.language = chapter.locale.html_lang
    properties.version = _property_text(facts.version)
    # The document's own date, not the build's: the same chapter gives the same bytes.
    created = dt.datetime.combine(facts.effective_date, dt.time(), tzinfo=dt.UTC)
    properties.created = properties.modified = created
    properties.last_modified_by = "ethos"
    properties.revision = 1


def _property_text(text: str) -> str:
    """``text`` cut to the 255 characters a core property holds (python-docx refuses more).

    The name and version each fit (``check`` allows 200 characters), but a sentence
    naming both may not; the chapter itself prints them whole.
    """
    return text if len(text) <= MAX_PROPERTY_CHARS else text[: MAX_PROPERTY_CHARS - 1] + "…"


def _app_xml(chapter: Chapter) -> bytes:
    """Extended properties naming ethos, not the template's "Microsoft Macintosh Word"."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>'
        f"{escape(f'ethos {__version__}')}</Application>"
        f"<Company>{escape(chapter.values_file.company.name)}</Company></Properties>"
    ).encode()


def _header_footer(document: DocumentObject, chapter: Chapter, runs: Runs) -> None:
    """Company · title above, "Page X of Y" below, on every page but the cover."""
    locale = chapter.locale
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.style = document.styles["header"]
    company = locale.isolate(chapter.values_file.company.name)
    header._p.extend(runs.make(f"{company} · {chapter.title}"))
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pattern = locale.translations.gettext("Page %(page)s of %(pages)s") % PAGE_COUNTERS
    fields = {"page": "PAGE", "pages": "NUMPAGES"}
    for piece, counter in counter_pieces(pattern):
        footer._p.extend(field(fields[piece], "1") if counter else runs.make(piece))


def _cover(writer: BodyWriter, chapter: Chapter) -> None:
    """The cover of page.html.j2: company, title, subtitle, facts, translation note."""
    locale, runs = chapter.locale, writer.runs
    gettext = locale.translations.gettext
    company, facts = chapter.values_file.company, chapter.values_file.document
    writer.new_paragraph("Cover Company", locale.isolate(company.name))
    writer.new_paragraph("Title", chapter.title)
    writer.new_paragraph("Subtitle", gettext("Employee handbook: the ethics chapter"))
    rows = [
        (gettext("Version"), locale.isolate(facts.version)),
        (gettext("Effective"), chapter.effective_date),
    ]
    if company.legal_name and company.legal_name != company.name:
        rows.append((gettext("Issued by"), locale.isolate(company.legal_name)))
    if company.industry:
        rows.append((gettext("Industry"), locale.isolate(str(company.industry))))
    table = writer.document.add_table(rows=len(rows), cols=2)
    borders = put(table._tbl.tblPr, "tblBorders")
    for edge in ("top", "bottom", "insideH"):
        borders.append(element(edge, val="single", sz="6", space="0", color=RULE))
    set_column_widths(table, (0.3, 0.7), writer.text_width)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        for cell, text, style in zip(row.cells, (label, value), ("Label", "Value"), strict=True):
            cell.paragraphs[0]._p.style = writer.style_id(f"Cover {style}")
            cell.paragraphs[0]._p.extend(runs.make(text))
    if chapter.authoritative:
        note = gettext(
            "This is a translation. The %(language)s version is the authoritative text: "
            "where the two differ, the %(language)s version prevails."
        ) % {"language": chapter.authoritative}
        writer.new_paragraph("Cover Note", note)


def _contents(writer: BodyWriter, chapter: Chapter) -> None:
    """The Contents heading over a TOC field whose cached result lists the headings."""
    # Word offers to update the fields (page numbers in the contents) when it opens the file.
    settings = writer.document.settings.element
    update = element("updateFields", val="true")
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(update)
    else:
        settings.append(update)
    heading = writer.new_paragraph("TOC Heading", chapter.locale.translations.gettext("Contents"))
    heading.paragraph_format.page_break_before = True
    entries = chapter.contents
    for index, entry in enumerate(entries):
        paragraph = writer.new_paragraph("toc 1" if entry.level == 2 else "toc 2")
        if index == 0:
            paragraph._p.extend(field_start(TOC_FIELD))
        title = writer.runs.make(entry.title)
        name = writer.names.get(entry.anchor)
        paragraph._p.extend([hyperlink(title, anchor=name)] if name else title)
        if index == len(entries) - 1:
            paragraph._p.append(field_end())


def _story_parts(document: DocumentObject) -> list[BaseOxmlElement]:
    """The body and every header and footer: where text lives."""
    stories = [document.element.body]
    for rel in document.part.rels.values():
        if rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER):
            stories.append(rel.target_part.element)
    return stories
