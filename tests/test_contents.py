"""The contents lists the headings the chapter actually has, in every format.

With the README's own foreword override (a custom section that writes a heading of its
own), and without it: the Markdown contents, the HTML ``nav.contents`` (and the PDF's, laid
out from it) and the DOCX contents each list every h2 and the h3 of the values and
policies, in order, and each entry links to its heading. What is expected is read from
the rendered HTML body itself.
"""

from __future__ import annotations

import io
import subprocess
from functools import cache
from pathlib import Path

import docx
import lxml.html
import pytest
from markdown_it import MarkdownIt  # rich's Markdown parser: CommonMark
from pypdf import PdfReader

from ethos.chapter.compose import Chapter
from ethos.chapter.outline import new_converter
from ethos.publish.build import build, compose
from ethos.render.docx import render_docx
from ethos.render.html import render_html

from conftest import EXAMPLES
from helpers import foreword_templates

Entry = tuple[int, str, str]  # level, title, the id it links to
CHAPTERS = [
    (example.stem, language, foreword)
    for example in EXAMPLES
    for language in ("en", "it", "ur", "zh")
    for foreword in (False, True)
]


@pytest.fixture(scope="module")
def foreword_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return foreword_templates(tmp_path_factory.mktemp("templates"))


@cache
def chapter(example: str, language: str, templates: Path | None = None) -> Chapter:
    path = next(path for path in EXAMPLES if path.stem == example)
    return compose(path, (templates,) if templates else (), language)


@cache
def html_page(example: str, language: str, templates: Path | None = None) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(render_html(chapter(example, language, templates)))


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def expected_entries(composed: Chapter, page: lxml.html.HtmlElement) -> list[Entry]:
    """Every h2 of the HTML body, and every h3 under the h2 "Our values", "Our policies" or
    "Conduct at work"."""
    gettext = composed.locale.translations.gettext
    detailed = {gettext("Our values"), gettext("Our policies"), gettext("Conduct at work")}
    entries: list[Entry] = []
    parent = ""
    for heading in page.xpath("//main//*[self::h2 or self::h3]"):
        title = _text(heading)
        if heading.tag == "h2":
            parent = title
        if heading.tag == "h2" or parent in detailed:
            entries.append((int(heading.tag[1]), title, heading.get("id")))
    return entries


def linked_headings(page: lxml.html.HtmlElement, links: list[Entry]) -> list[Entry]:
    """For each link, the heading its id names: (level, the heading's text, id)."""
    found = []
    for _, _, anchor in links:
        targets = page.xpath("//*[@id=$anchor]", anchor=anchor)
        assert len(targets) == 1, f"#{anchor}: {len(targets)} elements have this id"
        found.append((int(targets[0].tag[1]), _text(targets[0]), anchor))
    return found


@pytest.mark.parametrize(("example", "language", "foreword"), CHAPTERS)
def test_html_contents_lists_the_composed_headings_and_links_to_them(
    example: str, language: str, foreword: bool, foreword_dir: Path
) -> None:
    templates = foreword_dir if foreword else None
    composed = chapter(example, language, templates)
    page = html_page(example, language, templates)
    nav = page.xpath("//nav[contains(@class, 'contents')]")[0]
    links = [
        (len(link.xpath("ancestor::ol")) + 1, _text(link), link.get("href").removeprefix("#"))
        for link in nav.xpath(".//a")
    ]
    expected = expected_entries(composed, page)
    assert links == expected
    assert linked_headings(page, links) == expected
    if foreword:
        # The template's "## Foreword" opens the introduction section: its entry comes
        # right before the introduction's, after a foreword the values file may have.
        built_in = expected_entries(chapter(example, language), html_page(example, language))
        (added,) = [entry for entry in links if entry not in built_in]
        position = links.index(added)
        assert added[1] == "Foreword"
        assert links[:position] + links[position + 1 :] == built_in
        introduction = composed.locale.translations.gettext("Introduction")
        assert links[position + 1][1] == introduction


@pytest.mark.parametrize(("example", "language", "foreword"), CHAPTERS)
def test_markdown_contents_lists_the_composed_headings_and_links_to_them(
    example: str, language: str, foreword: bool, foreword_dir: Path
) -> None:
    templates = foreword_dir if foreword else None
    composed = chapter(example, language, templates)
    # The Markdown file itself, converted the way ethos converts chapters: its own ids.
    markdown_page = lxml.html.fromstring(new_converter().convert(composed.markdown))
    title = composed.locale.translations.gettext("Contents")
    (contents,) = markdown_page.xpath(
        "//h2[normalize-space()=$title]/following-sibling::ul[1]", title=title
    )
    links = [
        (len(link.xpath("ancestor::ul")) + 1, _text(link), link.get("href").removeprefix("#"))
        for link in contents.xpath(".//a")
    ]
    expected = expected_entries(composed, html_page(example, language, templates))
    # Same titles and levels as the HTML contents, and the same anchors as the HTML ids.
    assert links == expected
    assert linked_headings(markdown_page, links) == expected
    # A CommonMark reader (GitHub, pandoc) nests the contents the same way.
    commonmark = lxml.html.fromstring(MarkdownIt("commonmark").render(composed.markdown))
    (contents,) = commonmark.xpath(
        "//h2[normalize-space()=$title]/following-sibling::ul[1]", title=title
    )
    nested = [(len(link.xpath("ancestor::ul")) + 1, _text(link)) for link in contents.xpath(".//a")]
    assert nested == [(level, text) for level, text, _ in expected]


@pytest.mark.parametrize(
    ("example", "language", "foreword"),
    [chapter_key for chapter_key in CHAPTERS if chapter_key[1] in ("en", "ur")],
)
def test_docx_contents_lists_the_composed_headings_and_links_to_them(
    example: str, language: str, foreword: bool, foreword_dir: Path
) -> None:
    templates = foreword_dir if foreword else None
    composed = chapter(example, language, templates)
    document = docx.Document(io.BytesIO(render_docx(composed)))
    bookmarked = {
        name: paragraph
        for paragraph in document.paragraphs
        for name in paragraph._p.xpath(".//w:bookmarkStart/@w:name")
    }
    entries, targets = [], []
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("toc "):
            level = int(paragraph.style.name.removeprefix("toc ")) + 1
            (anchor,) = paragraph._p.xpath(".//w:hyperlink/@w:anchor")
            target = bookmarked[anchor]
            entries.append((level, paragraph.text))
            targets.append((target.style.name, target.text))
    expected = expected_entries(composed, html_page(example, language, templates))
    assert entries == [(level, title) for level, title, _ in expected]
    assert targets == [(f"Heading {level - 1}", title) for level, title, _ in expected]


@pytest.mark.pdf
def test_pdf_contents_links_every_entry_to_the_page_of_its_heading(
    tmp_path: Path, foreword_dir: Path
) -> None:
    path = next(path for path in EXAMPLES if path.stem == "acme-outfitters")
    result = build(
        path, languages=["it"], formats=["pdf"], out_dir=tmp_path, template_dirs=[foreword_dir]
    )
    (pdf,) = [output for output in result.outputs if output.suffix == ".pdf"]
    reader = PdfReader(pdf)
    # The chapter's only internal links are the contents entries (one per text, leader and
    # page number: consecutive repeats are one entry).
    links: list[str] = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            target = annotation.get_object().get("/Dest")
            if target is not None and (not links or links[-1] != target):
                links.append(str(target))
    composed = chapter("acme-outfitters", "it", foreword_dir)
    expected = expected_entries(composed, html_page("acme-outfitters", "it", foreword_dir))
    assert links == [anchor for _, _, anchor in expected]
    for _, title, anchor in expected:
        number = reader.get_destination_page_number(reader.named_destinations[anchor])
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(number + 1), "-l", str(number + 1), pdf, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert title in " ".join(text.split()), f"{title} is not on page {number + 1}"
