"""One page view for every format: the cover, contents, header and properties of the HTML,
the PDF and the Word document come from :func:`ethos.render.page.page_view`, made once per
language; a template override that reaches the HTML and PDF but not Word is reported."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import docx
import pytest

from ethos import build
from ethos.errors import InvalidInputError
from ethos.publish.build import BuildResult
from ethos.render import page as page_module
from ethos.render.page import PageView, Wording
from ethos.resources import builtin_templates_dir

from helpers import readme_template, values_data, write_tree, write_values

WORD_KEEPS = "the Word document (DOCX) keeps the built-in cover and styles"
# An override of each template the Word document does not read: it changes the HTML.
OVERRIDES = {
    "page.html.j2": readme_template("page.html.j2"),  # the README's extra CSS
    "page.css.j2": '{% include "!default/page.css.j2" %}\nbody { color: #7a1f1f; }\n',
    "style.css": (builtin_templates_dir() / "style.css").read_text(encoding="utf-8")
    + "body { color: #7a1f1f; }\n",
}


def output(result: BuildResult, language: str, fmt: str) -> Path:
    return result.directory / f"ethics-code.{language}.{fmt}"


def warning(templates: Path, name: str) -> str:
    return f"{templates / name}: overrides the built-in {name} for the HTML and PDF only — {WORD_KEEPS}"


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_an_override_word_does_not_follow_is_reported_by_a_docx_build(
    tmp_path: Path, name: str
) -> None:
    templates = write_tree(tmp_path / "my-templates", {name: OVERRIDES[name]})
    values = write_values(tmp_path)
    result = build(
        values, formats=["html", "docx"], out_dir=tmp_path / "out", template_dirs=[templates]
    )
    assert [str(problem) for problem in result.warnings] == [warning(templates, name)]
    assert [problem.severity for problem in result.warnings] == ["warning"]
    # The override did reach the HTML; both files were written.
    html = (result.directory / "ethics-code.en.html").read_text(encoding="utf-8")
    assert "#7a1f1f" in html
    assert (result.directory / "ethics-code.en.docx").is_file()


def test_under_strict_the_override_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    templates = write_tree(tmp_path / "my-templates", dict(OVERRIDES))
    values = write_values(tmp_path)
    with pytest.raises(InvalidInputError) as raised:
        build(
            values,
            formats=["docx"],
            out_dir=tmp_path / "out",
            template_dirs=[templates],
            strict=True,
        )
    assert [str(problem) for problem in raised.value.problems] == [
        warning(templates, name) for name in ("page.css.j2", "page.html.j2", "style.css")
    ]
    assert not (tmp_path / "out").exists()


def test_the_cli_warns_and_under_strict_fails(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    templates = write_tree(tmp_path / "my-templates", {"page.html.j2": OVERRIDES["page.html.j2"]})
    values = write_values(tmp_path)
    out = tmp_path / "out"
    common = ("build", values, "--templates", templates, "--format", "html,docx", "--out", out)
    strict = cli(*common, "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[0] == warning(templates, "page.html.j2")
    assert not out.exists()
    result = cli(*common)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:2] == [
        warning(templates, "page.html.j2"),
        "1 warning found.",
    ]
    assert result.stderr.splitlines()[2].startswith("readability, sections on target: en ")
    assert (out / "test-co" / "ethics-code.en.docx").is_file()


def test_no_warning_without_docx_or_for_an_override_word_follows(tmp_path: Path) -> None:
    values = write_values(tmp_path)
    page = write_tree(tmp_path / "page", {"page.html.j2": OVERRIDES["page.html.j2"]})
    html_only = build(values, formats=["md", "html"], out_dir=tmp_path / "a", template_dirs=[page])
    assert html_only.warnings == []
    # A section is in the body, which the Word document shows as the HTML does.
    foreword = "## Foreword\n\nA word.\n\n{% include '!default/sections/introduction.md.j2' %}\n"
    section = write_tree(tmp_path / "section", {"sections/introduction.md.j2": foreword})
    with_docx = build(values, formats=["docx"], out_dir=tmp_path / "b", template_dirs=[section])
    assert with_docx.warnings == []
    document = docx.Document(str(with_docx.directory / "ethics-code.en.docx"))
    assert "Foreword" in [paragraph.text for paragraph in document.paragraphs]


@pytest.mark.pdf
def test_every_format_shows_the_one_page_view_made_once_per_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page view is replaced by one with made-up cover words: the HTML, the PDF (its
    cover and running header) and the Word document (cover, header, properties) all show
    them, so none of them words its cover on its own."""
    made: list[PageView] = []
    real = page_module.page_view

    def marked(chapter, *logo):  # type: ignore[no-untyped-def]
        page = real(chapter, *logo)
        version = dataclasses.replace(page.facts[0], label=Wording.of("Marked label"))
        made.append(
            dataclasses.replace(
                page,
                company="Marked Company",
                subtitle=Wording.of("Marked subtitle"),
                facts=(version, *page.facts[1:]),
                description=Wording.of("Marked description"),
            )
        )
        return made[-1]

    monkeypatch.setattr(page_module, "page_view", marked)
    facts = {"version": "1.0", "effective_date": "2026-02-01", "translations": ["it"]}
    values = write_values(tmp_path, values_data(document=facts))
    result = build(
        values, formats=["html", "pdf", "docx"], languages=["en", "it"], out_dir=tmp_path / "out"
    )
    assert len(made) == 2  # once per language, for all three formats
    for language, page in zip(["en", "it"], made, strict=True):
        html = output(result, language, "html").read_text(encoding="utf-8")
        for text in ("Marked Company", "Marked subtitle", "Marked label", "Marked description"):
            assert text in html
        pdf = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(output(result, language, "pdf")), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split("\f")
        assert pdf[0].split("\n")[:3] == ["Marked Company", "", page.title]
        assert "Marked subtitle\n" in pdf[0] and "Marked label\n" in pdf[0]
        assert pdf[1].startswith(f"Marked Company · {page.title}\n\nMarked label 1.0\n")
        document = docx.Document(str(output(result, language, "docx")))
        assert [p.text for p in document.paragraphs[:3]] == [
            "Marked Company",
            page.title,
            "Marked subtitle",
        ]
        assert document.tables[0].rows[0].cells[0].text == "Marked label"
        header = document.sections[0].header.paragraphs[0].text
        assert header == f"Marked Company · {page.title}"
        assert document.core_properties.subject == "Marked description"
