"""One page view for every format: the cover, contents, header and properties of the HTML,
the PDF and the Word document come from :func:`ethos.render.page.page_view`, made once per
language."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import docx
import pytest

from ethos import build
from ethos.publish.build import BuildResult
from ethos.render import page as page_module
from ethos.render.page import PageView, Wording

from helpers import values_data, write_values


def output(result: BuildResult, language: str, fmt: str) -> Path:
    return result.directory / f"ethics-code.{language}.{fmt}"


@pytest.mark.pdf
def test_every_format_shows_the_one_page_view_made_once_per_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page view is replaced by one with made-up cover words: the HTML, the PDF (its
    cover and running header) and the Word document (cover, header, properties) all show
    them, so none of them words its cover on its own."""
    made: list[PageView] = []
    real = page_module.page_view

    def marked(chapter):  # type: ignore[no-untyped-def]
        page = real(chapter)
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
