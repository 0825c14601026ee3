"""The redline as Word reviews it (`ethos diff OLD NEW --format docx`): the new chapter
with every change as a tracked change, and the Markdown redline GitHub renders.

LibreOffice, headless, opens each redline DOCX and accepts every change, or rejects every
one, and saves the text; it saves the plain DOCX of the old and of the new chapter the
same way. Accepting all must give the new chapter's text, rejecting all the old one's, in
every language, right to left and Chinese included. cmark-gfm (GitHub's renderer) reads
the Markdown redline: every mark must render, and the struck and the bold words must
spell the old and the new chapter.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from docx.oxml.ns import qn
from lxml import etree

from ethos.changes.redline import redline, redline_chapters
from ethos.changes.redline_plain import plain_markdown
from ethos.changes.word_redline import word_redline
from ethos.render.docx import render_docx
from ethos.values.loading import load_source
from ethos.values.sources import Source
from ethos.wording.languages import LANGUAGES

from conftest import REPOSITORY
from libreoffice import run_macro

OLD = REPOSITORY / "values" / "history" / "brightline-electronics-0.9.yaml"
NEW = REPOSITORY / "values" / "brightline-electronics.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# For each DOCX of a folder: its text as it is, with every change accepted, and with
# every change rejected, each saved as UTF-8 text next to it.
MACRO = """
Sub Revisions(folder As String)
  Dim properties(0) As New com.sun.star.beans.PropertyValue
  Dim export(1) As New com.sun.star.beans.PropertyValue
  Dim none() As New com.sun.star.beans.PropertyValue
  properties(0).Name = "Hidden"
  properties(0).Value = True
  export(0).Name = "FilterName"
  export(0).Value = "Text (encoded)"
  export(1).Name = "FilterOptions"
  export(1).Value = "UTF8,LF"
  found = DocxFiles(folder)
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  For n = 0 To UBound(found)
    location = ConvertToURL(folder &amp; "/" &amp; found(n))
    For Each action In Array("AsIs", "AcceptAllTrackedChanges", "RejectAllTrackedChanges")
      document = StarDesktop.loadComponentFromURL(location, "_blank", 0, properties())
      If action &lt;&gt; "AsIs" Then
        frame = document.getCurrentController().getFrame()
        dispatcher.executeDispatch(frame, ".uno:" &amp; action, "", 0, none())
      End If
      document.storeToURL(location &amp; "." &amp; action &amp; ".txt", export())
      document.close(True)
    Next
  Next
End Sub
"""


@pytest.fixture(scope="module")
def versions() -> tuple:  # type: ignore[type-arg]
    return load_source(Source(OLD)), load_source(Source(NEW))


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory, versions: tuple) -> Path:  # type: ignore[type-arg]
    """Each language's redline, old and new chapter as DOCX, read back by LibreOffice."""
    folder = tmp_path_factory.mktemp("redline")
    documents = folder / "documents"
    documents.mkdir()
    for language in LANGUAGES:
        old, new = redline_chapters(*versions, language)
        (documents / f"redline.{language}.docx").write_bytes(word_redline(old, new))
        (documents / f"old.{language}.docx").write_bytes(render_docx(old))
        (documents / f"new.{language}.docx").write_bytes(render_docx(new))
    run_macro(folder / "profile", MACRO, f'Revisions("{documents}")')
    return documents


def _read(folder: Path, name: str, action: str) -> str:
    return (folder / f"{name}.docx.{action}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_accepting_every_change_gives_the_new_chapter_and_rejecting_the_old(
    libreoffice: Path, language: str
) -> None:
    accepted = _read(libreoffice, f"redline.{language}", "AcceptAllTrackedChanges")
    rejected = _read(libreoffice, f"redline.{language}", "RejectAllTrackedChanges")
    shown = _read(libreoffice, f"redline.{language}", "AsIs")
    new = _read(libreoffice, f"new.{language}", "AsIs")
    old = _read(libreoffice, f"old.{language}", "AsIs")
    assert old != new
    assert accepted == new
    assert rejected == old
    # As opened, both versions' words are there, each change marked.
    assert len(shown) > max(len(old), len(new))


def _document(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(__import__("io").BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _text(element: etree._Element) -> str:
    return "".join(node.text or "" for node in element.iter(f"{W}t", f"{W}delText"))


def test_changes_are_word_by_word_inside_a_paragraph_with_author_and_date(versions: tuple) -> None:  # type: ignore[type-arg]
    old, new = redline_chapters(*versions, "en")
    root = _document(word_redline(old, new))
    marks = root.findall(f".//{W}ins") + root.findall(f".//{W}del")
    assert {mark.get(qn("w:author")) for mark in marks} == {"Brightline Electronics"}
    assert {mark.get(qn("w:date")) for mark in marks} == {"2026-01-15T00:00:00Z"}
    assert len({mark.get(qn("w:id")) for mark in marks}) == len(marks)
    refund = next(p for p in root.iter(f"{W}p") if "We refund returns made within" in _text(p))
    deleted = [_text(d) for d in refund.iter(f"{W}del")]
    inserted = [_text(i) for i in refund.iter(f"{W}ins")]
    assert deleted[0] == "90" and inserted[0] == "30"
    # The rest of the sentence is neither: only the words that changed are revisions.
    assert "We refund returns made within" not in "".join(deleted + inserted)
    # A value the new version adds is inserted whole, its paragraph marks too.
    added = [p for p in root.iter(f"{W}p") if _text(p).startswith("Customers choose to spend")]
    assert added and added[0].find(f"{W}pPr/{W}rPr/{W}ins") is not None
    # Word goes on tracking the reviewer's own edits.
    with zipfile.ZipFile(__import__("io").BytesIO(word_redline(old, new))) as package:
        assert b"<w:trackRevisions/>" in package.read("word/settings.xml")


def test_the_cover_and_contents_track_what_changed(versions: tuple) -> None:  # type: ignore[type-arg]
    old, new = redline_chapters(*versions, "en")
    root = _document(word_redline(old, new))
    cover = root.find(f".//{W}tbl")
    assert cover is not None
    assert [_text(d) for d in cover.iter(f"{W}del")][:1] == ["0.9"]
    assert [_text(i) for i in cover.iter(f"{W}ins")][:1] == ["1.0"]
    entries = [p for p in root.iter(f"{W}p") if _text(p) == "Value for money"]
    assert entries and all(p.find(f".//{W}ins") is not None for p in entries)


def test_diff_writes_the_word_redline_in_each_language(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("diff", OLD, NEW, "-f", "docx", "-l", "en,ur,zh", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (tmp_path / "brightline-electronics").iterdir())
    assert written == [f"changes-0-9-to-1-0.{lang}.docx" for lang in ("en", "ur", "zh")]
    urdu = _document((tmp_path / "brightline-electronics" / written[1]).read_bytes())
    assert urdu.find(f".//{W}ins") is not None and urdu.find(f".//{W}bidi") is not None


# --- The Markdown redline, as GitHub shows it --------------------------------------------


def _github(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def _words(rendered: str) -> str:
    inline = re.sub(r"</?(?:strong|em|del|ins|a|code|span)\b[^>]*>", "", rendered)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def _version(rendered: str, keep: str) -> str:
    """The rendered redline's text as one version reads it: without the bold (inserted)
    words for the old, without the struck (deleted) ones for the new."""
    drop = "strong" if keep == "del" else "del"
    return _words(re.sub(rf"<{drop}>.*?</{drop}>", "", rendered, flags=re.S))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_markdown_redline_renders_on_github_and_spells_both_versions(
    versions: tuple,  # type: ignore[type-arg]
    language: str,
) -> None:
    old, new = redline_chapters(*versions, language)
    marked = redline(old.markdown, new.markdown, language=language)
    plain = plain_markdown(marked)
    assert not re.search(r"</?(?:ins|del|p)\b|class=", plain)
    rendered = _github(plain)
    # Every mark renders: no tilde or double asterisk is left as text.
    assert "~~" not in _words(rendered) and "**" not in _words(rendered)
    assert rendered.count("<del>") >= 5 and rendered.count("<strong>") >= 5
    # Struck words are the old version's, bold ones the new one's: the same text as the
    # HTML redline's <del> and <ins> give, read by the same renderer.
    old_text = _github(re.sub(r"<ins>.*?</ins>", "", marked, flags=re.S))
    new_text = _github(re.sub(r"<del>.*?</del>", "", marked, flags=re.S))
    assert _version(rendered, "del") == _words(old_text)
    assert _version(rendered, "ins") == _words(new_text)
