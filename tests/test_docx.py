"""The DOCX, checked by reading it back with python-docx and, where Word's structures have
no python-docx API (numbering, fields, bookmarks, direction), by its XML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt

from ethos.chapter.compose import Chapter
from ethos.errors import RenderError
from ethos.publish.build import compose
from ethos.render.body import body_html
from ethos.render.docx import render_docx
from ethos.render.page import page_view
from ethos.values.loading import load_located
from ethos.values.logo import read_logo
from ethos.wording.languages import LANGUAGES

from conftest import EXAMPLES
from helpers import foreword_templates

NAMES = [path.stem for path in EXAMPLES]
ACME = "acme-outfitters"
BRIGHTLINE = "brightline-electronics"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def foreword_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return foreword_templates(tmp_path_factory.mktemp("templates"))


@cache
def chapter(example: str, language: str) -> Chapter:
    return compose(next(path for path in EXAMPLES if path.stem == example), language=language)


@cache
def rendered(example: str, language: str) -> bytes:
    return render_docx(chapter(example, language))


def opened(example: str, language: str) -> Document:
    return docx.Document(io.BytesIO(rendered(example, language)))


def parts(data: bytes, pattern: str) -> dict[str, ET.Element]:
    """The package's XML parts whose names match ``pattern``, parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: ET.fromstring(package.read(name))
            for name in package.namelist()
            if re.fullmatch(pattern, name)
        }


def html_lists(html: str) -> list[tuple[str, int, int]]:
    """Each list of the body HTML as (tag, first number, items)."""
    return [
        (match[1], int(match[2] or 1), match[3].count("<li"))
        for match in re.finditer(r'<(ol|ul)(?: start="(\d+)")?>(.*?)</\1>', html, re.S)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("example", NAMES)
def test_every_heading_is_a_word_heading_in_order(example: str, language: str) -> None:
    document, composed = opened(example, language), chapter(example, language)
    found = [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith(("Heading", "Title", "Unlisted Heading"))
    ]
    listed = set(composed.contents)
    expected = [
        (f"Heading {h.level - 1}" if h in listed else "Unlisted Heading", h.title)
        for h in composed.headings
    ]
    assert found == [("Title", composed.title), *expected]


@pytest.mark.parametrize(("example", "language"), [(ACME, "en"), (ACME, "ur"), (NAMES[1], "zh")])
def test_lists_are_word_numbering_numbered_as_the_html_numbers_them(
    example: str, language: str
) -> None:
    document = opened(example, language)
    numbering = document.part.numbering_part.element
    found: list[tuple[str, int, int]] = []
    previous = None
    for paragraph in document.paragraphs:
        num_id = paragraph._p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)")
        if not num_id:
            previous = None
            continue
        assert paragraph._p.xpath("string(w:pPr/w:numPr/w:ilvl/@w:val)") == "0"
        ordered = paragraph.style.name == "List Number"
        assert ordered or paragraph.style.name == "List Bullet"
        if num_id == previous:
            tag, start, items = found[-1]
            found[-1] = (tag, start, items + 1)
            continue
        previous = num_id
        num = numbering.xpath(f'w:num[@w:numId="{num_id}"]')[0]
        abstract = num.xpath("string(w:abstractNumId/@w:val)")
        level = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="0"]')[
            0
        ]
        assert level.find(qn("w:numFmt")).get(qn("w:val")) == ("decimal" if ordered else "bullet")
        start = num.xpath("string(w:lvlOverride/w:startOverride/@w:val)")
        found.append(("ol" if ordered else "ul", int(start or 1), 1))
    expected = html_lists(body_html(chapter(example, language)))
    assert found == expected
    # The code of conduct numbers on across its groups: 1-3, 4-7, 8-10 ...
    starts = [start for tag, start, _ in found if tag == "ol"]
    assert starts[:3] == [1, 4, 8]
    # Word draws the numbers: none is typed into the text.
    assert not [p.text for p in document.paragraphs if re.match(r"\d+\.", p.text)]


@pytest.mark.parametrize("example", NAMES)
def test_tables_have_a_grid_and_a_header_row_repeated_on_every_page(example: str) -> None:
    document = opened(example, "en")
    html = body_html(chapter(example, "en"))
    headers = [
        re.findall(r"<th[^>]*>(.*?)</th>", table)
        for table in re.findall(r"<table>(.*?)</table>", html, re.S)
    ]
    tables = document.tables[1:]  # the first holds the cover's facts
    assert len(tables) == len(headers) >= 1
    for table, header in zip(tables, headers, strict=True):
        assert table.style.name == "Table Grid"
        assert [cell.text for cell in table.rows[0].cells] == header
        repeated = [bool(row._tr.xpath("w:trPr/w:tblHeader")) for row in table.rows]
        assert repeated == [True] + [False] * (len(table.rows) - 1)
    grid = document.styles["Table Grid"].element.xpath("w:tblPr/w:tblBorders/*/@w:val")
    assert set(grid) == {"single"} and len(grid) == 6


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_acknowledgment_starts_a_new_page_with_room_to_write(language: str) -> None:
    document, composed = opened(ACME, language), chapter(ACME, language)
    sections = [h.title for h in composed.headings if h.level == 2]
    new_pages = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    contents = composed.locale.translations.gettext("Contents")
    assert new_pages == [contents, sections[0], sections[-1]]
    form = document.tables[-1]
    for row in form.rows[1:]:
        assert row.height_rule == WD_ROW_HEIGHT_RULE.AT_LEAST
        assert row.height >= Pt(24)
        assert row.cells[1].text == ""
    assert form.columns[0].width < form.columns[1].width / 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_document_properties(language: str) -> None:
    document, composed = opened(ACME, language), chapter(ACME, language)
    properties = document.core_properties
    assert properties.title == composed.title
    assert properties.author == "Acme Outfitters"
    assert properties.language == composed.locale.html_lang
    assert "Acme Outfitters" in properties.subject and "3.2" in properties.subject
    assert properties.keywords
    # The effective date, not the time of the build.
    assert properties.created == properties.modified == dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    assert properties.last_modified_by == "ethos"


@pytest.mark.parametrize(
    ("example", "width", "height"), [(ACME, Mm(210), Mm(297)), (NAMES[1], Inches(8.5), Inches(11))]
)
def test_paper_size_comes_from_the_values_file(example: str, width: int, height: int) -> None:
    section = opened(example, "en").sections[0]
    assert abs(section.page_width - width) < Mm(0.1)
    assert abs(section.page_height - height) < Mm(0.1)


def test_urdu_paragraphs_runs_tables_and_section_are_right_to_left() -> None:
    stories = parts(rendered(ACME, "ur"), r"word/(document|header\d+|footer\d+)\.xml")
    assert len(stories) == 5  # the body, and a header and a footer for the cover and the rest
    latin_runs = []
    for root in stories.values():
        for paragraph in root.iter(f"{W}p"):
            assert paragraph.find(f"{W}pPr/{W}bidi") is not None
        for run in root.iter(f"{W}r"):
            direction = run.find(f"{W}rPr/{W}rtl")
            assert direction is not None
            if direction.get(f"{W}val") == "0":
                latin_runs.append("".join(run.itertext()))
        for table in root.iter(f"{W}tbl"):
            assert table.find(f"{W}tblPr/{W}bidiVisual") is not None
    # Only Latin names and addresses (first-strong isolates) and Latin runs inside the
    # company's Urdu text (left-to-right isolates), kept in their isolates, run left to right.
    assert "\u2068Acme Outfitters\u2069" in latin_runs
    assert "\u2068+1 555 0142\u2069" in latin_runs
    assert "\u20662011/83/EU\u2069" in latin_runs
    for text in latin_runs:
        assert text.startswith(("\u2068", "\u2066")) and text.endswith("\u2069")
        assert not ARABIC.search(text)
    body = stories["word/document.xml"]
    assert body.find(f"{W}body/{W}sectPr/{W}bidi") is not None


def test_left_to_right_chapters_say_nothing_about_direction() -> None:
    for root in parts(rendered(ACME, "en"), r"word/.*\.xml").values():
        assert not list(root.iter(f"{W}bidi"))
        assert not list(root.iter(f"{W}rtl"))


@pytest.mark.parametrize(
    ("language", "body", "heading", "lang"),
    [
        ("en", "Noto Serif", "Noto Sans", {"val": "en", "eastAsia": "en", "bidi": "en"}),
        (
            "zh",
            "Noto Serif CJK SC",
            "Noto Sans CJK SC",
            {"val": "en", "eastAsia": "zh-CN", "bidi": "zh-CN"},
        ),
        (
            "ur",
            "Noto Naskh Arabic",
            "Noto Naskh Arabic",
            {"val": "en", "eastAsia": "ur", "bidi": "ur"},
        ),
    ],
)
def test_fonts_and_language_come_from_the_language_setup(
    language: str, body: str, heading: str, lang: dict[str, str]
) -> None:
    data = rendered(ACME, language)
    styles = parts(data, r"word/styles\.xml")["word/styles.xml"]
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults is not None
    fonts = defaults.find(f"{W}rFonts")
    assert fonts is not None
    assert fonts.get(f"{W}eastAsia") == fonts.get(f"{W}cs") == body
    # Noto Naskh Arabic has no Latin letters: Latin text in Urdu takes the next font.
    latin = "Noto Serif" if language == "ur" else body
    assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == latin
    tagged = defaults.find(f"{W}lang")
    assert tagged is not None
    assert {key.removeprefix(W): value for key, value in tagged.attrib.items()} == lang
    heading_fonts = styles.find(f"{W}style[@{W}styleId='Heading1']/{W}rPr/{W}rFonts")
    assert heading_fonts is not None
    assert heading_fonts.get(f"{W}eastAsia") == heading_fonts.get(f"{W}cs") == heading
    # No theme font (Calibri, or Japanese forms for Chinese) is left to override them.
    assert "Theme" not in ET.tostring(styles, encoding="unicode").replace("themeColor", "")
    # No run names a font of its own: every run, Chinese included, takes the language's.
    document = parts(data, r"word/document\.xml")["word/document.xml"]
    assert not list(document.iter(f"{W}rFonts"))


@pytest.mark.parametrize("language", ["en", "ur", "zh"])
def test_links_are_word_hyperlinks_and_contents_entries_reach_their_headings(language: str) -> None:
    document, composed = opened(ACME, language), chapter(ACME, language)
    targets = {
        r_id: rel.target_ref
        for r_id, rel in document.part.rels.items()
        if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK
    }
    body = document.element.body
    linked = {targets[r_id] for r_id in body.xpath("//w:hyperlink/@r:id")}
    assert linked == {
        "mailto:ethics@acme-outfitters.example",
        "tel:+15550142",
        "https://acme-outfitters.example/speak-up",
    }
    for link in body.xpath("//w:hyperlink[@r:id]"):
        assert link.xpath("string(.//w:rStyle/@w:val)") == "Hyperlink"
    bookmarks = body.xpath("//w:bookmarkStart/@w:name")
    assert len(bookmarks) == len(set(bookmarks)) == len(composed.headings)
    assert all(len(name) <= 40 and "-" not in name for name in bookmarks)
    anchors = body.xpath("//w:hyperlink/@w:anchor")
    assert len(anchors) == len(composed.contents)
    assert set(anchors) <= set(bookmarks)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_contents_is_a_word_toc_field_that_already_lists_the_headings(language: str) -> None:
    document, composed = opened(ACME, language), chapter(ACME, language)
    body = document.element.body
    assert 'TOC \\o "1-2" \\h' in "".join(body.xpath("//w:instrText/text()"))
    entries = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("toc ")
    ]
    assert entries == [(f"toc {h.level - 1}", h.title) for h in composed.contents]
    kinds = body.xpath("//w:fldChar/@w:fldCharType")
    assert kinds == ["begin", "separate", "end"]
    update = document.settings.element.xpath("string(w:updateFields/@w:val)")
    assert update == "true"


def toc_field_entries(document: Document) -> list[tuple[int, str]]:
    """The entries Word lists when it updates the document's TOC field, worked out from the
    document as Word defines the switches: ``\\o "a-b"`` takes the paragraphs in the
    built-in styles "heading a" to "heading b", ``\\u`` the paragraphs whose outline level
    (set on the paragraph, or on its style or a style that one is based on) is a to b;
    each is listed at its level. The field's own entries (styles "toc N") are not."""
    code = "".join(document.element.body.xpath("//w:instrText/text()"))
    low, high = map(int, re.search(r'\\o "(\d)-(\d)"', code).groups())  # type: ignore[union-attr]
    by_outline = re.search(r"\\u\b", code) is not None
    styles = {style.style_id: style.element for style in document.styles}

    def style_outline(style_id: str | None) -> int | None:
        while style_id in styles:
            style = styles[style_id]
            levels = style.xpath("w:pPr/w:outlineLvl/@w:val")
            if levels:
                return int(levels[0]) + 1
            based_on = style.xpath("w:basedOn/@w:val")
            style_id = based_on[0] if based_on else None
        return None

    entries = []
    for paragraph in document.paragraphs:
        style = paragraph._p.style or document.styles.default(1).style_id
        name = styles[style].xpath("string(w:name/@w:val)")
        if name.startswith("toc "):
            continue
        heading = re.fullmatch(r"heading (\d)", name)
        direct = paragraph._p.xpath("w:pPr/w:outlineLvl/@w:val")
        outline = int(direct[0]) + 1 if direct else style_outline(style)
        if heading and low <= int(heading[1]) <= high:
            entries.append((int(heading[1]), paragraph.text))
        elif by_outline and outline is not None and low <= outline <= high:
            entries.append((outline, paragraph.text))
    return entries


@pytest.mark.parametrize(
    ("example", "language", "foreword"),
    [
        *((example, language, False) for example in NAMES for language in LANGUAGES),
        # With the README's foreword override (a custom section with its own heading).
        *((example, language, True) for example, language in [(ACME, "en"), (BRIGHTLINE, "it")]),
    ],
)
def test_the_contents_field_updated_lists_what_it_cached_and_the_html_lists(
    example: str, language: str, foreword: bool, foreword_dir: Path
) -> None:
    if foreword:
        path = next(path for path in EXAMPLES if path.stem == example)
        composed = compose(path, (foreword_dir,), language)
        document = docx.Document(io.BytesIO(render_docx(composed)))
    else:
        document, composed = opened(example, language), chapter(example, language)
    cached = [
        (int(p.style.name.removeprefix("toc ")), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("toc ")
    ]
    assert cached == [(h.level - 1, h.title) for h in composed.contents]
    assert toc_field_entries(document) == cached


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_and_page_numbers_on_every_page_but_the_cover(language: str) -> None:
    document, composed = opened(ACME, language), chapter(ACME, language)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    assert section.first_page_footer.paragraphs[0].text == ""
    company = composed.locale.isolate("Acme Outfitters")
    assert section.header.paragraphs[0].text == f"{company} · {composed.title}"
    footer = section.footer.paragraphs[0]
    fields = [code.strip() for code in footer._p.xpath(".//w:instrText/text()")]
    assert fields == ["PAGE", "NUMPAGES"]
    pattern = composed.locale.translations.gettext("Page %(page)s of %(pages)s")
    assert footer.text == pattern % {"page": "1", "pages": "1"}  # until Word counts


@pytest.mark.parametrize("language", ["en", "it", "ur"])
def test_cover_has_the_html_cover_in_the_same_words(language: str) -> None:
    document, composed = opened(ACME, language), chapter(ACME, language)
    gettext = composed.locale.translations.gettext
    isolate = composed.locale.isolate
    company = composed.values_file.company
    cover = [p.text for p in document.paragraphs[:3]]
    assert cover == [
        isolate(company.name),
        composed.title,
        gettext("Employee handbook: the ethics chapter"),
    ]
    facts = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert facts == [
        [gettext("Version"), isolate("3.2")],
        [gettext("Effective"), composed.effective_date],
        [gettext("Issued by"), isolate("Acme Outfitters Cooperative Ltd.")],
        [gettext("Industry"), isolate(str(company.industry))],
    ]
    notes = [p.text for p in document.paragraphs if p.style.name == "Cover Note"]
    if language == "en":
        assert notes == []
    else:
        assert composed.authoritative
        assert len(notes) == 1 and notes[0].count(composed.authoritative) == 2


def test_no_style_spaces_its_letters() -> None:
    """As in style.css: no letter spacing on the title and subtitle (python-docx's template
    has some), which in Urdu would pull the joined letters apart."""
    styles = parts(rendered(ACME, "ur"), r"word/styles\.xml")["word/styles.xml"]
    spaced = [
        style.get(f"{W}styleId")
        for style in styles.iter(f"{W}style")
        if style.get(f"{W}type") == "paragraph" and style.find(f"{W}rPr/{W}spacing") is not None
    ]
    assert spaced == []


def test_the_same_chapter_gives_the_same_bytes() -> None:
    path = EXAMPLES[0]
    first = render_docx(compose(path, language="ur"))
    assert render_docx(compose(path, language="ur")) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"<Application>ethos" in package.read("docProps/app.xml")
    # python-docx's template thumbnail (an empty page) is not passed on.
    assert not [name for name in names if "thumbnail" in name]


BODY = "\n".join(
    [
        "## First",
        "",
        "Text with `code`, <ins>added</ins> and <del>removed</del> words,  ",
        "a line break and a [link back](#first).",
        "",
        "> A quoted line.",
        "",
        "---",
        "",
        "#### Detail",
        "",
        "1. one",
        "    - nested",
        "2. two",
        "",
        "## A heading far too long to be a Word bookmark name as it stands",
        "",
        "## A heading far too long to be a Word bookmark name as it stands",
        "",
        "Last.",
        "",
    ]
)


def test_markup_the_examples_do_not_use() -> None:
    # Without the sections' names (no heading is known to come from one), the last
    # section is taken as the acknowledgment.
    composed = dataclasses.replace(chapter(ACME, "en"), body=BODY, headings=[])
    document = docx.Document(io.BytesIO(render_docx(composed)))
    body = document.element.body
    by_text = {p.text: p for p in document.paragraphs}
    assert by_text["Detail"].style.name == "Heading 3"
    assert by_text["A quoted line."].style.name == "Quote"
    text = "Text with code, added and removed words,\na line break and a link back."
    runs = {run.text: run for run in by_text[text].runs}
    assert runs["code"].font.name == "Noto Sans Mono"
    assert runs["added"].font.underline
    assert runs["removed"].font.strike
    assert body.xpath("//w:p/w:pPr/w:pBdr/w:bottom")  # the horizontal rule
    nested = by_text["nested"]
    assert nested.style.name == "List Bullet 2"
    assert nested._p.xpath("string(w:pPr/w:numPr/w:ilvl/@w:val)") == "1"
    assert body.xpath("//w:hyperlink/@w:anchor") == ["first"]
    bookmarks = body.xpath("//w:bookmarkStart/@w:name")
    assert "first" in bookmarks
    long_names = [name for name in bookmarks if name.startswith("a_heading")]
    assert len(long_names) == len(set(long_names)) == 2
    assert all(len(name) <= 40 for name in long_names)
    new_pages = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert new_pages[1:] == [
        "First",
        "A heading far too long to be a Word bookmark name as it stands",
    ]
    assert len([p for p in document.paragraphs if p.text.startswith("A heading far")]) == 2


def test_text_word_cannot_hold_is_a_render_error() -> None:
    # Validation refuses control characters; a template override could still add one.
    composed = dataclasses.replace(chapter(ACME, "en"), body="## A\n\nbad \x01 text\n")
    with pytest.raises(RenderError, match="cannot write the DOCX"):
        render_docx(composed)


def test_ethos_build_writes_the_docx_and_records_it(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    example = EXAMPLES[0]
    result = cli("build", example, "--lang", "en,ur", "--format", "docx", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    directory = tmp_path / "acme-outfitters"
    assert sorted(path.name for path in directory.glob("[!.]*")) == [
        "ethics-code.en.docx", "ethics-code.ur.docx", "manifest.json",
    ]  # fmt: skip
    # The build embeds the example's logo; the same chapter and logo give the same bytes.
    document, values_file = load_located(example)
    page = page_view(chapter(example.stem, "ur"), read_logo(example, values_file, document))
    assert (directory / "ethics-code.ur.docx").read_bytes() == render_docx(
        chapter(example.stem, "ur"), page
    )
    again = cli("build", example, "--lang", "en,ur", "--format", "docx", "--out", tmp_path)
    assert f"{directory}: up to date (2 files)" in again.output
