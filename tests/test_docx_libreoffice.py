"""The DOCX contents field as a real word processor updates it: LibreOffice opens each
document headless, runs *Update Index* on its table of contents, and the entries it then
lists are compared with the entries ethos cached (and so with the HTML contents).

`make test` installs LibreOffice (scripts/system-deps.sh --test); without it these tests
fail, never skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ethos.publish.build import compose
from ethos.render.docx import render_docx

from conftest import EXAMPLES
from helpers import foreword_templates
from libreoffice import run_macro

# A Basic macro in a throw-away LibreOffice profile: for each DOCX of a folder, the text of
# every document index before and after update(), written as UTF-8 next to it.
MACRO = """
Sub UpdateContents(folder As String)
  Dim properties(0) As New com.sun.star.beans.PropertyValue
  properties(0).Name = "Hidden"
  properties(0).Value = True
  found = DocxFiles(folder)
  fileAccess = createUnoService("com.sun.star.ucb.SimpleFileAccess")
  For n = 0 To UBound(found)
    location = ConvertToURL(folder &amp; "/" &amp; found(n))
    document = StarDesktop.loadComponentFromURL(location, "_blank", 0, properties())
    indexes = document.getDocumentIndexes()
    report = ""
    For i = 0 To indexes.getCount() - 1
      contents = indexes.getByIndex(i)
      report = report &amp; "[cached]" &amp; Chr(10) &amp; contents.getAnchor().getString() &amp; Chr(10)
      contents.update()
      report = report &amp; "[updated]" &amp; Chr(10) &amp; contents.getAnchor().getString() &amp; Chr(10)
    Next
    document.close(True)
    stream = createUnoService("com.sun.star.io.TextOutputStream")
    stream.setOutputStream(fileAccess.openFileWrite(location &amp; ".txt"))
    stream.setEncoding("UTF-8")
    stream.writeString(report)
    stream.closeOutput()
  Next
End Sub
"""
# (example, language, with the README's foreword override)
CHAPTERS = [
    ("acme-outfitters", "en", False),
    ("acme-outfitters", "it", True),
    ("brightline-electronics", "zh", False),
    ("brightline-electronics", "ur", True),
]


Found = dict[tuple[str, str, bool], tuple[list[str], list[str], list[str]]]


def _run_libreoffice(folder: Path) -> Found:
    """Each chapter's contents as ethos composed it, and as LibreOffice reads the DOCX
    field (its cached entries) and lists it after updating it."""
    documents = folder / "documents"
    documents.mkdir()
    templates = foreword_templates(folder / "templates")
    composed = {}
    for example, language, foreword in CHAPTERS:
        path = next(path for path in EXAMPLES if path.stem == example)
        chapter = compose(path, (templates,) if foreword else (), language)
        composed[example, language, foreword] = [heading.title for heading in chapter.contents]
        (documents / f"{example}.{language}.{int(foreword)}.docx").write_bytes(render_docx(chapter))
    run_macro(folder / "profile", MACRO, f'UpdateContents("{documents}")')
    found: Found = {}
    for key, titles in composed.items():
        example, language, foreword = key
        report = documents / f"{example}.{language}.{int(foreword)}.docx.txt"
        text = report.read_text(encoding="utf-8")
        assert text.count("[cached]") == 1, f"{report.name}: not one index:\n{text}"
        cached, updated = text.split("[cached]\n")[1].split("[updated]\n")
        found[key] = (titles, _entries(cached), _entries(updated))
    return found


def _entries(text: str) -> list[str]:
    # An updated entry ends in a tab and its page number; the cached ones have none.
    return [line.split("\t")[0] for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Found:
    return _run_libreoffice(tmp_path_factory.mktemp("libreoffice"))


@pytest.mark.parametrize(("example", "language", "foreword"), CHAPTERS)
def test_libreoffice_updates_the_contents_field_to_the_entries_of_the_html_contents(
    libreoffice: Found, example: str, language: str, foreword: bool
) -> None:
    composed, cached, updated = libreoffice[example, language, foreword]
    assert cached == composed
    assert updated == composed
