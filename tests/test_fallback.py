"""A chapter in a language the company has not written its text in yet.

``build --lang all`` on an English-only file builds every language: ethos's own wording
in each, the company's text in English, marked as English in every format (HTML
``lang``/``dir``, the PDF's structure tags, Word's run language) so a screen reader and the
bidi algorithm treat it right, with one warning per field naming file, line and key.
``--strict`` refuses, as it always did. The formats are compared with each other: the
same texts are marked in the HTML, the Word runs and the PDF's tags.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from ethos import build
from ethos.errors import InvalidInputError
from ethos.wording.languages import LANGUAGES

from helpers import write_text

ENGLISH_ONLY = """\
# Our values file: written in English only, for now.
ethos: 1
company:
  name: Fallback Trading
  industry: garden tools            # printed on the cover
  ethics_contact:
    name: Integrity Desk
    email: integrity@fallback.example
document:
  title: Our Code of Ethics
  version: "1.0"
  effective_date: 2026-03-01
  language: en
values:
  - honesty
  - id: thrift
    title: Thrift
    statement: We spend the customer's money as carefully as our own.
policies:
  returns:
    stance: limited
    window_days: 30
    conditions: [the item is unused]
"""
FIELDS = {
    "company.industry": 5,
    "company.ethics_contact.name": 7,
    "document.title": 10,
    "values[1].title": 17,
    "values[1].statement": 18,
    "policies.returns.conditions[0]": 23,
}
TEXTS = {
    "garden tools",
    "Integrity Desk",
    "Our Code of Ethics",
    "Thrift",
    "We spend the customer's money as carefully as our own.",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("fallback")
    path = write_text(root, ENGLISH_ONLY, "values.yaml")
    result = build(path, languages=list(LANGUAGES), formats=["md", "html", "pdf", "docx"],
                   out_dir=root / "out")  # fmt: skip
    return root / "out" / "fallback-trading", result


def test_every_language_is_built_with_one_warning_per_untranslated_field(
    built: tuple[Path, object],
) -> None:
    directory, result = built
    assert sorted(p.name for p in directory.glob("ethics-code.*")) == sorted(
        f"ethics-code.{language}.{fmt}"
        for language in LANGUAGES
        for fmt in ("md", "html", "pdf", "docx")
    )
    untranslated = [w for w in result.warnings if "marked as English" in w.message]  # type: ignore[attr-defined]
    assert {w.path: w.line for w in untranslated} == FIELDS
    assert all(w.severity == "warning" and w.file.endswith("values.yaml") for w in untranslated)
    assert "has no Italian, Tagalog, Urdu and Chinese text" in untranslated[0].message


def _marked(markup: str) -> set[str]:
    return {
        re.sub(r"<[^>]+>|[\u2068\u2069]", "", text)
        for text in re.findall(r'<span lang="en" dir="ltr">(.*?)</span>', markup)
    }


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_the_english_text_is_marked_as_english_in_every_format(
    built: tuple[Path, object], language: str
) -> None:
    directory, _ = built
    markdown = (directory / f"ethics-code.{language}.md").read_text(encoding="utf-8")
    html = (directory / f"ethics-code.{language}.html").read_text(encoding="utf-8")
    assert _marked(markdown) >= TEXTS - {"garden tools"}  # the industry: on the cover only
    assert _marked(html) == _marked(markdown) | {"garden tools"}
    # The chapter itself keeps its language: only the company's text is English.
    assert f'<html lang="{"zh-CN" if language == "zh" else language}"' in html
    # The title on the cover and in the acknowledgement sentence, and the contents entry
    # of the company's own value, are English too.
    assert (
        '<h1 class="cover-title"><span lang="en" dir="ltr">Our Code of Ethics</span></h1>' in html
    )
    assert re.search(r'<a href="#[^"]+" lang="en" dir="ltr">Thrift</a>', html)
    assert markdown.count('<span lang="en" dir="ltr">Our Code of Ethics</span>') == 2

    # Word: the same texts, each in runs whose language is English.
    with zipfile.ZipFile(directory / f"ethics-code.{language}.docx") as docx:
        body = etree.fromstring(docx.read("word/document.xml"))
    english_runs = [
        "".join(run.itertext()).strip("\u2068\u2069")
        for run in body.iter(f"{W}r")
        if run.find(f"{W}rPr/{W}lang[@{W}val='en']") is not None
    ]
    assert set(english_runs) >= TEXTS
    assert set(english_runs) <= _marked(html) | {t.strip() for t in _marked(html)}
    if language == "ur":  # English inside Urdu is laid out left to right
        rtl_off = body.findall(f".//{W}r/{W}rPr[{W}lang]/{W}rtl[@{W}val='0']")
        assert len(rtl_off) == len(english_runs)

    # PDF: structure elements in English, under a document in the chapter's language.
    with pikepdf.open(directory / f"ethics-code.{language}.pdf") as pdf:
        spans = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary)
            and obj.get("/Type") == "/StructElem"
            and "/Lang" in obj
        ]
        assert str(pdf.Root.Lang) == ("zh-CN" if language == "zh" else language)
    assert {str(span.Lang) for span in spans} == {"en"}
    assert len(spans) >= len(_marked(html))


def test_strict_refuses_and_writes_nothing(tmp_path: Path) -> None:
    path = write_text(tmp_path, ENGLISH_ONLY, "values.yaml")
    with pytest.raises(InvalidInputError) as refused:
        build(path, languages=["it"], formats=["md"], out_dir=tmp_path / "out", strict=True)
    assert {p.path for p in refused.value.problems} == set(FIELDS)
    assert not (tmp_path / "out").exists()


def test_the_cli_builds_with_warnings_and_strict_refuses(tmp_path: Path, runner: object) -> None:
    from ethos.cli.app import app

    path = write_text(tmp_path, ENGLISH_ONLY, "values.yaml")
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(path), "--lang", "all", "-f", "md", "--out", str(out)])  # type: ignore[attr-defined]
    assert built.exit_code == 0, built.output
    assert built.output.count("marked as English") == len(FIELDS)
    assert f"values.yaml:{FIELDS['values[1].title']}:" in built.output
    refused = runner.invoke(  # type: ignore[attr-defined]
        app,
        ["build", str(path), "--lang", "it", "-f", "md", "--out", str(tmp_path / "o2"), "--strict"],
    )
    assert refused.exit_code == 1
    assert "needs it in Italian too" in refused.output
    assert not (tmp_path / "o2").exists()


def test_text_written_in_urdu_is_marked_right_to_left_in_the_english_chapter(
    tmp_path: Path,
) -> None:
    text = ENGLISH_ONLY.replace("language: en", "language: ur").replace(
        "title: Thrift", "title: کفایت شعاری"
    )
    path = write_text(tmp_path, text, "values.yaml")
    build(path, languages=["en"], formats=["md", "docx"], out_dir=tmp_path / "out")
    directory = tmp_path / "out" / "fallback-trading"
    markdown = (directory / "ethics-code.en.md").read_text(encoding="utf-8")
    assert '### <span lang="ur" dir="rtl">کفایت شعاری</span>' in markdown
    with zipfile.ZipFile(directory / "ethics-code.en.docx") as docx:
        body = etree.fromstring(docx.read("word/document.xml"))
    urdu = [
        run
        for run in body.iter(f"{W}r")
        if run.find(f"{W}rPr/{W}lang[@{W}val='ur']") is not None
        and "کفایت" in "".join(run.itertext())
    ]
    assert urdu
    assert all(run.find(f"{W}rPr/{W}rtl") is not None for run in urdu)
