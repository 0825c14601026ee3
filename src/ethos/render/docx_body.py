"""The chapter body for the DOCX: sanitised body HTML -> Word paragraphs, lists and tables.

The body is read from :func:`~ethos.render.body.body_html`, the same sanitised HTML the
HTML and PDF outputs show, so the three outputs cannot drift apart. Its small tag set
(:data:`~ethos.render.body.ALLOWED_TAGS`) maps to Word's own structures: headings to
heading styles with bookmarks, lists to Word numbering, links to hyperlinks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import groupby

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..wording.localization import Locale
from .docx_revisions import Segments, Tracking
from .docx_styles import JUSTIFIED, NON_LATIN_SCRIPT, RULE, UNLISTED_HEADING
from .docx_xml import (
    ListNumbering,
    bookmark,
    element,
    hyperlink,
    number_paragraph,
    put,
    text_element,
)
from .html_tree import BREAK, INLINE_MARKS, Node, inline_segments

HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
ACKNOWLEDGMENT = "section-acknowledgment"
# A first-strong (FSI, ethos's names) or left-to-right isolate (LRI, a Latin run inside
# the company's Urdu text), up to its PDI.
ISOLATE = re.compile("([\u2066\u2068][^\u2066\u2068\u2069]*\u2069)")


def bookmark_names(root: Node) -> dict[str, str]:
    """A Word bookmark name for every element id: letters, digits and ``_``, at most 40."""
    names: dict[str, str] = {}
    for node in root.walk():
        anchor = node.attributes.get("id")
        if not anchor or anchor in names:
            continue
        name = re.sub(r"\W", "_", anchor)
        name = (name if name[:1].isalpha() else f"h_{name}")[:40]
        taken, number = set(names.values()), 1
        while name in taken:
            suffix = f"_{number}"
            name, number = f"{name[: 40 - len(suffix)]}{suffix}", number + 1
        names[anchor] = name
    return names


def _left_to_right_isolate(piece: str) -> bool:
    """An isolate the bidi algorithm lays out left to right: its first strong character is
    (a Latin name, an address), or it has none (a telephone number)."""
    if piece.startswith("\u2066"):
        return True
    for character in piece.strip("\u2068\u2069"):
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return False
        if direction == "L":
            return True
    return True


def own_language(text: object) -> frozenset[str]:
    """The marks of company text printed in another language than the chapter's (a
    title, a heading in the contents): its language and direction; none otherwise."""
    html_lang = getattr(text, "html_lang", "")
    return frozenset({f"lang={html_lang}", f"dir={text.direction}"}) if html_lang else frozenset()  # type: ignore[attr-defined]


class Runs:
    """Makes the ``w:r`` elements for text in one chapter language.

    With ``tracking`` (a redline), text marked ``ins`` or ``del`` is a tracked insertion
    or deletion; without, it is underlined or struck through.
    """

    def __init__(self, locale: Locale, tracking: Tracking | None = None) -> None:
        self.right_to_left = locale.direction == "rtl"
        self.upright_emphasis = locale.language in NON_LATIN_SCRIPT
        self.tracking = tracking

    def make(self, text: str, marks: frozenset[str] = frozenset()) -> list[BaseOxmlElement]:
        """Runs for ``text``, formatted by ``marks`` (strong, em, code, ins, del, link).

        In right-to-left text, a Latin isolate is its own left-to-right run (``w:rtl
        w:val="0"``): Word then lays it out in its own order and in the Latin font,
        whether or not it honours the isolate characters.
        """
        pieces = ISOLATE.split(text) if self.right_to_left else [text]
        runs = [
            self._run(
                piece,
                marks,
                left_to_right=self.right_to_left
                and ISOLATE.fullmatch(piece) is not None
                and _left_to_right_isolate(piece),
            )
            for piece in pieces
            if piece
        ]
        revision = "del" if "del" in marks else "ins" if "ins" in marks else ""
        if self.tracking is not None and revision and runs:
            return [self.tracking.wrap(revision, runs)]
        return runs

    def _run(self, text: str, marks: frozenset[str], *, left_to_right: bool) -> BaseOxmlElement:
        run = element("r")
        properties = run.get_or_add_rPr()
        if "link" in marks:
            put(properties, "rStyle", val="Hyperlink")
        if "code" in marks:
            put(properties, "rFonts", ascii="Noto Sans Mono", hAnsi="Noto Sans Mono")
        upright = self.upright_emphasis and "em" in marks
        if "strong" in marks or upright:
            put(properties, "b")
            put(properties, "bCs")
        if "em" in marks and not upright:
            put(properties, "i")
            put(properties, "iCs")
        if "del" in marks and self.tracking is None:
            put(properties, "strike")
        if "ins" in marks and self.tracking is None:
            put(properties, "u", val="single")
        language = next((mark[5:] for mark in marks if mark.startswith("lang=")), None)
        if language is not None:
            # Text in another language than the chapter's: Word's proofing and a screen
            # reader take it as that language, laid out in its own direction.
            put(properties, "lang", val=language, eastAsia=language, bidi=language)
            left_to_right = left_to_right or (self.right_to_left and "dir=ltr" in marks)
            if not self.right_to_left and "dir=rtl" in marks:
                put(properties, "rtl")
        if left_to_right:
            put(properties, "rtl", val="0")
        if not len(properties):
            run.remove(properties)
        if text == BREAK:
            run.append(element("br"))
        else:
            run.append(text_element(text))
        return run


def set_column_widths(table: Table, shares: Sequence[float], text_width: Length) -> None:
    """Column widths as shares of the text width: in the grid and in every cell."""
    for column, share in zip(table.columns, shares, strict=True):
        column.width = Length(int(text_width * share))
        for cell in column.cells:
            cell.width = column.width


class BodyWriter:
    """Appends the body's blocks to a python-docx document."""

    def __init__(
        self,
        document: Document,
        locale: Locale,
        names: dict[str, str],
        text_width: Length,
        listed: frozenset[str],
        *,
        rule: str = RULE,
        tracking: Tracking | None = None,
    ) -> None:
        self.document = document
        self.rule = rule  # the colour of rules (<hr>, the cover's table), Word's RRGGBB
        self.runs = Runs(locale, tracking)
        self.names = names
        self.listed = listed  # the ids of the headings the contents lists
        self.text_width = text_width
        self.justify = locale.language in JUSTIFIED
        self.numbering = ListNumbering(
            document.part.numbering_part.element, locale.setup.fonts.body[-1]
        )
        self._bookmarks = 0
        self._style_ids: dict[str, str] = {}

    def style_id(self, style: str) -> str:
        """The id of paragraph style ``style``, looked up once: python-docx's lookup by
        name walks every style of the document, each time."""
        if style not in self._style_ids:
            self._style_ids[style] = self.document.styles[style].style_id
        return self._style_ids[style]

    def new_paragraph(self, style: str = "", text: str | None = None) -> Paragraph:
        """A paragraph appended to the document, in ``style``, holding ``text`` if given."""
        paragraph = self.document.add_paragraph()
        if style:
            paragraph._p.style = self.style_id(style)
        if text is not None:
            paragraph._p.extend(self.runs.make(text, own_language(text)))
        return paragraph

    def segments(
        self, segments: Segments, base: frozenset[str] = frozenset()
    ) -> list[BaseOxmlElement]:
        """The runs of text given as redline segments (inserted, deleted or in both)."""
        return [
            run for kind, text in segments for run in self.runs.make(text, base | ({kind} - {""}))
        ]

    def write(self, root: Node) -> None:
        """The whole body; its first section and the acknowledgment start a page."""
        sections = root.elements("section") or [root]
        acknowledgment = next(
            (s for s in sections if ACKNOWLEDGMENT in s.attributes.get("class", "").split()),
            sections[-1],
        )
        for index, section in enumerate(sections):
            form = section is acknowledgment
            self.blocks(section.children, new_page=index == 0 or form, form=form)

    def blocks(
        self,
        nodes: list[Node | str],
        *,
        new_page: bool = False,
        style: str = "",
        form: bool = False,
    ) -> None:
        """Paragraphs, lists and tables; ``form``: tables get room to write in."""
        inline: list[Node | str] = []
        for node in [*nodes, Node("end")]:  # the end flushes trailing inline content
            if isinstance(node, str) or node.tag in INLINE_MARKS or node.tag in ("a", "br"):
                inline.append(node)
                continue
            if any(isinstance(n, Node) or n.strip() for n in inline):
                self.paragraph(inline, style)  # stray text between blocks
            inline = []
            if node.tag in HEADING_STYLES:
                self.heading(node, new_page=new_page)
                new_page = False
            elif node.tag == "p":
                self.paragraph(node.children, style)
            elif node.tag in ("ul", "ol"):
                self.add_list(node, level=0)
            elif node.tag == "table":
                self.table(node, form=form)
            elif node.tag == "blockquote":
                self.blocks(node.children, style="Quote")
            elif node.tag == "hr":
                rule = self.new_paragraph()._p.get_or_add_pPr()
                borders = put(rule, "pBdr")
                borders.append(element("bottom", val="single", sz="6", space="1", color=self.rule))
            elif node.tag in ("section", "div"):
                self.blocks(node.children, new_page=new_page, style=style, form=form)

    def paragraph(self, nodes: list[Node | str], style: str = "") -> Paragraph:
        """A paragraph of inline ``nodes``."""
        paragraph = self.new_paragraph(style)
        self.inline(paragraph, nodes)
        if self.justify and not style:
            put(paragraph._p.get_or_add_pPr(), "jc", val="both")
        return paragraph

    def heading(self, node: Node, *, new_page: bool) -> None:
        """A heading in Word's heading style, bookmarked for links and the contents.

        An h3 the contents does not list (a code-of-conduct group, named after its policy)
        looks like the others but sits a level deeper in Word's outline: Word's navigation
        pane shows it, and the contents field, which lists outline levels 1-2, leaves it
        out as the HTML contents does.
        """
        anchor = node.attributes.get("id")
        unlisted = node.tag == "h3" and anchor not in self.listed
        paragraph = self.new_paragraph(UNLISTED_HEADING if unlisted else HEADING_STYLES[node.tag])
        paragraph.paragraph_format.page_break_before = new_page or None
        self.inline(paragraph, node.children)
        if anchor in self.names:
            bookmark(paragraph._p, self.names[anchor], self._bookmarks)
            self._bookmarks += 1

    def add_list(self, node: Node, level: int) -> None:
        """A ``ul`` or ``ol`` as list paragraphs numbered by Word, nested lists a level in."""
        ordered = node.tag == "ol"
        start = int(node.attributes.get("start", "1") or 1)
        num_id = self.numbering.numbered(start) if ordered else self.numbering.bulleted()
        style = ("List Number" if ordered else "List Bullet") + (f" {level + 1}" if level else "")
        for item in node.elements("li"):
            inline = [
                c for c in item.children if isinstance(c, str) or c.tag not in ("p", "ul", "ol")
            ]
            blocks = item.elements("p", "ul", "ol")
            first = inline if any(isinstance(c, Node) or c.strip() for c in inline) else []
            if not first and blocks and blocks[0].tag == "p":
                first, blocks = blocks[0].children, blocks[1:]
            paragraph = self.new_paragraph(style)
            self.inline(paragraph, first)
            number_paragraph(paragraph._p, num_id, level)
            for block in blocks:
                if block.tag == "p":
                    self.paragraph(block.children, "List Continue")
                else:
                    self.add_list(block, min(level + 1, ListNumbering.LEVELS - 1))

    def table(self, node: Node, *, form: bool = False) -> None:
        """A table with a grid, its header row repeated on every page it spans."""
        rows = [
            (row, part.tag == "thead")
            for part in [node, *node.elements("thead", "tbody")]
            for row in part.elements("tr")
        ]
        width = max((len(row.elements("th", "td")) for row, _ in rows), default=0)
        if not width:
            return
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        put(table._tbl.tblPr, "tblW", w="5000", type="pct")
        for row, (source, header) in zip(table.rows, rows, strict=True):
            properties = row._tr.get_or_add_trPr()
            put(properties, "cantSplit")
            if header:
                put(properties, "tblHeader")
            elif form:  # room to write in
                put(properties, "trHeight", val=str(Pt(30).twips), hRule="atLeast")
            for cell, cell_node in zip(row.cells, source.elements("th", "td"), strict=False):
                marks = frozenset({"strong"}) if cell_node.tag == "th" else frozenset()
                self.inline(cell.paragraphs[0], cell_node.children, marks)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        if form and width == 2:
            set_column_widths(table, (0.3, 0.7), self.text_width)

    def inline(
        self, paragraph: Paragraph, nodes: list[Node | str], marks: frozenset[str] = frozenset()
    ) -> None:
        """Append the runs of inline ``nodes`` to ``paragraph``; a link's runs go in a hyperlink."""
        for href, group in groupby(inline_segments(nodes, marks), key=lambda s: s.href):
            link = frozenset({"link"}) if href else frozenset()
            runs = [run for s in group for run in self.runs.make(s.text, s.marks | link)]
            paragraph._p.extend(self._link(href, runs) if href else runs)

    def _link(self, href: str, runs: list[BaseOxmlElement]) -> list[BaseOxmlElement]:
        if href.startswith("#"):
            name = self.names.get(href[1:])
            return [hyperlink(runs, anchor=name)] if name else runs
        r_id = self.document.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return [hyperlink(runs, r_id=r_id)]
