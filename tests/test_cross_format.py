"""Every format tells the same truth.

Each example is built once in every language and format, and each output is read back as
its own client reads it: the Markdown with a CommonMark parser (as GitHub reads it), the
HTML with an HTML parser (list numbers as a browser counts them from ``<ol start>``), the
PDF through its text layer (``pdftotext``: what search and copy give), and the Word file
with python-docx (list numbers as Word counts them from the numbering definitions). The
headings (text and order) and the numbered rules (number and text) must be the same in
all four, and every word of the Markdown must be findable in the PDF's text layer. The
cover and the running header of the HTML, the PDF and the Word file are the page view's
words (:mod:`ethos.render.page`), in its order.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ethos import build
from ethos.publish.build import compose
from ethos.render.docx_styles import UNLISTED_HEADING
from ethos.render.page import PageView, page_view
from ethos.values.loading import load_located
from ethos.values.logo import read_logo
from ethos.wording.languages import LANGUAGES

from conftest import EXAMPLES

pytestmark = pytest.mark.pdf

Heading = tuple[int, str]  # (level, text)
Rule = tuple[int, str]  # (number, text)

# Direction marks and isolates: pdftotext wraps right-to-left runs in them, and the
# chapter isolates names and versions with them. Invisible; never part of a word.
BIDI_CONTROLS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Languages compared without whitespace: Chinese has none between words (a line may break
# between any two characters), and pdftotext moves the spaces around the numbers and Latin
# runs inside Urdu lines.
WITHOUT_SPACES = {"zh", "ur"}
RIGHT_TO_LEFT = {"ur"}


def plain(text: str) -> str:
    """Text as a reader sees it: NFC, no direction marks, whitespace folded."""
    text = unicodedata.normalize("NFC", text).translate(BIDI_CONTROLS)
    return re.sub(r"\s+", " ", text).strip()


def pdf_key(text: str, language: str) -> str:
    """Text compared with the PDF's text layer, which cannot keep every space."""
    text = without_compound_hyphens(plain(text))
    return re.sub(r"\s", "", text) if language in WITHOUT_SPACES else text


def without_compound_hyphens(text: str) -> str:
    """``sosyo-ekonomiko`` as ``sosyoekonomiko``. Where a line breaks after a compound's
    own hyphen, pdftotext takes it for a hyphenation hyphen and drops it; an added
    hyphenation hyphen (U+2010, as WeasyPrint draws it) stays and still splits a word."""
    return re.sub(r"(?<=\w)-(?=\w)", "", text)


@pytest.fixture(scope="module", params=EXAMPLES, ids=[path.stem for path in EXAMPLES])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One example built in every language and format; the folder of its outputs."""
    out = tmp_path_factory.mktemp("cross-format")
    formats = ["md", "html", "pdf", "docx"]
    result = build(request.param, languages=LANGUAGES, formats=formats, out_dir=out)
    assert len(result.outputs) == len(LANGUAGES) * len(formats)
    return result.directory


# --- Markdown, as a CommonMark parser (with GitHub's tables) reads it -------------------


def markdown_tokens(path: Path) -> list[Token]:
    parser = MarkdownIt("commonmark").enable("table")
    return parser.parse(path.read_text(encoding="utf-8"))


def inline_text(token: Token) -> str:
    """The text an inline token shows: link and emphasis text, code, line breaks as spaces."""
    pieces = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return plain("".join(pieces))


def markdown_headings(tokens: list[Token]) -> list[Heading]:
    return [
        (int(token.tag[1]), inline_text(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def markdown_rules(tokens: list[Token]) -> list[Rule]:
    """Every item of every ordered list, numbered from the list's start as CommonMark does."""
    rules: list[Rule] = []
    numbers: list[Iterator[int] | None] = []  # one per open list, None for a bullet list
    items: list[tuple[int, int] | None] = []  # per open item: (rule index, level) if numbered
    for token in tokens:
        if token.type == "ordered_list_open":
            numbers.append(count(int(token.attrGet("start") or 1)))
        elif token.type == "bullet_list_open":
            numbers.append(None)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            numbers.pop()
        elif token.type == "list_item_open":
            counter = numbers[-1]
            items.append(None if counter is None else (len(rules), token.level))
            if counter is not None:
                rules.append((next(counter), ""))
        elif token.type == "list_item_close":
            items.pop()
        elif token.type == "inline" and items and (item := items[-1]) is not None:
            index, level = item
            if token.level == level + 2:  # the item's own paragraphs, not a nested list's
                number, text = rules[index]
                rules[index] = (number, plain(f"{text} {inline_text(token)}"))
    return rules


def markdown_words(tokens: list[Token]) -> list[str]:
    """Every word the Markdown shows a reader from its first section on, in order (link
    targets are not shown). What comes before it (title, company, "Version 3.2, effective
    March 1, 2026") stands in for the cover, which each format words in its own way."""
    first = next(
        i for i, token in enumerate(tokens) if token.type == "heading_open" and token.tag == "h2"
    )
    return [
        word
        for token in tokens[first:]
        if token.type == "inline"
        for word in words(inline_text(token))
    ]


# --- HTML, as a browser reads it ---------------------------------------------------------


def html_document(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def html_headings(root: lxml.html.HtmlElement) -> list[Heading]:
    return [
        (int(element.tag[1]), plain(element.text_content()))
        for element in root.iter("h1", "h2", "h3", "h4", "h5", "h6")
    ]


def html_rules(root: lxml.html.HtmlElement) -> list[Rule]:
    """Every item of every ordered list with its ordinal value (HTML's list-owner rules).

    The contents is an ``<ol>`` too, but shows no numbers (``list-style: none``).
    """
    rules: list[Rule] = []
    for ordered in root.iter("ol"):
        if any(ancestor.tag == "nav" for ancestor in ordered.iterancestors()):
            continue
        number = _integer(ordered.get("start"), default=1)
        for item in ordered.iterchildren("li"):
            number = _integer(item.get("value"), default=number)
            own = item.__copy__()  # the item's own text, without nested lists
            for nested in own.xpath(".//ol | .//ul"):
                nested.drop_tree()
            rules.append((number, plain(own.text_content())))
            number += 1
    return rules


def _integer(attribute: str | None, *, default: int) -> int:
    """An HTML integer attribute; a browser ignores one that does not parse."""
    match = re.match(r"\s*([+-]?\d+)", attribute or "")
    return int(match[1]) if match else default


# --- Word, as Word numbers its lists -----------------------------------------------------

# An h3 the contents does not list (a rule group of the code of conduct) has its own style,
# which looks like Heading 2 but sits one outline level deeper so that the contents field
# (TOC \o "1-2") leaves it out: it is still an h3 of the chapter.
WORD_HEADING_LEVELS = (
    {"Title": 1, "TOC Heading": 2}
    | {f"Heading {n}": n + 1 for n in range(1, 6)}
    | {UNLISTED_HEADING: 3}
)


def word_headings(document: WordDocument) -> list[Heading]:
    return [
        (WORD_HEADING_LEVELS[paragraph.style.name], plain(paragraph.text))
        for paragraph in document.paragraphs
        if paragraph.style.name in WORD_HEADING_LEVELS
    ]


def word_rules(document: WordDocument) -> list[Rule]:
    """Every paragraph Word numbers with decimal numbers, with the number Word shows.

    Word counts per abstract numbering definition: a ``w:num`` without a start override
    continues the count of the others sharing its definition, one with an override starts
    again at its first paragraph, and a count restarts below a higher level that advances.
    """
    numbering = document.part.numbering_part.element
    nums = {num.get(qn("w:numId")): num for num in numbering.findall(qn("w:num"))}
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    counters: dict[str, dict[int, int]] = {}
    used: set[str] = set()
    rules: list[Rule] = []
    for paragraph in document.paragraphs:
        num_id, level = _numbering_of(paragraph)
        if num_id in (None, "0"):
            continue
        num = nums[num_id]
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        definition = _level(abstracts[abstract_id], level)
        override = num.find(f"{qn('w:lvlOverride')}[@{qn('w:ilvl')}='{level}']")
        if override is not None and override.find(qn("w:lvl")) is not None:
            definition = override.find(qn("w:lvl"))
        counter = counters.setdefault(abstract_id, {})
        start = int(_value(definition, "w:start") or 0)
        if num_id not in used:
            used.add(num_id)
            restart = override.find(qn("w:startOverride")) if override is not None else None
            if restart is not None:
                counter[level] = int(restart.get(qn("w:val"))) - 1
        counter[level] = counter.get(level, start - 1) + 1
        for deeper in [key for key in counter if key > level]:
            del counter[deeper]
        if _value(definition, "w:numFmt") == "decimal":
            rules.append((counter[level], plain(paragraph.text)))
    return rules


def _numbering_of(paragraph: Paragraph) -> tuple[str | None, int]:
    """The paragraph's ``(numId, ilvl)``: its own ``w:numPr``, or its style's."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    for properties in sources:
        numbered = properties.find(qn("w:numPr")) if properties is not None else None
        if numbered is not None and numbered.find(qn("w:numId")) is not None:
            level = numbered.find(qn("w:ilvl"))
            num_id = numbered.find(qn("w:numId")).get(qn("w:val"))
            return num_id, int(level.get(qn("w:val"))) if level is not None else 0
    return None, 0


def _level(abstract: BaseOxmlElement, level: int) -> BaseOxmlElement | None:
    return abstract.find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{level}']")


def _value(element: BaseOxmlElement | None, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


# --- PDF, through its text layer ----------------------------------------------------------


def pdf_lines(path: Path) -> list[str]:
    """The PDF's text layer as poppler gives it to search and copy, line by line."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        unicodedata.normalize("NFC", line).translate(BIDI_CONTROLS) for line in text.split("\n")
    ]


def pdf_headings(lines: list[str], expected: list[Heading], language: str) -> list[str]:
    """The expected headings found in order, each on lines of its own (it may wrap)."""
    found: list[str] = []
    cursor = 0
    for _, title in expected:
        key = pdf_key(title, language)
        for index in range(cursor, len(lines)):
            joined = next(
                (
                    span
                    for span in range(1, 4)
                    if pdf_key(" ".join(lines[index : index + span]), language) == key
                ),
                None,
            )
            if joined:
                found.append(title)
                cursor = index + joined
                break
    return found


def pdf_rules(lines: list[str], language: str) -> list[Rule]:
    """Every numbered list item of the text layer: a line that starts with its number
    ("12. " left to right; pdftotext gives right-to-left lines as ".12" then the text),
    continued by the lines that follow up to a blank line or the next item."""
    marker = re.compile(r"\s*\.(\d+)\s*(.*)" if language in RIGHT_TO_LEFT else r"\s*(\d+)\.\s+(.*)")
    rules: list[tuple[int, list[str]]] = []
    open_item = False
    for line in lines:
        if match := marker.fullmatch(line):
            rules.append((int(match[1]), [match[2]]))
            open_item = True
        elif not line.strip():
            open_item = False
        elif open_item:
            rules[-1][1].append(line)
    return [(number, pdf_key(" ".join(text), language)) for number, text in rules]


# --- Words --------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters (with their marks) or of digits, split where
    the script direction changes, as a right-to-left layout reorders them, compared
    case-insensitively as a viewer's search does."""
    found: list[str] = []
    current, kind = "", ""
    for character in without_compound_hyphens(unicodedata.normalize("NFC", text)):
        category = unicodedata.category(character)
        if category.startswith("M") and current:
            current += character
            continue
        if category.startswith("L"):
            this = "L" if unicodedata.bidirectional(character) == "L" else "R"
        elif category.startswith("N"):
            this = "N"
        else:
            this = ""
        if this != kind and current:
            found.append(current.casefold())
            current = ""
        kind = this
        if this:
            current += character
    if current:
        found.append(current.casefold())
    return found


def missing_words(markdown: list[str], pdf_text: str, language: str) -> list[str]:
    """The Markdown's words the PDF's text layer has fewer times than the Markdown does."""
    if language == "zh":
        # No spaces between Chinese words: search, as a viewer does, for the characters.
        text = without_compound_hyphens(re.sub(r"\s", "", pdf_text)).casefold()
        wanted = Counter(markdown)
        return sorted(word for word, times in wanted.items() if text.count(word) < times)
    shortfall = Counter(markdown) - Counter(words(pdf_text))
    return sorted(shortfall)


# --- The tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_headings_and_numbered_rules_are_the_same_in_every_format(
    built: Path, language: str
) -> None:
    tokens = markdown_tokens(built / f"ethics-code.{language}.md")
    headings, rules = markdown_headings(tokens), markdown_rules(tokens)
    assert len(headings) > 30
    assert len(rules) > 30
    assert [number for number, _ in rules] == list(range(1, len(rules) + 1))

    html = html_document(built / f"ethics-code.{language}.html")
    assert html_headings(html) == headings
    assert html_rules(html) == rules

    word = docx.Document(str(built / f"ethics-code.{language}.docx"))
    assert word_headings(word) == headings
    assert word_rules(word) == rules

    lines = pdf_lines(built / f"ethics-code.{language}.pdf")
    assert pdf_headings(lines, headings, language) == [title for _, title in headings]
    assert pdf_rules(lines, language) == [(n, pdf_key(text, language)) for n, text in rules]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_of_the_markdown_is_findable_in_the_pdf(built: Path, language: str) -> None:
    markdown = markdown_words(markdown_tokens(built / f"ethics-code.{language}.md"))
    assert len(markdown) > 500
    pdf_text = "\n".join(pdf_lines(built / f"ethics-code.{language}.pdf"))
    assert missing_words(markdown, pdf_text, language) == []


# --- The cover: the page view, in every format ----------------------------------------------


def cover_texts(page: PageView) -> list[str]:
    """The cover in reading order: company, title, subtitle, each fact's label and value,
    and a translation's note."""
    facts = [text for fact in page.facts for text in (fact.label, fact.value)]
    note = [page.translation_note] if page.translation_note else []
    return [page.company, page.title, page.subtitle, *facts, *note]


def same_pdf_line(line: str, text: str, language: str) -> bool:
    """``line`` of the PDF's text layer shows ``text``. In a right-to-left line pdftotext
    gives the runs of the other direction in visual order (an Urdu date comes back with
    its year before its comma): there, the same characters."""
    found, expected = pdf_key(line, language), pdf_key(text, language)
    return found == expected or (language in RIGHT_TO_LEFT and sorted(found) == sorted(expected))


def pdf_texts(lines: list[str], expected: list[str], language: str) -> list[str]:
    """The expected texts found one after the other, taking up all of ``lines``: each on
    a line of its own or wrapped over a few."""
    found: list[str] = []
    cursor = 0
    for text in expected:
        span = next(
            (
                span
                for span in range(1, 4)
                if same_pdf_line(" ".join(lines[cursor : cursor + span]), text, language)
            ),
            None,
        )
        if span is None:
            break
        found.append(text)
        cursor += span
    return found if cursor == len(lines) else [*found, *lines[cursor:]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_cover_and_running_header_are_the_page_view_in_every_format(
    built: Path, language: str
) -> None:
    source = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["source"]
    document, values_file = load_located(Path(source))
    logo = read_logo(Path(source), values_file, document)
    page = page_view(compose(Path(source), language=language), logo)
    expected = [plain(text) for text in cover_texts(page)]
    assert len(expected) >= 7

    cover = html_document(built / f"ethics-code.{language}.html").find_class("cover")[0]
    assert [plain(e.text_content()) for e in cover.iter("p", "h1", "th", "td")] == expected

    word = docx.Document(str(built / f"ethics-code.{language}.docx"))
    paragraphs = word.paragraphs
    if page.logo is not None:
        # The logo, a picture first on the cover, says the same to a screen reader.
        assert [img.get("alt") for img in cover.iter("img")] == [str(page.logo.alt)]
        logo, *paragraphs = paragraphs
        assert logo.text == "" and logo._p.xpath(".//wp:docPr/@descr") == [str(page.logo.alt)]
    notes = [p.text for p in paragraphs if p.style.name == "Cover Note"]
    facts = [cell.text for row in word.tables[0].rows for cell in row.cells]
    assert [plain(text) for text in [p.text for p in paragraphs[:3]] + facts + notes] == (expected)
    assert plain(word.sections[0].header.paragraphs[0].text) == plain(page.running_header)

    lines = [line for line in pdf_lines(built / f"ethics-code.{language}.pdf") if line.strip()]
    second_page = next(index for index, line in enumerate(lines) if "\f" in line)
    assert pdf_texts(lines[:second_page], expected, language) == expected
    # The running header: the cover's company · title, and its version label and version.
    version = next(fact for fact in page.facts if fact.key == "version")
    header = [line.replace("\f", "") for line in lines[second_page : second_page + 2]]
    shown = {page.running_header, f"{version.label} {version.value}"}
    assert all(any(same_pdf_line(line, text, language) for text in shown) for line in header)
