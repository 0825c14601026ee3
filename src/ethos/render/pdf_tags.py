"""What WeasyPrint's structure tree leaves out or gets wrong, mended before the PDF is written.

Runs in the renderer process, inside WeasyPrint's ``finisher`` hook, on the pydyf objects
WeasyPrint built (:func:`ethos.render.pdf_variants.pdf_options`). Two things, both PDF/UA-1:

- **Running headers and page numbers are artifacts.** WeasyPrint marks the text of page
  margin boxes (``@top-left``, ``@bottom-center`` ... in ``page.css.j2``) with an MCID and
  gives it structure elements that it never links into the tree. A checker (or a screen
  reader) then finds tagged content on every page that belongs to no structure element:
  ISO 14289-1 7.1 and 7.8 want it marked ``/Artifact`` of type ``/Pagination``.
- **Table header cells carry their scope** (Matterhorn 15-003): WeasyPrint links cells to
  headers but does not write ``/Scope``. A header is a row header when a cell of its own
  row names it (``<th scope="row">``, the cover facts), else a column header.
- **Links print** (the annotation's Print flag, as WeasyPrint sets it for PDF/A only), so
  the page a reader is given and the printed page have the same annotations.

One thing cannot be mended afterwards, because the finished tree no longer knows its
HTML: **text in another language than the document's** (``<span lang="en">``, company
text a chapter prints untranslated) gets its ``/Lang`` (ISO 14289-1 7.2) while the tree
is built, by :func:`tag_languages`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

ARTIFACT = "/Artifact"
PAGINATION = {"Type": "/Pagination"}
PRINT = 1 << 2  # annotation flag bit 3


def mend_tags(pdf: Any) -> None:
    """Mend the structure tree and page contents of the tagged pydyf ``pdf`` in place."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    _mark_untagged_content_as_artifacts(pdf)
    _scope_table_headers(pdf)
    for item in pdf.objects:
        if isinstance(item, dict) and item.get("Type") == "/Annot" and "F" not in item:
            item["F"] = PRINT


def _object(pdf: Any, reference: Any) -> Any:
    """The pydyf object a reference (``b"12 0 R"`` or ``"12 0 R"``) points to."""
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    return pdf.objects[int(text.split()[0])]


def _is_reference(item: Any) -> bool:
    return isinstance(item, bytes | str) and (
        item.endswith(b" 0 R") if isinstance(item, bytes) else item.endswith(" 0 R")
    )


def _tree(pdf: Any) -> Iterator[Any]:
    """Every structure element reachable from the root, each once."""
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    pending = [_object(pdf, kid) for kid in root["K"]]
    seen: set[int] = set()
    while pending:
        element = pending.pop()
        if element.number in seen or element.get("Type") != "/StructElem":
            continue
        seen.add(element.number)
        yield element
        pending.extend(_object(pdf, kid) for kid in element["K"] if _is_reference(kid))


def _mark_untagged_content_as_artifacts(pdf: Any) -> None:
    """Turn marked content that no element of the tree owns into pagination artifacts.

    The parent tree maps each page's MCIDs to their structure elements; an MCID whose
    element is not in the tree is margin-box text. Its marked-content sequence becomes
    ``/Artifact <</Type /Pagination>> BDC`` and its parent-tree entry ``null``, and the
    detached elements are emptied: no structure element claims the content any more.
    """
    import pydyf

    in_tree = {element.number for element in _tree(pdf)}
    numbers = _object(pdf, _object(pdf, pdf.catalog["StructTreeRoot"])["ParentTree"])["Nums"]
    for page in pdf.objects:
        if not isinstance(page, dict) or page.get("Type") != "/Page":
            continue
        owners = numbers[numbers.index(page["StructParents"]) + 1]
        artifacts = set()
        for mcid, owner in enumerate(owners):
            if _is_reference(owner) and _object(pdf, owner).number not in in_tree:
                artifacts.add(mcid)
                owners[mcid] = b"null"
        content = _object(pdf, page["Contents"]).stream
        for index, item in enumerate(content):
            if isinstance(item, dict) and item.get("MCID") in artifacts:
                content[index - 1 : index + 1] = [ARTIFACT, pydyf.Dictionary(PAGINATION)]
    annotated = {  # a link's element stays whole: the parent tree still points at it
        _object(pdf, owner).number for owner in numbers[1::2] if _is_reference(owner)
    }
    for number, item in enumerate(pdf.objects):
        if (
            isinstance(item, dict)
            and item.get("Type") == "/StructElem"
            and number not in in_tree | annotated
        ):
            item.clear()


def _scope_table_headers(pdf: Any) -> None:
    for row in _tree(pdf):
        if row.get("S") != "/TR":
            continue
        cells = [_object(pdf, kid) for kid in row["K"] if _is_reference(kid)]
        named = {
            _serialized(header)
            for cell in cells
            if cell.get("S") == "/TD"
            for header in cell.get("A", {}).get("Headers", ())
        }
        for cell in cells:
            if cell.get("S") == "/TH" and "A" in cell:
                cell["A"]["Scope"] = "/Row" if _serialized(cell.get("ID")) in named else "/Column"


def _serialized(item: Any) -> bytes:
    """A pydyf value as written in the file (a ``String`` ID as ``(4-1-0)``)."""
    return bytes(getattr(item, "data", str(item).encode()))


def tag_languages() -> None:
    """Make WeasyPrint give a structure element the ``/Lang`` of its HTML element's
    ``lang`` (a ``<span>``, a cover cell, a contents link).

    WeasyPrint (pinned in the lock) builds the tree in ``weasyprint.pdf.tags``, one call
    of ``_build_box_tree`` per box, recursively through the module's own name; this wraps
    that function once per process. ``tests/test_fallback.py`` reads ``/Lang`` back from
    the PDF, so a WeasyPrint that renames it fails there, not silently.
    """
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "ethos_languages", False):
        return

    def with_languages(box: Any, *args: Any) -> Iterator[Any]:
        source: Any = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None)
        # The page's own language is the document's /Lang; only an element's own counts.
        language = source.get("lang") if source is not None and tag != "html" else None
        for element in build(box, *args):
            if language and element.get("Type") == "/StructElem":
                element["Lang"] = pydyf.String(language)
            yield element

    with_languages.ethos_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = with_languages
