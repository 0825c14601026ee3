"""The company's own sections in the chapter: its foreword, the sections it added and the
built-in sections whose body it wrote (values file ``sections:``,
:mod:`ethos.values.sections`).

Everything here is company text, already put in one language: it goes through
:mod:`ethos.chapter.company_markdown` and is never read as a template. The foreword is the
built-in section ``foreword`` (``templates/sections/foreword.md.j2``); an added section is
``templates/company_section.md.j2``; a replaced section keeps the heading its template
wrote (or the company's title) and takes the company's body.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..values.local_text import plain
from ..values.sections import ReplacedSection, Sections, section_order
from .company_markdown import company_blocks
from .markdown_text import MarkdownSafe, escape_markdown

COMPANY_SECTION_TEMPLATE = "company_section.md.j2"


@dataclass(frozen=True)
class ForewordView:
    """The foreword as the chapter prints it; ``title`` empty for the default heading."""

    title: str
    text: MarkdownSafe
    signatory: str
    """The signatory's name, isolated in right-to-left text; empty when unsigned."""
    position: str
    """The signatory's title (position), empty when not given."""


@dataclass(frozen=True)
class SectionView:
    """A section the company added, as the chapter prints it."""

    id: str
    title: str
    text: MarkdownSafe


def foreword_view(sections: Sections, isolate: Callable[[str], str]) -> ForewordView | None:
    """The foreword of ``sections`` (in one language), or None when there is none."""
    foreword = sections.foreword
    if foreword is None:
        return None
    signatory = foreword.signatory
    return ForewordView(
        title=plain(foreword.title),
        text=company_blocks(plain(foreword.text)),
        signatory=isolate(signatory.name) if signatory else "",
        position=plain(signatory.title) if signatory else "",
    )


def compose_sections(
    sections: Sections,
    builtin: Sequence[str],
    rendered: Sequence[str],
    render_added: Callable[[SectionView], str],
) -> list[tuple[str, str]]:
    """Every section of the chapter in order, as (key, Markdown): the ``builtin`` ones as
    their templates ``rendered`` them (a body replaced by the company's), the added ones
    by ``render_added``."""
    by_key = dict(zip(builtin, rendered, strict=True))
    added = {section.id: section for section in sections.added}
    composed: list[tuple[str, str]] = []
    for key in section_order(sections.added, builtin):
        if key in added:
            section = added[key]
            view = SectionView(key, plain(section.title), company_blocks(plain(section.text)))
            composed.append((key, render_added(view).strip()))
        elif key in sections.replaced:
            composed.append((key, _replaced(by_key[key].strip(), sections.replaced[key])))
        else:
            composed.append((key, by_key[key].strip()))
    return composed


def _replaced(text: str, replacement: ReplacedSection) -> str:
    """The section's own heading (or the company's title) over the company's body.

    A section its template left out of this chapter (a policy not stated) stays out.
    """
    if not text:
        return ""
    first, _, _ = text.partition("\n")
    title = plain(replacement.title)
    heading = f"## {escape_markdown(title)}" if title else first if first.startswith("## ") else ""
    body = company_blocks(plain(replacement.text))
    return f"{heading}\n\n{body}" if heading else str(body)
