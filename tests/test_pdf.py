"""The PDF, checked by what it contains: text, metadata, outline, pages; and reproducibility."""

from __future__ import annotations

import html as html_module
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from ethos import build, compose, load
from ethos.chapter.layout import chapter_layout
from ethos.errors import RenderError
from ethos.render.html import render_html
from ethos.render.pdf import render_pdf
from ethos.resources import builtin_templates_dir
from ethos.values.local_text import in_language
from ethos.wording.catalog import load_catalog
from ethos.wording.languages import LANGUAGES

from conftest import EXAMPLES
from helpers import inflated_streams, values_data, write_tree, write_values

pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def built(built_all: dict[tuple[str, str], Path]) -> dict[str, Path]:
    """The English PDF of each example."""
    return {stem: path for (stem, language), path in built_all.items() if language == "en"}


def pdf_text(path: Path, page: int | None = None) -> str:
    """The PDF's text layer as poppler extracts it, whitespace folded."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    command = ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"]
    text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_pdf_text_has_company_values_policies_and_contact(
    example: Path, built: dict[str, Path]
) -> None:
    values_file = in_language(load(example), "en")
    text = pdf_text(built[example.stem])
    catalog = load_catalog("en")
    assert values_file.company.name in text
    for entry in values_file.value_entries():
        assert (entry.title or catalog.values[entry.id].title) in text
    for key in values_file.policies.stated():
        if key in values_file.own_policies:
            assert str(values_file.own_policies[key].title) in text
        elif key not in chapter_layout().own_section_policies:
            assert catalog.policies[key].title in text
    assert "Training" in text and "How we treat our people" in text
    contact = values_file.company.ethics_contact
    for detail in (contact.email, contact.phone, contact.url):
        if detail:
            assert detail in text
    assert "Employee acknowledgement" in text and "Signature" in text


def test_pdf_metadata_pages_and_outline(built: dict[str, Path]) -> None:
    reader = PdfReader(built["acme-outfitters"])
    info = reader.metadata
    assert info is not None
    assert info.title == "Code of Ethics and Conduct · Acme Outfitters"
    assert info.author == "Acme Outfitters"
    assert info.subject == "The code of ethics and code of conduct of Acme Outfitters, version 3.2."
    assert info["/CreationDate"].startswith("D:20260301")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert 12 <= len(reader.pages) <= 20
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:5] == [
        "Code of Ethics and Conduct",
        "A word from our chief executive",  # the company's foreword (`sections:`)
        "Introduction",
        "Code of ethics and code of conduct",
        "Our values",
    ]
    assert outline[-1] == "Employee acknowledgement"
    assert outline.index("Safety advice for the outdoors") == outline.index("Our policies") + 1
    nested = [item.title for items in reader.outline if isinstance(items, list) for item in items]
    assert "Repairs" in nested  # the company's own policy, under "Our policies"
    first_page = reader.pages[0].mediabox
    assert (round(float(first_page.width)), round(float(first_page.height))) == (595, 842)  # A4


def test_running_header_page_numbers_and_contents(built: dict[str, Path]) -> None:
    reader = PdfReader(built["brightline-electronics"])
    pages = len(reader.pages)
    assert (
        round(float(reader.pages[0].mediabox.width)),
        round(float(reader.pages[0].mediabox.height)),
    ) == (612, 792)
    cover = pdf_text(built["brightline-electronics"], 1)
    assert (
        "Page 1 of" not in cover and "Brightline Electronics · " not in cover
    )  # no running header
    contents = pdf_text(built["brightline-electronics"], 2)
    assert "Brightline Electronics · Service Ethics and Conduct" in contents
    assert f"Page 2 of {pages}" in contents
    assert re.search(r"Our policies\.{5,} 5 Returns \.{5,} 6", contents)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_pdf_is_byte_reproducible(
    tmp_path: Path, built_all: dict[tuple[str, str], Path], language: str
) -> None:
    again = build(EXAMPLES[0], languages=[language], formats=["pdf"], out_dir=tmp_path).outputs[0]
    assert again.read_bytes() == built_all[EXAMPLES[0].stem, language].read_bytes()


def test_markdown_and_html_are_byte_reproducible(tmp_path: Path) -> None:
    first = build(EXAMPLES[1], formats=["md", "html"], out_dir=tmp_path / "a").outputs
    second = build(EXAMPLES[1], formats=["md", "html"], out_dir=tmp_path / "b").outputs
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in second]


def test_pdf_fetches_nothing_outside_the_templates(tmp_path: Path) -> None:
    canary = tmp_path / "secret.txt"
    canary.write_text("CANARY-7f3a9 do not leak")
    templates = write_tree(
        tmp_path / "mine",
        {
            "page.html.j2": '{% extends "!default/page.html.j2" %}{% block main %}<a rel="attachment" href="file://'
            + str(canary)
            + '">x</a><img src="https://example.com/x.png" alt="">{{ super() }}{% endblock %}'
        },
    )
    chapter = compose(write_values(tmp_path, values_data()), [templates])
    html = render_html(chapter, [templates])
    warnings: list[str] = []
    pdf = render_pdf(html, [templates, builtin_templates_dir()], language="en", warnings=warnings)
    refused = sorted(w for w in warnings if w.startswith("refused to fetch"))
    assert refused == [
        f"refused to fetch file://{canary}: ethos reads only data: URLs and files inside the "
        "template directories; the PDF leaves it out",
        "refused to fetch https://example.com/x.png: ethos reads only data: URLs and files "
        "inside the template directories; the PDF leaves it out",
    ]
    assert b"CANARY-7f3a9" not in inflated_streams(pdf)
    assert b"/EmbeddedFile" not in inflated_streams(pdf)
    # A --strict build refuses and writes nothing.
    out = tmp_path / "out"
    with pytest.raises(RenderError, match="--strict: the render warned"):
        build(write_values(tmp_path, values_data()), formats=["md", "pdf"], out_dir=out,
              template_dirs=[templates], strict=True)  # fmt: skip
    assert not out.exists()


def test_a_failed_pdf_leaves_earlier_outputs_untouched(tmp_path: Path) -> None:
    source = write_values(tmp_path, values_data())
    first = build(source, formats=["md", "html"], out_dir=tmp_path / "out").outputs
    before = [path.read_bytes() for path in first]
    write_tree(
        tmp_path / "mine",
        {
            "page.html.j2": '{% extends "!default/page.html.j2" %}{% block main %}<img src="file:///etc/passwd">{% endblock %}'
        },
    )
    with pytest.raises(RenderError):
        build(
            source,
            formats=["md", "html", "pdf"],
            out_dir=tmp_path / "out",
            template_dirs=[tmp_path / "mine"],
            strict=True,
        )
    assert [path.read_bytes() for path in first] == before
    assert not (first[0].parent / "ethics-code.en.pdf").exists()


# --- Every language: the text layer round-trips, the right fonts are embedded ------------

# Direction marks pdftotext adds around right-to-left runs, and the soft hyphen.
_INVISIBLE = dict.fromkeys([0x00AD, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def comparable(text: str) -> str:
    """Text as laid out on pages, compared without line breaks, spaces and direction marks.

    Chinese has no spaces to lose, and pdftotext puts spaces of its own around Latin runs
    inside Urdu lines. Words are never hyphenated (test_cross_format checks every word).
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return re.sub(r"\s+", "", text)


def section_paragraphs(html: str, section: str) -> list[str]:
    """The text of every paragraph of one section of the chapter's HTML."""
    match = re.search(
        rf'<section [^>]*class="section-{section}".*?</section>', html, flags=re.DOTALL
    )
    assert match, section
    return [
        html_module.unescape(re.sub(r"<[^>]+>", "", paragraph))
        for paragraph in re.findall(r"<p>(.*?)</p>", match.group(0), flags=re.DOTALL)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_text_layer_round_trips_titles_and_sentences(
    language: str, built_all: dict[tuple[str, str], Path]
) -> None:
    pdf = built_all["acme-outfitters", language]
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    text = comparable(raw)
    chapter = compose(EXAMPLES[0], language=language)
    titles = [heading.title for heading in chapter.headings if heading.level <= 3]
    assert len(titles) > 30
    for title in titles:
        assert comparable(title) in text, title
    paragraphs = section_paragraphs(html, "introduction") + section_paragraphs(html, "values")[:3]
    assert len(paragraphs) >= 4
    for paragraph in paragraphs:
        assert comparable(paragraph) in text, paragraph


EMBEDDED_FONTS = {
    "en": {"Noto-Serif", "Noto-Sans-Bold"},
    "ur": {"Noto-Naskh-Arabic", "Noto-Naskh-Arabic-Bold"},
    "zh": {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-Bold"},
}


@pytest.mark.parametrize("language", list(EMBEDDED_FONTS))
def test_each_language_is_set_in_its_named_fonts(
    language: str, built_all: dict[tuple[str, str], Path]
) -> None:
    reader = PdfReader(built_all["acme-outfitters", language])
    fonts = {
        str(font["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert EMBEDDED_FONTS[language] <= fonts, fonts
    assert not any("DejaVu" in font for font in fonts), fonts
    assert reader.trailer["/Root"]["/Lang"] == {"zh": "zh-CN"}.get(language, language)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("ETHOS_PDF_TIMEOUT", "0.01", "took longer than 0.01 s and was stopped"),
        ("ETHOS_PDF_MEMORY_MB", "1", "memory"),
    ],
    ids=["timeout", "memory"],
)  # fmt: skip
def test_pdf_limits_stop_the_render_and_keep_the_previous_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    source = write_values(tmp_path, values_data())
    (previous,) = build(source, formats=["pdf"], out_dir=tmp_path).outputs
    before = previous.read_bytes()
    monkeypatch.setenv(variable, value)
    with pytest.raises(RenderError, match=re.escape(message)) as caught:
        build(source, formats=["pdf"], out_dir=tmp_path, force=True)
    assert str(caught.value).endswith("the previous PDF is unchanged")
    assert previous.read_bytes() == before
    assert [p.name for p in previous.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_one_renderer_process_serves_every_pdf_of_a_process(tmp_path: Path) -> None:
    """WeasyPrint's caches stay warm: the same renderer lays out consecutive PDFs."""
    from ethos.render import pdf as module

    source = write_values(tmp_path, values_data())
    build(source, formats=["pdf"], out_dir=tmp_path, force=True)
    first = module._renderer
    assert first is not None and first.alive
    build(source, languages=["en", "it"], formats=["pdf"], out_dir=tmp_path, force=True)
    assert module._renderer is first and first.process.pid == module._renderer.process.pid
