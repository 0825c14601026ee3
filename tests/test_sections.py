"""A company's own sections (values file ``sections:``): a signed foreword, sections added
before or after another, and built-in sections with the company's own body, in every
format and language, in the contents, the PDF outline and the Word headings; checked
with file and line; inherited from a group file; reported by ``ethos diff``."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from ethos import build
from ethos.changes.diff import diff
from ethos.changes.explain import explain
from ethos.cli.app import app
from ethos.errors import InvalidInputError
from ethos.publish.build import compose
from ethos.render.docx import render_docx
from ethos.values.loading import check
from ethos.values.sources import Source

from conftest import EXAMPLES
from helpers import write_text
from libreoffice import run_macro
from test_docx_libreoffice import MACRO, _entries

SHOP = """\
ethos: 1
company:
  name: Shop
  ethics_contact: {email: ethics@shop.example}
document:
  version: "1.0"
  effective_date: 2026-02-01
  translations: [it]
values: [honesty]
sections:
  foreword:
    text:
      en: "We **mean** what this chapter says."
      it: "Crediamo *davvero* in ciò che dice questo capitolo."
    signatory:
      name: Dana Whitfield
      title: {en: Chief Executive Officer, it: Amministratrice delegata}
  added:
    - id: sustainability
      title: {en: Caring for the outdoors, it: Cura della natura}
      text: {en: "We repair before we replace.", it: "Ripariamo prima di sostituire."}
      after: values
    - id: repairs
      title: {en: Repairs, it: Riparazioni}
      text: {en: "Bring it back.", it: "Riportalo."}
      after: sustainability
    - id: welcome
      title: {en: Welcome, it: Benvenuti}
      text: {en: "Hello.", it: "Ciao."}
      before: introduction
  replaced:
    concern:
      text: {en: "Call Dana on **extension 12**.", it: "Chiama Dana all'**interno 12**."}
"""
EN_CONTENTS = [
    "Foreword",
    "Welcome",
    "Introduction",
    "Code of ethics and code of conduct",
    "Our values",
    "Honesty",
    "Caring for the outdoors",
    "Repairs",
    "Raising a concern",
    "Employee acknowledgement",
]
IT_H2 = ["Premessa", "Benvenuti", "Cura della natura", "Riparazioni"]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write_text(tmp_path, SHOP, "shop.yaml")


def _problems(path: Path) -> list[str]:
    with pytest.raises(InvalidInputError) as raised:
        check([path])
    return [str(problem).replace(f"{path.parent}/", "") for problem in raised.value.problems]


def test_a_file_with_its_own_sections_checks(shop: Path) -> None:
    assert check([shop]).warnings == []


def test_the_chapter_places_each_section_and_keeps_the_replaced_heading(shop: Path) -> None:
    chapter = compose(shop, (), "en")
    assert [heading.title for heading in chapter.contents] == EN_CONTENTS
    markdown = chapter.markdown
    assert (
        "## Foreword\n\nWe **mean** what this chapter says.\n\n**Dana Whitfield**\n\n"
        "*Chief Executive Officer*\n\n## Welcome\n\nHello.\n\n## Introduction"
    ) in markdown
    assert "## Raising a concern\n\nCall Dana on **extension 12**.\n\n## Employee" in markdown
    assert "retaliation" not in markdown  # the built-in body is gone
    italian = compose(shop, (), "it")
    titles = [heading.title for heading in italian.contents]
    assert [title for title in titles if title in IT_H2] == IT_H2
    assert "*Amministratrice delegata*" in italian.markdown
    assert "\\*" not in italian.markdown


def test_a_replaced_section_may_change_its_heading_in_place(tmp_path: Path) -> None:
    text = SHOP.replace("    concern:\n", "    concern:\n      title: {en: Speak up, it: Parla}\n")
    chapter = compose(write_text(tmp_path, text, "shop.yaml"), (), "en")
    titles = [heading.title for heading in chapter.contents]
    assert titles == [
        title if title != "Raising a concern" else "Speak up" for title in EN_CONTENTS
    ]
    assert "## Speak up\n\nCall Dana on **extension 12**." in chapter.markdown


def test_the_foreword_signatory_keeps_its_order_in_urdu(tmp_path: Path) -> None:
    text = SHOP.replace("translations: [it]", "language: ur").replace("it: ", "ur: ")
    chapter = compose(write_text(tmp_path, text, "shop.yaml"), (), "ur")
    assert chapter.contents[0].title == "پیش لفظ"
    assert "**\u2068Dana Whitfield\u2069**" in chapter.markdown


@pytest.mark.pdf
def test_every_format_and_language_lists_the_sections(shop: Path, tmp_path: Path) -> None:
    build(shop, formats=["md", "html", "pdf", "docx"], out_dir=tmp_path / "out")
    folder = tmp_path / "out" / "shop"
    for language, expected in (("en", EN_CONTENTS), ("it", None)):
        chapter = compose(shop, (), language)
        titles = expected or [heading.title for heading in chapter.contents]
        if language == "it":
            assert [title for title in titles if title in IT_H2] == IT_H2
        markdown = (folder / f"ethics-code.{language}.md").read_text(encoding="utf-8")
        for heading in chapter.contents:
            assert f"[{heading.title}](#{heading.anchor})" in markdown
        page = (folder / f"ethics-code.{language}.html").read_text(encoding="utf-8")
        for heading in chapter.contents:
            assert f'href="#{heading.anchor}"' in page
            assert f'id="{heading.anchor}"' in page
        assert 'class="section-sustainability"' in page
        reader = PdfReader(folder / f"ethics-code.{language}.pdf")
        outline = [item.title for item in reader.outline if not isinstance(item, list)]
        h2 = [heading.title for heading in chapter.contents if heading.level == 2]
        assert outline == [chapter.title, *h2]
        document = docx.Document(io.BytesIO((folder / f"ethics-code.{language}.docx").read_bytes()))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert headings == h2
        entries = [p.text for p in document.paragraphs if p.style.name.startswith("toc ")]
        assert entries == titles
    text = subprocess.run(
        ["pdftotext", str(folder / "ethics-code.it.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Amministratrice delegata" in text and "Ripariamo prima di sostituire." in text


def test_word_lists_the_sections_in_its_contents(shop: Path) -> None:
    document = docx.Document(io.BytesIO(render_docx(compose(shop, (), "en"))))
    entries = [p.text for p in document.paragraphs if p.style.name.startswith("toc ")]
    assert entries == EN_CONTENTS


def test_libreoffice_lists_the_sections_when_it_updates_the_contents(
    shop: Path, tmp_path: Path
) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    chapters = {language: compose(shop, (), language) for language in ("en", "it")}
    for language, chapter in chapters.items():
        (documents / f"shop.{language}.docx").write_bytes(render_docx(chapter))
    run_macro(tmp_path / "profile", MACRO, f'UpdateContents("{documents}")')
    for language, chapter in chapters.items():
        report = (documents / f"shop.{language}.docx.txt").read_text(encoding="utf-8")
        cached, updated = report.split("[cached]\n")[1].split("[updated]\n")
        titles = [heading.title for heading in chapter.contents]
        assert _entries(cached) == titles
        assert _entries(updated) == titles


def test_a_missing_language_is_reported_with_file_and_line(tmp_path: Path) -> None:
    text = SHOP.replace(', it: "Riportalo."', "")
    path = write_text(tmp_path, text, "shop.yaml")
    with pytest.raises(InvalidInputError) as raised:
        check([path], strict=True)
    assert [str(problem).replace(f"{path.parent}/", "") for problem in raised.value.problems] == [
        "shop.yaml:25:13: sections.added[1].text: has no Italian text (it has en) — add "
        "`it: ...`, the Italian chapter prints it"
    ]
    # Without --strict, the Italian chapter prints the English text, and check says so.
    [warning] = check([path]).warnings
    assert (warning.line, warning.path, warning.severity) == (
        25,
        "sections.added[1].text",
        "warning",
    )
    assert "the Italian chapter prints the English text, marked as English" in warning.message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("after: values", "after: valeus",
         "shop.yaml:22:14: sections.added[0].after: no section `valeus` — did you mean "
         "`values`? place it next to a built-in section (foreword, introduction, "
         "ethics_and_conduct, values, policies, action, conduct, training, people, concern, revisions, "
         "acknowledgment) or one you added (sustainability, repairs, welcome)"),
        ("id: welcome", "id: concern",
         "shop.yaml:27:11: sections.added[2].id: `concern` is a built-in section — give your "
         "section another id, or write under `sections.replaced.concern` to change the "
         "built-in one"),
        ("id: repairs", "id: sustainability",
         "shop.yaml:23:11: sections.added[1].id: `sustainability` is used twice (first on "
         "line 19) — give each its own id"),
        ("    concern:", "    concrn:",
         "shop.yaml:32:5: sections.replaced.concrn: the chapter has no section `concrn` to "
         "replace — did you mean `concern`? replace one of introduction, ethics_and_conduct, "
         "values, policies, action, conduct, training, people, concern, revisions, acknowledgment, or "
         "add a section of your own under `sections.added`"),
        ("after: values", "after: repairs",
         "shop.yaml:22:14: sections.added[0].after: these sections are placed next to each "
         "other in a circle (sustainability → repairs → sustainability) — place one of them "
         "before or after a built-in section"),
        ("      before: introduction", "      before: introduction\n      after: values",
         "shop.yaml:27:7: sections.added[2]: give exactly one of `before:` or `after:` — the "
         "section to put this one next to"),
    ],
)  # fmt: skip
def test_each_mistake_names_file_line_key_and_what_to_do(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in SHOP
    path = write_text(tmp_path, SHOP.replace(old, new, 1), "shop.yaml")
    assert _problems(path) == [expected]


def test_a_group_file_shares_its_sections(tmp_path: Path) -> None:
    write_text(
        tmp_path,
        "ethos: 1\nvalues: [honesty]\nsections:\n"
        "  foreword: {text: From the group.}\n"
        "  replaced:\n    introduction: {text: The group's introduction.}\n"
        "    concern: {text: The group's concern.}\n",
        "group.yaml",
    )
    child = SHOP.replace("ethos: 1\n", "ethos: 1\nextends: group.yaml\n").replace(
        "  translations: [it]\n", ""
    )
    # The company's foreword and its replaced concern win; the group's introduction stays.
    path = write_text(tmp_path, child, "shop.yaml")
    markdown = compose(path, (), "en").markdown
    assert "We **mean** what this chapter says." in markdown
    assert "From the group." not in markdown
    assert "## Introduction\n\nThe group's introduction." in markdown
    assert "Call Dana on **extension 12**." in markdown
    rows = [
        tuple(
            str(part).replace(f"{tmp_path}/", "") for part in (r.key, r.effective, r.source, r.how)
        )
        for r in explain(path)
    ]
    assert [row for row in rows if row[0].startswith("sections")] == [
        ("sections.foreword", "—", "shop.yaml:11", "overrides group.yaml:4"),
        ("sections.added: sustainability", "Caring for the outdoors", "shop.yaml:19", "own"),
        ("sections.added: repairs", "Repairs", "shop.yaml:23", "own"),
        ("sections.added: welcome", "Welcome", "shop.yaml:27", "own"),
        ("sections.replaced.introduction", "—", "group.yaml:6", "inherited"),
        ("sections.replaced.concern", "—", "shop.yaml:32", "overrides group.yaml:7"),
    ]
    only_group = write_text(
        tmp_path,
        "ethos: 1\nextends: group.yaml\n" + child.split("\n", 2)[2].split("sections:")[0],
        "other.yaml",
    )
    assert "## Foreword\n\nFrom the group." in compose(only_group, (), "en").markdown
    write_text(
        tmp_path,
        "ethos: 1\nsections:\n  replaced:\n    nowhere: {text: x}\n",
        "group.yaml",
    )
    assert _problems(only_group)[0].startswith(
        "group.yaml:4:5: sections.replaced.nowhere: the chapter has no section `nowhere`"
    )


def test_diff_reports_the_foreword_and_sections(shop: Path, tmp_path: Path) -> None:
    changed = SHOP.replace("We **mean**", "We truly **mean**").replace(
        "    - id: welcome\n", "    - id: welcome_back\n"
    )
    new = write_text(tmp_path, changed, "new.yaml")
    result = diff(Source(shop), Source(new))
    assert [(c.kind, c.path, c.describe(), c.material) for c in result.changes] == [
        ("foreword_reworded", "sections.foreword", "Foreword: reworded", False),
        ("section_removed", "sections.added.welcome", "Section Welcome: removed", True),
        ("section_added", "sections.added.welcome_back", "Section Welcome: added", True),
    ]
    italian = diff(Source(shop), Source(new), "it")
    assert [change.title for change in italian.changes] == [
        "Premessa", "Sezione Benvenuti", "Sezione Benvenuti"
    ]  # fmt: skip
    output = CliRunner().invoke(
        app, ["diff", str(shop), str(new), "-f", "md", "-o", str(tmp_path / "report")]
    )
    assert output.exit_code == 0, output.output
    report = next((tmp_path / "report").rglob("*.md")).read_text(encoding="utf-8")
    # Plain Markdown: the insertion in bold, the text's own bold left out.
    assert "We **truly** mean" in report


def test_explain_names_each_section_in_the_language_asked() -> None:
    acme = next(path for path in EXAMPLES if path.stem == "acme-outfitters")
    shown = {row.key: row.effective for row in explain(acme, "it")}
    assert shown["sections.foreword"] == "Un messaggio della nostra amministratrice delegata"
    assert shown["sections.added: safety_advice"] == "Consigli di sicurezza per l'outdoor"


def test_a_replaced_section_the_chapter_leaves_out_is_a_warning(cli: Any, tmp_path: Path) -> None:
    text = (
        "ethos: 1\ncompany: {name: Test Co, ethics_contact: {email: ethics@test.example}}\n"
        "document: {version: '1.0', effective_date: 2026-02-01}\nvalues: [courtesy]\n"
        "sections:\n  replaced:\n    training: {text: We train everyone.}\n"
        "    concern: {text: Call Dana.}\n"
    )
    path = write_text(tmp_path, text, "shop.yaml")
    result = cli("check", path)
    assert result.exit_code == 0, result.output
    assert f"{path}:7:5: sections.replaced.training: the chapter leaves the `training` " in (
        result.output
    )
    assert "states none of the policies it presents (training), so this text is not printed" in (
        result.output
    )
    assert "sections.replaced.concern" not in result.output  # always printed
    strict = cli("build", path, "--strict", "--out", tmp_path / "out")
    assert strict.exit_code == 1 and not (tmp_path / "out").exists()
    stated = write_text(
        tmp_path,
        text.replace("values: [courtesy]\n", "values: [courtesy]\npolicies:\n"
                     "  training: {stance: onboarding, methods: [role_play]}\n"),
        "trained.yaml",
    )  # fmt: skip
    assert "leaves the" not in cli("check", stated).output
