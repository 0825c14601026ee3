"""Word's tracked changes (revisions): the runs a redline inserts and deletes, and the
paragraphs and table rows it inserts or deletes whole.

A redline DOCX is the new chapter in which every change since the old one is a revision
Word and LibreOffice let the reader accept or reject: inserted text in ``w:ins``,
deleted text in ``w:del`` (its characters in ``w:delText``), each with its author and
date. A paragraph whose every word is inserted (or deleted) has its paragraph mark
inserted (or deleted) too, and a table row likewise, so that accepting every revision
gives the new chapter and rejecting every one the old, without empty paragraphs left
behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from .docx_xml import element, put

Segments = tuple[tuple[str, str], ...]
"""Text as ``(kind, text)`` pieces: kind ``""`` (in both versions), ``"del"`` or ``"ins"``."""
FIRST_ID = 1000
"""Revision ids start here, clear of the bookmarks' (numbered from 0)."""
_TEXT = {qn("w:t"), qn("w:delText"), qn("w:br"), qn("w:tab"), qn("w:drawing")}
_REVISIONS = {qn("w:ins"): "ins", qn("w:del"): "del"}


@dataclass(frozen=True)
class Revisions:
    """What makes a chapter's DOCX a redline: the body with its insertions and deletions,
    the cover, running header and contents as both versions have them, and who made the
    changes when."""

    author: str
    date: str
    """ISO 8601, as Word's ``w:date`` wants it: ``2026-01-15T00:00:00Z``."""
    body_html: str
    """The sanitised redline body: the new chapter's, with ``<ins>``/``<del>``."""
    company: Segments
    title: Segments
    header: Segments
    facts: tuple[tuple[Segments, Segments], ...]
    """The cover's facts, (label, value), old rows deleted and new rows inserted."""
    contents: tuple[tuple[int, Segments, str | None], ...]
    """Each contents entry: (heading level, title, anchor of a heading the body keeps)."""


class Tracking:
    """Makes the revision marks of one document: its author, date and numbered ids."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self._count = 0

    def mark(self, kind: str) -> BaseOxmlElement:
        """A new ``w:ins`` or ``w:del`` with the next id."""
        self._count += 1
        return element(kind, id=str(FIRST_ID + self._count), author=self.author, date=self.date)

    def wrap(self, kind: str, runs: Sequence[BaseOxmlElement]) -> BaseOxmlElement:
        """``runs`` inside one revision; a deleted run's text becomes ``w:delText``."""
        revision = self.mark(kind)
        for run in runs:
            if kind == "del":
                for text in run.iter(qn("w:t")):
                    text.tag = qn("w:delText")
            revision.append(run)
        return revision


def _revision(run: BaseOxmlElement, paragraph: BaseOxmlElement) -> str:
    """``ins``, ``del`` or ``""``: the revision a run is inside, within its paragraph."""
    node = run.getparent()
    while node is not None and node is not paragraph:
        if node.tag in _REVISIONS:
            return _REVISIONS[node.tag]
        node = node.getparent()
    return ""


def _kinds(container: BaseOxmlElement, paragraphs: Sequence[BaseOxmlElement]) -> set[str]:
    """The revisions the text of ``paragraphs`` is in; empty when they hold no text."""
    return {
        _revision(run, paragraph)
        for paragraph in paragraphs
        for run in paragraph.iter(qn("w:r"))
        if any(child.tag in _TEXT for child in run)
    }


def mark_whole_revisions(story: BaseOxmlElement, tracking: Tracking) -> None:
    """Mark as inserted (deleted) the paragraph mark of every paragraph of ``story`` whose
    text is all inserted (deleted), and every such table row.

    A paragraph mark is marked only when another paragraph follows: accepting the
    deletion joins what is left (nothing) to it, so the old paragraph leaves no trace.
    """
    for paragraph in list(story.iter(qn("w:p"))):
        following = paragraph.getnext()
        if paragraph.getparent().tag == qn("w:tc") or following is None:
            continue
        if following.tag != qn("w:p"):
            continue
        kinds = _kinds(paragraph, [paragraph])
        if len(kinds) == 1 and (kind := next(iter(kinds))):
            properties = paragraph.get_or_add_pPr()
            mark = properties.find(qn("w:rPr"))
            if mark is None:
                mark = put(properties, "rPr")
            mark.insert(0, tracking.mark(kind))
    for row in list(story.iter(qn("w:tr"))):
        kinds = _kinds(row, list(row.iter(qn("w:p"))))
        if len(kinds) == 1 and (kind := next(iter(kinds))):
            put(row.get_or_add_trPr(), kind, **_attributes(tracking.mark(kind)))


def _attributes(mark: BaseOxmlElement) -> dict[str, str]:
    return {name.rpartition("}")[2]: value for name, value in mark.attrib.items()}
