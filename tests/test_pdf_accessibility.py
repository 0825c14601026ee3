"""The chapter PDFs as a PDF/UA checker reads them.

The checker is outloud 0.2.1 (PyPI, pure Python on pikepdf and PyMuPDF; the dev extra
installs it). Every one of its rules runs on every chapter PDF of the suite, both examples
in all five languages: 63 of its 92 rules apply to a chapter (PDF/UA-1 conformance and
WCAG 2.2 semantic checks; the rest need figures, forms, notes, formulae, embedded files
or the source PDF, which a chapter does not have). The test allows no finding at all,
error, warning or info, except two warnings that are false positives for these PDFs;
each is documented in ``FALSE_POSITIVES`` and ignored only where its reason is checked
to hold. The rules this file relies on by name (and checks that they ran):

- ``LST-001`` list items whose parent is not a list, ``LST-003`` list children that are
  not list items (ISO 14289-1 7.6): the cover's facts were a ``<dl>`` with row
  wrappers, tagged L > Div > LI; they are a table with row headers now.
- ``PAG-001`` running headers and page numbers tagged as content (7.8): the margin boxes
  of ``page.css.j2`` are ``/Artifact /Pagination`` now (:mod:`ethos.render.pdf_tags`).
- ``TBL-*`` table structure and headers (7.5), ``HDG-*`` headings, ``LNK-*`` links and
  their annotations, ``TAG-*`` and ``TXT-*`` tagging and text mapping, ``DOC-*``
  language, title and metadata.

A canary built with WeasyPrint alone (no ethos mending) must still fail LST-001,
LST-003 and PAG-001, so a checker that went silent fails this file instead of passing
it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import outloud
import pytest

from ethos.render.pdf_variants import DEFAULT_PDF_VARIANT, pdf_options
from ethos.wording.languages import LANGUAGES

from conftest import EXAMPLES

pytestmark = pytest.mark.pdf

RELIED_ON = ("LST-001", "LST-003", "PAG-001", "TBL-001", "TBL-002", "HDG-001", "LNK-004")


def _lists_paint_their_labels_late(finding: Any, path: Path) -> bool:
    """ORD-001, "page paints content in a different order from the tag tree" (semantic).

    WeasyPrint paints the number of each list item (its outside ``::marker``, tagged
    ``Lbl``) after the text of the page, while the structure tree, which PDF/UA readers
    follow, puts every ``Lbl`` before its ``LBody``; on a page of numbered rules that is
    a third of the sequences. Ignored only when that is the whole difference: with the
    labels left out, no page falls below the rule's own threshold (80% of the sequences
    in tree order).
    """
    from outloud.model import Document

    document = Document(str(path))
    try:
        for page in document.pages:
            tree = [
                (ref.stream, ref.mcid)
                for element in document.elements
                if not _inside(element, "Lbl")
                for ref in element.mcrefs
                if ref.page == page.index
            ]
            rank = {key: index for index, key in enumerate(tree)}
            painted = [rank[key] for key in document.content(page.index).paint_order if key in rank]
            if painted and _longest_increasing(painted) < 0.8 * len(painted):
                return False
        return True
    finally:
        document.close()


def _longest_increasing(numbers: list[int]) -> int:
    """The length of the longest increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for number in numbers:
        index = bisect.bisect_left(tails, number)
        tails[index : index + 1] = [number]
    return len(tails)


def _arabic_letters_have_positional_forms(finding: Any, path: Path) -> bool:
    """TXT-004, "Unicode mapping is legal but wrong": five or more glyphs map to one text.

    In the Urdu chapter, Noto Naskh Arabic draws a letter in up to four positional forms
    (isolated, initial, medial, final) and more in ligatures, each its own glyph, and each
    rightly maps to the letter itself (lam, U+0644), which is what makes the text
    searchable. Ignored only for the Naskh fonts, when the shared text is one Arabic
    letter and nothing maps to control or private-use characters.
    """
    message = finding.message
    letter = message.rpartition(" ")[2].strip("'")
    return (
        "Noto-Naskh-Arabic" in message
        and " different codes all map to U+06" in message
        and len(letter) == 1
        and "\u0600" <= letter <= "\u06ff"
        and ";" not in message
    )


FALSE_POSITIVES: dict[str, Callable[[Any, Path], bool]] = {
    "ORD-001": _lists_paint_their_labels_late,
    "TXT-004": _arabic_letters_have_positional_forms,
}


def _inside(element: Any, kind: str) -> bool:
    while element is not None:
        if element.type == kind:
            return True
        element = element.parent
    return False


def _check(path: Path) -> Any:
    result = outloud.check(str(path))
    assert result.error is None, result.error
    crashed = [(run.rule, run.reason) for run in result.runs if run.status == "crashed"]
    assert crashed == []
    return result


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("example", [path.stem for path in EXAMPLES])
def test_every_chapter_pdf_passes_the_pdf_ua_checker(
    example: str, language: str, built_all: dict[tuple[str, str], Path]
) -> None:
    path = built_all[example, language]
    result = _check(path)
    ran = {run.rule for run in result.runs if run.status == "ran"}
    assert set(RELIED_ON) <= ran
    assert len(ran) >= 60
    findings = [
        f"{finding.rule} {finding.severity} p.{finding.page}: {finding.message}"
        for finding in result.findings
        if not (finding.rule in FALSE_POSITIVES and FALSE_POSITIVES[finding.rule](finding, path))
    ]
    assert findings == []


CANARY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Canary</title><style>
@page { size: A6; @top-left { content: "Canary · Running header" }
        @bottom-center { content: "Page " counter(page) " of " counter(pages) } }
section { break-after: page; }
</style></head><body>
<dl><div><dt>Version</dt><dd>1.0</dd></div><div><dt>Effective</dt><dd>today</dd></div></dl>
<section><h1>One</h1><p>The first page.</p></section>
<section><h2>Two</h2><p>The second page.</p></section>
<section><h2>Three</h2><p>The third page.</p></section>
</body></html>
"""


@pytest.mark.parametrize("mended", [False, True], ids=["weasyprint-alone", "ethos"])
def test_the_checker_still_sees_the_faults_ethos_mends(tmp_path: Path, mended: bool) -> None:
    """A canary with a ``<dl>`` in row wrappers and a running header on every page.

    WeasyPrint alone tags it L > Div > LI and leaves the header and page numbers tagged
    content: the checker must report all three rules. With ethos's finisher only the
    list remains (its markup is the canary's, not ethos's cover table).
    """
    import weasyprint

    options = pdf_options(DEFAULT_PDF_VARIANT, (), None) if mended else {}
    path = tmp_path / "canary.pdf"
    weasyprint.HTML(string=CANARY).write_pdf(
        path, **{"pdf_variant": DEFAULT_PDF_VARIANT, **options}
    )
    rules = {finding.rule for finding in _check(path).findings}
    expected = {"LST-001", "LST-003"} if mended else {"LST-001", "LST-003", "PAG-001"}
    assert rules & {"LST-001", "LST-003", "PAG-001"} == expected


@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["png", "svg"])
def test_a_chapter_with_a_logo_passes_the_pdf_ua_checker(tmp_path: Path, kind: str) -> None:
    """The cover's logo is a figure with its alternative text ("Test Co logo"); the
    running header's is a background, an artifact like the header itself."""
    from ethos import build

    from helpers import SVG_LOGO, png_logo, values_data, write_values

    (tmp_path / f"logo.{kind}").write_bytes(png_logo() if kind == "png" else SVG_LOGO.encode())
    data = values_data()
    data["company"]["logo"] = f"logo.{kind}"
    path = write_values(tmp_path, data)
    result = build(path, formats=["pdf"], out_dir=tmp_path / "out")
    pdf = result.outputs[0]
    findings = [
        f"{finding.rule} {finding.severity} p.{finding.page}: {finding.message}"
        for finding in _check(pdf).findings
        if not (finding.rule in FALSE_POSITIVES and FALSE_POSITIVES[finding.rule](finding, pdf))
    ]
    assert findings == []
