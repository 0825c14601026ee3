"""Formatting in company text: bold, italic, lists, paragraphs and https/mailto links.

Each construct is written in a values file and found in all four outputs, each read as
its own client reads it: the Markdown as CommonMark (GitHub), the HTML, the PDF's text
layer and links, the Word file's runs, list styles and hyperlinks. Everything else a
company writes stays literal text (tests/hostile/markdown-subset.yaml for md, html and
pdf; here for docx), and the Markdown ethos writes reads the same in a CommonMark
renderer as in ethos's own HTML, whatever the text.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import lxml.html
import pypdf
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ethos import build
from ethos.changes.redline import redline
from ethos.chapter.company_markdown import company_blocks, company_inline
from ethos.chapter.markdown_text import escape_markdown
from ethos.chapter.outline import new_converter
from ethos.publish.build import compose
from ethos.render.body import body_html, markdown_html
from test_hostile import CANARY_TEXT, HERE
from test_properties import PROPERTY

from helpers import inflated_streams, values_data, write_values

pytestmark = pytest.mark.pdf

FORMATTED = values_data(
    values=[
        {"id": "bold", "title": "Bold", "statement": "Replies take **one business day** at most.",
         "behaviours": ["Say **thank you** every time."]},
        {"id": "italic", "title": "Italic", "statement": "We *always* listen."},
        {"id": "bullets", "title": "Bullets",
         "statement": "We offer:\n\n- repair first\n- refund second"},
        {"id": "numbers", "title": "Numbers",
         "statement": "Our steps:\n\n3. listen closely\n4. act quickly"},
        {"id": "paragraphs", "title": "Paragraphs",
         "statement": "First paragraph here.\nStill the first.\n\nSecond paragraph here."},
        {"id": "web", "title": "Web",
         "statement": "See [our help page](https://help.test.example/returns)."},
        {"id": "mail", "title": "Mail",
         "statement": "Write to [the ethics desk](mailto:desk@test.example)."},
    ],
    policies={"returns": {"stance": "limited", "window_days": 30,
                          "conditions": ["the item is **unused**"],
                          "note": "- gifts *with* a receipt\n- items bought online"}},
    revisions=[{"version": "1.0", "date": "2026-02-01",
                "summary": "First *edition*, see [notes](https://test.example/notes)"}],
)  # fmt: skip


@dataclass
class Outputs:
    markdown: lxml.html.HtmlElement  # the Markdown file as CommonMark renders it
    html: lxml.html.HtmlElement
    pdf_lines: list[str]
    pdf_links: set[str]
    word: Document


def _pdf_links(path: Path) -> set[str]:
    links = set()
    for page in pypdf.PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                links.add(str(action["/URI"]))
    return links


def _read(directory: Path) -> Outputs:
    markdown = (directory / "ethics-code.en.md").read_text(encoding="utf-8")
    pdf = directory / "ethics-code.en.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    return Outputs(
        markdown=lxml.html.fromstring(MarkdownIt("commonmark").enable("table").render(markdown)),
        html=lxml.html.fromstring((directory / "ethics-code.en.html").read_bytes()),
        pdf_lines=[" ".join(line.split()) for line in text.splitlines()],
        pdf_links=_pdf_links(pdf),
        word=docx.Document(str(directory / "ethics-code.en.docx")),
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    directory = tmp_path_factory.mktemp("formatted")
    result = build(write_values(directory, FORMATTED), formats=["md", "html", "pdf", "docx"],
                   out_dir=directory / "out")  # fmt: skip
    assert len(result.outputs) == 4
    return _read(result.directory)


# --- Word: paragraphs with their style, and runs with their marks and link ---------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool
    italic: bool
    link: str | None


def word_paragraphs(document: Document) -> list[tuple[str, str, list[Run]]]:
    """(style name, text, runs) of every paragraph, those in tables too."""
    paragraphs = list(document.paragraphs)
    paragraphs += [p for table in document.tables for cell in table._cells for p in cell.paragraphs]
    relations = document.part.rels
    found = []
    for paragraph in paragraphs:
        runs = []
        for run in paragraph._p.iter(qn("w:r")):
            link = run.getparent()
            target = None
            if link.tag == qn("w:hyperlink") and link.get(qn("r:id")):
                target = relations[link.get(qn("r:id"))].target_ref
            marks = run.find(qn("w:rPr"))
            runs.append(Run(
                "".join(t.text or "" for t in run.iter(qn("w:t"))),
                marks is not None and marks.find(qn("w:b")) is not None,
                marks is not None and marks.find(qn("w:i")) is not None,
                target,
            ))  # fmt: skip
        found.append((paragraph.style.name, "".join(r.text for r in runs), runs))
    return found


def word_run(document: Document, text: str) -> Run:
    runs = [run for _, _, runs in word_paragraphs(document) for run in runs if run.text == text]
    assert len(runs) == 1, (text, runs)
    return runs[0]


def word_styles(document: Document, *texts: str) -> list[str]:
    by_text = {text: style for style, text, _ in word_paragraphs(document)}
    return [by_text.get(text, "(missing)") for text in texts]


def list_start(document: Document, text: str) -> int:
    paragraph = next(p for p in document.paragraphs if p.text == text)
    num_id = paragraph._p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)")
    numbering = document.part.numbering_part.element
    start = numbering.xpath(f'string(w:num[@w:numId="{num_id}"]//w:startOverride/@w:val)')
    return int(start or 1)


# --- One construct each, in all four formats ---------------------------------------------


@dataclass(frozen=True)
class Construct:
    xpath: str
    """Found in the HTML and in the Markdown rendered as CommonMark."""
    pdf_lines: tuple[str, ...]
    """Whole lines of the PDF's text layer (no asterisk or bracket left)."""
    word: Callable[[Document], Any]
    """Asserts what the Word file has."""
    pdf_link: str | None = None


CONSTRUCTS = {
    "bold": Construct(
        '//p[.="Replies take one business day at most."]/strong[.="one business day"]',
        ("Replies take one business day at most.",),
        lambda d: word_run(d, "one business day").bold and not word_run(d, "Replies take ").bold,
    ),
    "italic": Construct(
        '//p[.="We always listen."]/em[.="always"]',
        ("We always listen.",),
        lambda d: word_run(d, "always").italic and not word_run(d, "We ").italic,
    ),
    "bulleted list": Construct(
        '//p[.="We offer:"]/following-sibling::ul[1][li[1]="repair first"][li[2]="refund second"]',
        ("We offer:", "• repair first", "• refund second"),
        lambda d: (
            word_styles(d, "We offer:", "repair first", "refund second")
            == ["Normal", "List Bullet", "List Bullet"]
        ),
    ),
    "numbered list": Construct(
        '//ol[@start="3"][li[1]="listen closely"][li[2]="act quickly"]',
        ("3. listen closely", "4. act quickly"),
        lambda d: (
            word_styles(d, "listen closely", "act quickly") == ["List Number"] * 2
            and list_start(d, "listen closely") == 3
        ),
    ),
    "paragraphs": Construct(
        '//p[.="First paragraph here. Still the first."]'
        '/following-sibling::p[1][.="Second paragraph here."]',
        ("First paragraph here. Still the first.", "Second paragraph here."),
        lambda d: (
            word_styles(d, "First paragraph here. Still the first.", "Second paragraph here.")
            == ["Normal"] * 2
        ),
    ),
    "https link": Construct(
        '//p[.="See our help page."]/a[@href="https://help.test.example/returns"][.="our help page"]',
        ("See our help page.",),
        lambda d: word_run(d, "our help page").link == "https://help.test.example/returns",
        "https://help.test.example/returns",
    ),
    "mailto link": Construct(
        '//p[.="Write to the ethics desk."]/a[@href="mailto:desk@test.example"]',
        ("Write to the ethics desk.",),
        lambda d: word_run(d, "the ethics desk").link == "mailto:desk@test.example",
        "mailto:desk@test.example",
    ),
    "bold in a list item": Construct(
        '//li[.="Say thank you every time."]/strong[.="thank you"]',
        ("• Say thank you every time.",),
        lambda d: (
            word_run(d, "thank you").bold
            and word_styles(d, "Say thank you every time.") == ["List Bullet"]
        ),
    ),
    "bold inside a policy's sentence": Construct(
        '//p[contains(., "this condition is met: the item is unused.")]/strong[.="unused"]',
        (),
        lambda d: word_run(d, "unused").bold,
    ),
    "a list in a note, below its label": Construct(
        '//p[.="In our own words:"]/following-sibling::ul[1][li[1]="gifts with a receipt"]',
        ("In our own words:", "• gifts with a receipt", "• items bought online"),
        lambda d: (
            word_run(d, "with").italic
            and word_styles(d, "In our own words:", "gifts with a receipt", "items bought online")
            == ["Normal", "List Bullet", "List Bullet"]
        ),
    ),
    "italic and a link in a table cell": Construct(
        '//td[.="First edition, see notes"][em="edition"][a[@href="https://test.example/notes"]]',
        (),
        lambda d: (
            word_run(d, "edition").italic
            and word_run(d, "notes").link == "https://test.example/notes"
        ),
        "https://test.example/notes",
    ),
}


@pytest.mark.parametrize("name", list(CONSTRUCTS))
def test_formatting_in_every_format(name: str, outputs: Outputs) -> None:
    construct = CONSTRUCTS[name]
    assert outputs.markdown.xpath(construct.xpath), "markdown"
    assert outputs.html.xpath(construct.xpath), "html"
    for line in construct.pdf_lines:
        assert line in outputs.pdf_lines, ("pdf", line)
    if construct.pdf_link:
        assert construct.pdf_link in outputs.pdf_links
    assert construct.word(outputs.word), "docx"


def test_no_markup_character_is_left_in_the_text(outputs: Outputs) -> None:
    for tree in (outputs.markdown, outputs.html.xpath("//body")[0]):
        assert not re.search(r"\*|\]\(", tree.text_content())
    pdf = "\n".join(outputs.pdf_lines)
    assert "*" not in pdf and "](" not in pdf
    assert not [text for _, text, _ in word_paragraphs(outputs.word) if "*" in text]


def test_the_markdown_is_written_plainly() -> None:
    statement = "We:\n- *listen*\n+ act\n\n\n7) last\n\nEnd  with\n**bold**"
    assert company_blocks(statement) == "We:\n\n- *listen*\n- act\n\n7. last\n\nEnd with **bold**"
    assert company_inline("- *a*\n1. b") == "\\- *a* 1. b"
    # Asterisks CommonMark would pair up otherwise once written: the text, not the emphasis.
    assert company_inline("a*a\\*****\\**\\****") == "aa\\*\\*\\*\\*"
    # Without formatting, company text is escaped exactly as ethos's own text is.
    assert company_blocks("# Not [a] <b> _c_ 2*3") == escape_markdown("# Not [a] <b> _c_ 2*3")


# --- Everything else stays literal -----------------------------------------------------


def test_what_is_not_formatting_stays_literal_in_word(tmp_path: Path) -> None:
    """The hostile corpus's markdown-subset case, read in the Word file."""
    result = build(HERE / "markdown-subset.yaml", formats=["docx"], out_dir=tmp_path)
    document = docx.Document(str(result.outputs[0]))
    text = " ".join(" ".join(text.split()) for _, text, _ in word_paragraphs(document))
    case = __import__("test_hostile").CASES["markdown-subset"]
    for literal in case["literal"]:
        assert " ".join(literal.split()) in text, literal
    links = {run.link for _, _, runs in word_paragraphs(document) for run in runs if run.link}
    assert links == {"mailto:ethics@test.example"}


def test_no_link_or_image_in_company_text_reaches_a_file(tmp_path: Path) -> None:
    canary = tmp_path / "secret" / "canary.txt"
    canary.parent.mkdir()
    canary.write_text(CANARY_TEXT, encoding="utf-8")
    uri = canary.as_uri()
    text = f"![x]({uri}) [y]({uri}) [z](<{uri}>) <{uri}>"
    data = values_data(
        values=[{"id": "own", "title": "Own", "statement": f"- {text}\n\n{text}",
                 "behaviours": [text]}],
        policies={"returns": {"stance": "limited", "window_days": 30, "conditions": [f"[y]({uri})"],
                              "note": f"1. {text}"}},
        revisions=[{"version": "1.0", "date": "2026-02-01", "summary": text}],
    )  # fmt: skip
    result = build(write_values(tmp_path, data), formats=["md", "html", "pdf", "docx"],
                   out_dir=tmp_path / "out")  # fmt: skip
    for output in result.outputs:
        content = output.read_bytes()
        if output.suffix == ".pdf":
            content = inflated_streams(content)
        elif output.suffix == ".docx":
            with zipfile.ZipFile(output) as archive:
                content = b"".join(archive.read(name) for name in archive.namelist())
        assert CANARY_TEXT.encode() not in content, output.name
        if output.suffix in (".html", ".docx"):
            assert b'"file:' not in content.lower(), output.name


# --- The Markdown reads the same in a CommonMark renderer as in ethos's HTML -------------

_COMMONMARK = MarkdownIt("commonmark").enable("table")


def structure(html: str) -> list[Any]:
    """Blocks as a reader meets them: paragraphs and list items as runs of text, each run
    with its marks (bold, italic) and link; lists with their kind and start."""
    if not html.strip():
        return []
    return _blocks(lxml.html.fragment_fromstring(html, create_parent="div"))


def _blocks(element: lxml.html.HtmlElement) -> list[Any]:
    found: list[Any] = [("text", element.text.strip())] if (element.text or "").strip() else []
    for child in element:
        if child.tag in ("ul", "ol"):
            items = [(_runs(li), [b for b in _blocks(li) if b[0] != "text"]) for li in child]
            found.append((child.tag, child.get("start", "1"), items))
        elif child.tag in ("div", "table", "thead", "tbody", "tr"):
            found.append((child.tag, _blocks(child)))
        elif child.tag not in ("strong", "em", "a"):
            found.append((child.tag, _runs(child)))
        if (child.tail or "").strip():
            found.append(("text", child.tail.strip()))
    return found


def _runs(element: lxml.html.HtmlElement, marks: frozenset[str] = frozenset(),
          href: str | None = None) -> list[tuple[str, frozenset[str], str | None]]:  # fmt: skip
    pieces = [(element.text or "", marks, href)]
    for child in element:
        if child.tag not in ("ul", "ol", "p"):
            inner = marks | ({child.tag} if child.tag in ("strong", "em") else set())
            pieces += _runs(child, inner, child.get("href") if child.tag == "a" else href)
        pieces.append((child.tail or "", marks, href))
    runs: list[tuple[str, frozenset[str], str | None]] = []
    for piece, *rest in pieces:
        text = re.sub(r"\s+", " ", piece)
        if runs and list(runs[-1][1:]) == rest:
            runs[-1] = (runs[-1][0] + text, *runs[-1][1:])
        elif text:
            runs.append((text, *rest))  # type: ignore[arg-type]
    if runs:
        runs[0] = (runs[0][0].lstrip(), *runs[0][1:])
        runs[-1] = (runs[-1][0].rstrip(), *runs[-1][1:])
    return [run for run in runs if run[0]]


def runs_in(found: Any) -> set[tuple[str, frozenset[str], str | None]]:
    """Every run of text, with its marks and link, in a :func:`structure`."""
    if isinstance(found, tuple) and len(found) == 3 and isinstance(found[1], frozenset):
        return {found}
    if isinstance(found, (list, tuple)):
        return set().union(*(runs_in(part) for part in found))
    return set()


def same_in_both(markdown: str) -> None:
    assert structure(_COMMONMARK.render(markdown)) == structure(new_converter().convert(markdown))


def test_the_chapter_reads_the_same_in_commonmark_and_in_ethos(tmp_path: Path) -> None:
    """The whole body: headings, paragraphs, lists and tables, with every bold, italic
    and link, as GitHub would show the Markdown file and as ethos's HTML shows it."""
    chapter = compose(write_values(tmp_path, FORMATTED))
    ethos_html = body_html(chapter).replace("<section", "<div").replace("</section>", "</div>")
    commonmark = structure(_COMMONMARK.render(chapter.body))
    assert [block for section in structure(ethos_html) for block in section[1]] == commonmark
    found = runs_in(commonmark)
    assert ("one business day", frozenset({"strong"}), None) in found
    assert ("always", frozenset({"em"}), None) in found
    assert ("our help page", frozenset(), "https://help.test.example/returns") in found
    assert len(commonmark) > 40


PIECES = [
    "*", "**", "a", "word", " ", "\n", "\n\n", "- ", "+ ", "1. ", "3) ", "\n    - ", "\n  - ",
    "\n1. ", "[", "]", "(", ")", "[a](https://x.example/p)", "[**b**](mailto:a@b.example)",
    "*[c](https://x.example)*", "http://y", "\\", "_", "#", "> ", "`", "<", "&", "&#1", "!",
    "|", ".", "~", "---", "\t", "123456. ", "1234567890. ",
]  # fmt: skip


@PROPERTY
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join))
def test_any_company_text_reads_the_same_in_commonmark_and_in_ethos(text: str) -> None:
    same_in_both(company_blocks(text))
    same_in_both(company_inline(text))


def test_a_word_changed_in_bold_text_is_redlined_inside_the_bold(tmp_path: Path) -> None:
    def statement(text: str) -> Any:
        return values_data(values=[{"id": "own", "title": "Own", "statement": text}])

    old = compose(write_values(tmp_path, statement("Reply within **one business day**."), "a.yaml"))
    new = compose(
        write_values(tmp_path, statement("Reply within **two business days**."), "b.yaml")
    )
    html = markdown_html(redline(old.markdown, new.markdown))
    assert (
        "Reply within <strong><del>one</del><ins>two</ins> business "
        "<del>day</del><ins>days</ins></strong>." in html
    )
