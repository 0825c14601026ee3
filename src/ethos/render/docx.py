"""Render stage, DOCX: the chapter -> a Word document, built with python-docx.

Everything around the body comes from the page view the HTML page prints
(:mod:`ethos.render.page`): the cover, a Contents heading over a real Word table of
contents (a ``TOC`` field whose cached entries already list the chapter's headings, so it
reads correctly before Word updates it), the running header and footer and the document's
properties. The body is the view's sanitised HTML (:mod:`ethos.render.docx_body`).
Headings use Word's heading styles, lists Word numbering, and the fonts and direction
come from ``templates/languages.yaml``. Word has no templates: an override of the page
template or the stylesheet does not reach it, and a build says so
(:func:`~ethos.render.page.word_ignored_overrides`). The same chapter always gives the
same bytes.
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
from docx.shared import Inches, Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..chapter.compose import Chapter
from ..chapter.outline import Heading
from ..errors import RenderError
from .docx_body import BodyWriter, bookmark_names, own_language, set_column_widths
from .docx_logo import LogoPictures
from .docx_revisions import Revisions, Segments, Tracking, mark_whole_revisions
from .docx_styles import ACCENT, RULE, set_up_styles, word_colour
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
from .html_tree import Node, inline_segments, parse_html
from .page import PageView, counter_pieces, page_view

PAPER = {"A4": (Mm(210), Mm(297)), "Letter": (Inches(8.5), Inches(11))}
MARGINS = {"top": Mm(24), "right": Mm(20), "bottom": Mm(22), "left": Mm(20)}
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'
# python-docx refuses a longer text core property (title, subject, ...).
MAX_PROPERTY_CHARS = 255
COVER_LOGO_SPACE = 8
"""Points between the logo and the company's name on the cover."""
HEADINGS = ("h1", "h2", "h3", "h4")
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def render_docx(
    chapter: Chapter, page: PageView | None = None, revisions: Revisions | None = None
) -> bytes:
    """The chapter as a Word document (DOCX); the same chapter gives the same bytes.
    ``page`` is its page view when the caller has made it already.

    ``revisions``: a redline, the chapter with the changes since an earlier version as
    Word's tracked changes (:mod:`ethos.render.docx_revisions`).

    Raises:
        RenderError: the chapter has text Word cannot hold (e.g. control characters).
    """
    try:
        return _render(chapter, page if page is not None else page_view(chapter), revisions)
    except ValueError as error:  # lxml refuses characters XML cannot carry
        raise RenderError(f"cannot write the DOCX: {error}") from error


def _render(chapter: Chapter, page: PageView, revisions: Revisions | None) -> bytes:
    document = Document()
    locale = chapter.locale
    _drop_template_extras(document)
    text_width = _page(document, page)
    rule = word_colour(page.rule, RULE)
    set_up_styles(document, locale, word_colour(page.accent, ACCENT), rule)
    _properties(document, page)
    tracking = Tracking(revisions.author, revisions.date) if revisions else None
    if revisions is not None:
        root = parse_html(revisions.body_html)
        _keep_heading_ids(root, parse_html(page.body_html))
        _track_in_settings(document)
    else:
        root = parse_html(page.body_html)
    names = bookmark_names(root)
    listed = frozenset(heading.anchor for heading in _listed(page))
    writer = BodyWriter(document, locale, names, text_width, listed, rule=rule, tracking=tracking)
    pictures = LogoPictures(page.logo) if page.logo else None
    _header_footer(document, page, writer, pictures, revisions)
    _cover(writer, page, pictures, revisions)
    _contents(writer, page, revisions)
    writer.write(root)
    if tracking is not None:
        for part in _story_parts(document):
            mark_whole_revisions(part, tracking)
    if page.direction == "rtl":
        put(document.sections[0]._sectPr, "bidi")
        for part in _story_parts(document):
            mark_right_to_left(part)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_package(buffer.getvalue(), {"docProps/app.xml": _app_xml(page)})


def _drop_template_extras(document: DocumentObject) -> None:
    """python-docx's template carries a thumbnail of an empty page and Word 2010 styles."""
    for rels in (document.part.package.rels, document.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype in (RELATIONSHIP_TYPE.THUMBNAIL, STYLES_WITH_EFFECTS):
                del rels[r_id]


def _page(document: DocumentObject, page: PageView) -> Length:
    """Paper and margins as the PDF has them; returns the width of the text."""
    section = document.sections[0]
    section.page_width, section.page_height = PAPER[page.paper]
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = section.footer_distance = Mm(10)
    return Length(section.page_width - MARGINS["left"] - MARGINS["right"])


def _properties(document: DocumentObject, page: PageView) -> None:
    """The HTML page's metadata as Word's document properties."""
    properties = document.core_properties
    properties.title = _property_text(page.title)
    properties.author = _property_text(page.author)
    properties.subject = properties.comments = _property_text(page.description)
    properties.keywords = str(page.keywords)
    properties.category = str(page.subtitle)
    properties.language = page.language
    properties.version = _property_text(page.version)
    # The document's own date, not the build's: the same chapter gives the same bytes.
    created = dt.datetime.combine(page.effective_date, dt.time(), tzinfo=dt.UTC)
    properties.created = properties.modified = created
    properties.last_modified_by = "ethos"
    properties.revision = 1


def _property_text(text: str) -> str:
    """``text`` cut to the 255 characters a core property holds (python-docx refuses more).

    The name and version each fit (``check`` allows 200 characters), but a sentence
    naming both may not; the chapter itself prints them whole.
    """
    text = str(text)
    return text if len(text) <= MAX_PROPERTY_CHARS else text[: MAX_PROPERTY_CHARS - 1] + "…"


def _app_xml(page: PageView) -> bytes:
    """Extended properties naming ethos, not the template's "Microsoft Macintosh Word"."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>'
        f"{escape(page.generator)}</Application>"
        f"<Company>{escape(page.author)}</Company></Properties>"
    ).encode()


def _header_footer(
    document: DocumentObject,
    page: PageView,
    writer: BodyWriter,
    pictures: LogoPictures | None,
    revisions: Revisions | None,
) -> None:
    """The running header above (the logo first, if any), "Page X of Y" below, on every
    page but the cover."""
    runs = writer.runs
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.style = document.styles["header"]
    if pictures is not None and page.logo is not None:
        logo = header.add_run()
        logo._r.append(pictures.picture(section.header.part, page.logo.header_size))
        header._p.extend(runs.make("\u2002"))  # an en space between the logo and the text
    if revisions is not None:
        header._p.extend(writer.segments(revisions.header))
    else:
        header._p.extend(runs.make(page.running_header))
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fields = {"page": "PAGE", "pages": "NUMPAGES"}
    for piece, counter in counter_pieces(page.page_numbers):
        footer._p.extend(field(fields[piece], "1") if counter else runs.make(piece))


def _cover(
    writer: BodyWriter,
    page: PageView,
    pictures: LogoPictures | None,
    revisions: Revisions | None = None,
) -> None:
    """The cover page.html.j2 prints: logo, company, title, subtitle, facts, translation
    note; in a redline, with what changed in them tracked."""
    if pictures is not None and page.logo is not None:
        # The logo takes the company's place below the top of the page; the company follows.
        logo = writer.new_paragraph("Cover Company")
        logo.paragraph_format.space_after = Pt(0)
        logo.add_run()._r.append(pictures.picture(writer.document.part, page.logo.cover_size))
        company = _tracked(
            writer, "Cover Company", page.company, revisions.company if revisions else None
        )
        company.paragraph_format.space_before = Pt(COVER_LOGO_SPACE)
    else:
        _tracked(writer, "Cover Company", page.company, revisions.company if revisions else None)
    _tracked(writer, "Title", page.title, revisions.title if revisions else None)
    writer.new_paragraph("Subtitle", page.subtitle)
    if revisions is not None:
        _tracked_facts(writer, revisions.facts)
    else:
        _facts(writer, page)
    if page.translation_note:
        writer.new_paragraph("Cover Note", page.translation_note)


def _tracked(writer: BodyWriter, style: str, text: str, segments: Segments | None) -> Paragraph:
    """A paragraph of ``text``, or of its redline ``segments`` when there are some."""
    if not segments:
        return writer.new_paragraph(style, text)
    paragraph = writer.new_paragraph(style)
    paragraph._p.extend(writer.segments(segments))
    return paragraph


def _fact_table(writer: BodyWriter, rows: int) -> Table:
    table: Table = writer.document.add_table(rows=rows, cols=2)
    borders = put(table._tbl.tblPr, "tblBorders")
    for edge in ("top", "bottom", "insideH"):
        borders.append(element(edge, val="single", sz="6", space="0", color=writer.rule))
    set_column_widths(table, (0.3, 0.7), writer.text_width)
    return table


def _facts(writer: BodyWriter, page: PageView) -> None:
    """The cover's table of facts: version, effective date, issuer, industry."""
    table = _fact_table(writer, len(page.facts))
    for row, fact in zip(table.rows, page.facts, strict=True):
        for cell, text, style in zip(
            row.cells, (fact.label, fact.value), ("Label", "Value"), strict=True
        ):
            cell.paragraphs[0]._p.style = writer.style_id(f"Cover {style}")
            cell.paragraphs[0]._p.extend(writer.runs.make(text, own_language(text)))


def _tracked_facts(writer: BodyWriter, facts: tuple[tuple[Segments, Segments], ...]) -> None:
    """The cover's facts in a redline: changed values tracked, rows added or removed."""
    table = _fact_table(writer, len(facts))
    for row, fact in zip(table.rows, facts, strict=True):
        for cell, segments, style in zip(row.cells, fact, ("Label", "Value"), strict=True):
            cell.paragraphs[0]._p.style = writer.style_id(f"Cover {style}")
            cell.paragraphs[0]._p.extend(writer.segments(segments))


def _contents(writer: BodyWriter, page: PageView, revisions: Revisions | None = None) -> None:
    """The Contents heading over a TOC field whose cached result lists the headings."""
    # Word offers to update the fields (page numbers in the contents) when it opens the file.
    settings = writer.document.settings.element
    update = element("updateFields", val="true")
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(update)
    else:
        settings.append(update)
    heading = writer.new_paragraph("TOC Heading", page.contents_title)
    heading.paragraph_format.page_break_before = True
    entries = (
        [(level, writer.segments(title), anchor) for level, title, anchor in revisions.contents]
        if revisions is not None
        else [
            (entry.level, writer.runs.make(entry.title, own_language(entry)), entry.anchor)
            for entry in _listed(page)
        ]
    )
    for index, (level, title, anchor) in enumerate(entries):
        paragraph = writer.new_paragraph("toc 1" if level == 2 else "toc 2")
        if index == 0:
            paragraph._p.extend(field_start(TOC_FIELD))
        name = writer.names.get(anchor) if anchor else None
        paragraph._p.extend([hyperlink(title, anchor=name)] if name else title)
        if index == len(entries) - 1:
            paragraph._p.append(field_end())


def _keep_heading_ids(redline: Node, new: Node) -> None:
    """The new chapter's heading ids on the redline's headings, in order (the Markdown
    converter named a changed heading after its old and new words together); a heading
    deleted whole has none. Contents entries and links then find their headings."""
    ids = [
        node.attributes["id"]
        for node in new.walk()
        if node.tag in HEADINGS and "id" in node.attributes
    ]
    kept = [
        node
        for node in redline.walk()
        if node.tag in HEADINGS and "id" in node.attributes and not _all_deleted(node)
    ]
    if len(kept) != len(ids):
        return
    for node in redline.walk():
        if node.tag in HEADINGS and _all_deleted(node):
            node.attributes.pop("id", None)
    for node, anchor in zip(kept, ids, strict=True):
        node.attributes["id"] = anchor


def _all_deleted(node: Node) -> bool:
    """Whether every word of ``node`` is inside a ``<del>``."""
    return all(
        "del" in segment.marks for segment in inline_segments(node.children) if segment.text.strip()
    )


def _track_in_settings(document: DocumentObject) -> None:
    """Word keeps tracking the reader's own edits: they show as revisions too."""
    settings = document.settings.element
    track = element("trackRevisions")
    later = settings.find(qn("w:defaultTabStop"))
    if later is None:
        later = settings.find(qn("w:compat"))
    if later is not None:
        later.addprevious(track)
    else:
        settings.append(track)


def _listed(page: PageView) -> list[Heading]:
    """The headings the contents lists, in order."""
    return [heading for entry in page.contents for heading in (entry.heading, *entry.children)]


def _story_parts(document: DocumentObject) -> list[BaseOxmlElement]:
    """The body and every header and footer: where text lives."""
    stories = [document.element.body]
    for rel in document.part.rels.values():
        if rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER):
            stories.append(rel.target_part.element)
    return stories
