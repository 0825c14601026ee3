"""The chapter's headings and their anchors, shared by the Markdown and HTML outputs.

Anchors come from the heading text the way GitHub, GitLab and pandoc make them
(:class:`GitHubSlugs`, through Python-Markdown's ``toc`` extension), so they are readable
in every script ("our-values", "我们的价值观"), the Markdown contents links match the HTML
ids exactly, and they still work when the Markdown is read on GitHub.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import markdown

MARKDOWN_EXTENSIONS: list[Any] = ["tables", "sane_lists", "toc"]
MARKDOWN_CONFIG: dict[str, dict[str, Any]] = {
    "toc": {"toc_depth": "2-3", "permalink": False},
}


def github_slug(text: str) -> str:
    """A heading's anchor as GitHub's github-slugger makes it: lower case; every
    character but letters, marks, numbers, connector punctuation, hyphens and spaces
    removed (punctuation, symbols, the bidi isolates of an Urdu name); each space a
    hyphen. "Competitors' coupons & prices" gives "competitors-coupons--prices"."""
    kept = (
        character
        for character in text.lower()
        if character in "- "
        or unicodedata.category(character)[0] in "LMN"
        or unicodedata.category(character) == "Pc"
    )
    return "".join(kept).replace(" ", "-")


class GitHubSlugs:
    """The anchors of one document's headings, in order: :func:`github_slug`, and a
    repeated one numbered as GitHub numbers it ("values", "values-1"), not as
    Python-Markdown does ("values_1"), so a contents link works on GitHub too."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str, separator: str = "-") -> str:
        base = slug = github_slug(text)
        while slug in self.seen:
            self.seen[base] += 1
            slug = f"{base}-{self.seen[base]}"
        self.seen[slug] = 0
        return slug


@dataclass(frozen=True)
class Heading:
    """One heading of the chapter body."""

    level: int
    title: str
    anchor: str
    section: str = ""
    """The key of the section template that wrote the heading; empty when not known."""
    html_lang: str = ""
    """The language of a heading that is company text in another language than the
    chapter's (``<span lang>``, :func:`~ethos.chapter.company_markdown.in_own_language`),
    for the contents and Word's headings; empty for the chapter's own."""
    direction: str = ""
    """That language's direction, ``ltr`` or ``rtl``."""


_IN_OWN_LANGUAGE = re.compile(
    r'<span lang="(?P<lang>[^"]+)" dir="(?P<dir>ltr|rtl)">.*</span>', re.S
)


def new_converter(extensions: list[Any] | None = None) -> markdown.Markdown:
    """A Markdown converter configured the one way ethos converts chapters."""
    # One slugger per conversion: it numbers repeated headings within one document.
    config = {**MARKDOWN_CONFIG, "toc": {**MARKDOWN_CONFIG["toc"], "slugify": GitHubSlugs()}}
    return markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, *(extensions or [])],
        extension_configs=config,
        output_format="html",
        # Honour list start numbers: the code of conduct is numbered across groups.
        lazy_ol=False,  # type: ignore[call-arg]  # a documented option the stubs omit
    )


def outline(body: str) -> list[Heading]:
    """The level-2 and level-3 headings of a chapter body, in order."""
    converter = new_converter()
    converter.convert(body)
    headings: list[Heading] = []

    def walk(tokens: list[dict[str, Any]]) -> None:
        for token in tokens:
            # The toc extension gives names HTML-escaped; keep the plain text.
            heading = Heading(token["level"], html.unescape(token["name"]), token["id"])
            if marked := _IN_OWN_LANGUAGE.fullmatch(token.get("html", "")):
                heading = replace(heading, html_lang=marked["lang"], direction=marked["dir"])
            headings.append(heading)
            walk(token["children"])

    walk(converter.toc_tokens)  # type: ignore[attr-defined]  # set by the toc extension
    return headings


def outline_sections(sections: Sequence[tuple[str, str]], body: str) -> list[Heading]:
    """The headings of ``body``, the Markdown of ``sections`` (key, text) joined in order,
    each marked with the key of the section that wrote it.

    The anchors come from ``body`` as a whole, as the HTML ids do; each section's own
    outline says how many of the headings, and of which levels, it wrote. A custom section
    may write any number of headings (a foreword before the introduction), so nothing is
    matched by position. Should a section's Markdown run into the next one (an HTML block
    left open), the headings from there on are left unmarked rather than guessed.
    """
    headings = outline(body)
    marked: list[Heading] = []
    for key, text in sections:
        levels = [heading.level for heading in outline(text)]
        written = headings[len(marked) : len(marked) + len(levels)]
        if [heading.level for heading in written] != levels:
            break
        marked.extend(replace(heading, section=key) for heading in written)
    return [*marked, *headings[len(marked) :]]
