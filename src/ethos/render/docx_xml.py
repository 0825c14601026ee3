"""WordprocessingML pieces python-docx has no API for: ordered properties, fields,
bookmarks, hyperlinks, list numbering, right-to-left marking and a reproducible package.

WordprocessingML is order-sensitive: Word refuses a file whose ``w:pPr`` lists ``w:bidi``
after ``w:jc``. :func:`put` inserts a property where the schema wants it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from typing import cast

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.numbering import CT_Numbering
from docx.oxml.xmlchemy import BaseOxmlElement

# Child order of the property elements ethos touches (ECMA-376 Part 1, 17.3-17.6).
_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish "
    "oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden ins del trPrChange",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings sectPrChange",
}
ORDER = {parent: tuple(names.split()) for parent, names in _ORDER.items()}

# A fixed time for every zip entry: python-docx would stamp the current time.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)


def element(tag: str, **attributes: str) -> BaseOxmlElement:
    """``<w:tag w:name="value" ...>``; a ``tag`` or attribute with a prefix keeps it."""
    made = OxmlElement(tag if ":" in tag else f"w:{tag}")
    for name, value in attributes.items():
        made.set(qn(name if ":" in name else f"w:{name}"), value)
    return cast(BaseOxmlElement, made)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def put(parent: BaseOxmlElement, tag: str, **attributes: str) -> BaseOxmlElement:
    """Set property ``tag`` of ``parent`` (a ``w:pPr``, ``w:rPr``, ...), in schema order.

    An existing ``tag`` is replaced.
    """
    order = ORDER[_local(parent.tag)]
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    child = element(tag, **attributes)
    later = set(order[order.index(tag) + 1 :])
    for sibling in parent:
        if _local(sibling.tag) in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def text_run(text: str) -> BaseOxmlElement:
    """A bare ``w:r`` holding ``text``, spaces kept."""
    run = element("r")
    run.append(text_element(text))
    return run


def text_element(text: str) -> BaseOxmlElement:
    """``<w:t xml:space="preserve">``: Word drops leading and trailing spaces otherwise."""
    t = element("t", **{"xml:space": "preserve"})
    t.text = text
    return t


def field_start(instruction: str) -> list[BaseOxmlElement]:
    """The runs that open a complex field and its cached result."""
    begin = element("r")
    begin.append(element("fldChar", fldCharType="begin"))
    code = element("r")
    code_text = element("instrText", **{"xml:space": "preserve"})
    code_text.text = f" {instruction} "
    code.append(code_text)
    separate = element("r")
    separate.append(element("fldChar", fldCharType="separate"))
    return [begin, code, separate]


def field_end() -> BaseOxmlElement:
    """The run that closes a complex field."""
    end = element("r")
    end.append(element("fldChar", fldCharType="end"))
    return end


def field(instruction: str, cached: str) -> list[BaseOxmlElement]:
    """A whole field in one paragraph, e.g. ``PAGE`` showing ``cached`` until updated."""
    return [*field_start(instruction), text_run(cached), field_end()]


def bookmark(paragraph: BaseOxmlElement, name: str, number: int) -> None:
    """Wrap the content of ``paragraph`` in bookmark ``name`` (a link and TOC target)."""
    start = element("bookmarkStart", id=str(number), name=name)
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        paragraph.insert(0, start)
    else:
        properties.addnext(start)
    paragraph.append(element("bookmarkEnd", id=str(number)))


def hyperlink(
    runs: Iterable[BaseOxmlElement], *, r_id: str = "", anchor: str = ""
) -> BaseOxmlElement:
    """A ``w:hyperlink`` to an external relationship ``r_id`` or a bookmark ``anchor``."""
    link = element("hyperlink", **({"r:id": r_id} if r_id else {"anchor": anchor}), history="1")
    link.extend(runs)
    return link


class ListNumbering:
    """Bulleted and numbered list definitions added to the numbering part.

    Every ordered list gets its own ``w:num`` with a start override, so a list that
    continues a count (``<ol start="4">``) numbers exactly as the HTML does, with Word
    numbering rather than typed digits.
    """

    LEVELS = 3
    INDENT = 440  # twips per level; the hanging part holds the number ("52.") or bullet
    BULLETS = ("•", "–", "•")

    def __init__(self, numbering: CT_Numbering, symbol_font: str) -> None:
        self._numbering = numbering
        ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
        self._bullet_abstract = max(ids, default=-1) + 1
        self._number_abstract = self._bullet_abstract + 1
        definitions = [
            self._abstract(self._bullet_abstract, "bullet", symbol_font),
            self._abstract(self._number_abstract, "decimal", symbol_font),
        ]
        # Every w:abstractNum precedes every w:num.
        first_num = numbering.find(qn("w:num"))
        for definition in definitions:
            if first_num is None:
                numbering.append(definition)
            else:
                first_num.addprevious(definition)
        self._bullets: int | None = None

    def _abstract(self, number: int, kind: str, font: str) -> BaseOxmlElement:
        levels = []
        for level in range(self.LEVELS):
            text = self.BULLETS[level] if kind == "bullet" else f"%{level + 1}."
            indent = self.INDENT * (level + 1)
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{indent}" w:hanging="{self.INDENT}"/></w:pPr>'
                f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"'
                f' w:cs="{font}"/></w:rPr></w:lvl>'
            )
        return parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
        )

    def bulleted(self) -> int:
        """The ``numId`` every bulleted list shares."""
        if self._bullets is None:
            self._bullets = self._add_num(self._bullet_abstract, start=None)
        return self._bullets

    def numbered(self, start: int) -> int:
        """A new ``numId`` for one ordered list whose first item is ``start``."""
        return self._add_num(self._number_abstract, start)

    def _add_num(self, abstract: int, start: int | None) -> int:
        nums = self._numbering.findall(qn("w:num"))
        num_id = max((int(num.get(qn("w:numId"))) for num in nums), default=0) + 1
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            if start is not None
            else ""
        )
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract}"/>{override}</w:num>'
        )
        if nums:
            nums[-1].addnext(num)
        else:
            self._numbering.append(num)
        return num_id


def number_paragraph(paragraph: BaseOxmlElement, num_id: int, level: int) -> None:
    """Make ``paragraph`` an item of list ``num_id`` at ``level`` (``w:numPr``)."""
    properties = paragraph.get_or_add_pPr()
    numbering = put(properties, "numPr")
    numbering.append(element("ilvl", val=str(level)))
    numbering.append(element("numId", val=str(num_id)))


def mark_right_to_left(root: BaseOxmlElement) -> None:
    """Every paragraph, run and table under ``root`` as right-to-left.

    A run that already says ``w:rtl`` (``w:val="0"``: a left-to-right isolate such as an
    e-mail address) keeps what it says.
    """
    for paragraph in root.iter(qn("w:p")):
        put(paragraph.get_or_add_pPr(), "bidi")
    for run in root.iter(qn("w:r")):
        properties = run.get_or_add_rPr()
        if properties.find(qn("w:rtl")) is None:
            put(properties, "rtl")
    for table in root.iter(qn("w:tbl")):
        put(table.find(qn("w:tblPr")), "bidiVisual")


def reproducible_package(docx: bytes, replacements: Mapping[str, bytes]) -> bytes:
    """``docx`` rewritten with fixed entry times and a stable entry order.

    ``replacements`` gives new contents for some entries (by name).
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        entries = {name: replacements.get(name) or source.read(name) for name in source.namelist()}
    # The content types first: some readers expect it there.
    first = [name for name in ("[Content_Types].xml", "_rels/.rels") if name in entries]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in [*first, *sorted(set(entries) - set(first))]:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the same on every platform
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=6)
    return output.getvalue()
