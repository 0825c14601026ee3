"""Inline company text written back as Markdown, and read back to be sure.

The inline content markdown-it parsed from a company's text (text, ``*em*``,
``**strong**``, links) is written as one line of Markdown with every other character
escaped. CommonMark pairs emphasis delimiters by rules that look at their neighbours (the
"rule of three") and Python-Markdown by rules of its own, so a rare mix of literal and
real asterisks could pair up differently once written: each line is read back by both,
and unless both give the same bold, italic and links as the company wrote, it is written
without emphasis, then as plain text.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from typing import Any

from markdown import Markdown
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from .markdown_text import escape_line_start, escape_text
from .outline import new_converter

LINK_SCHEMES = ("https://", "mailto:")
"""The only links company text may hold; any other stays as the author wrote it."""
_WHITESPACE = re.compile(r"\s+")


def allowed_link(url: str) -> bool:
    """Whether company text may link to ``url`` (https and mailto, with something after)."""
    lowered = url.lower()
    return any(lowered.startswith(scheme) and len(url) > len(scheme) for scheme in LINK_SCHEMES)


# Inline content as written: ("text", text), ("em" | "strong", spans) or ("link", href, spans).
_Span = tuple[Any, ...]
_Run = tuple[str, frozenset[str], str]
_DELIMITERS = {"em": "*", "strong": "**"}


def write_inline(nodes: list[SyntaxTreeNode], *, line_start: bool) -> str:
    """Inline ``nodes`` as one line of Markdown that reads back as the same runs of text.

    ``line_start``: the line begins here, so a leading ``#``, ``-`` or ``1.`` is escaped.
    """
    spans = _spans(nodes)
    for emphasis in (True, False):
        written = _write_spans(spans, line_start=line_start, emphasis=emphasis)
        expected = _runs(spans, emphasis=emphasis)
        if _runs(_read_back(written)) == expected == _runs(_python_markdown(written)):
            return written
    text = "".join(run[0] for run in _runs(spans))
    return escape_line_start(escape_text(text)) if line_start else escape_text(text)


def _spans(nodes: list[SyntaxTreeNode], marks: frozenset[str] = frozenset()) -> list[_Span]:
    """The inline tree, simplified as it renders: emphasis inside the same emphasis is
    unwrapped, two of a kind side by side are one, breaks are spaces."""
    spans: list[_Span] = []
    for node in nodes:
        if node.type in _DELIMITERS:
            inner = _spans(node.children, marks | {node.type})
            found: list[_Span] = inner if node.type in marks else [(node.type, inner)]
        elif node.type == "link":
            # markdown-it has percent-encoded the target but for its parentheses: encoded
            # too, no renderer can end the target early.
            href = str(node.attrs["href"]).replace("(", "%28").replace(")", "%29")
            found = [("link", href, _spans(node.children, marks))]
        elif node.type in ("softbreak", "hardbreak"):
            found = [("text", " ")]
        elif node.content:  # text; no other rule is enabled, and any other would stay text
            found = [("text", node.content)]
        else:
            found = []
        for span in found:
            previous = spans[-1] if spans else None
            if previous and previous[0] == span[0] and span[0] in ("text", *_DELIMITERS):
                spans[-1] = (span[0], previous[1] + span[1])
            else:
                spans.append(span)
    return spans


def _write_spans(spans: list[_Span], *, line_start: bool, emphasis: bool) -> str:
    parts: list[str] = []
    for span in spans:
        if span[0] == "text":
            text = _WHITESPACE.sub(" ", span[1])
            if line_start and not parts:
                parts.append(escape_line_start(escape_text(text.lstrip())))
            else:
                parts.append(escape_text(text))
        elif span[0] == "link":
            inner = _write_spans(span[2], line_start=False, emphasis=emphasis)
            parts.append(f"[{inner}]({span[1]})")
        else:
            mark = _DELIMITERS[span[0]] if emphasis else ""
            inner = _write_spans(span[1], line_start=False, emphasis=emphasis)
            parts.append(f"{mark}{inner}{mark}")
    written = "".join(parts)
    return written.rstrip() if line_start else written


def _runs(spans: list[_Span], marks: frozenset[str] = frozenset(), href: str = "", *,
          emphasis: bool = True) -> list[_Run]:  # fmt: skip
    """The text of ``spans`` as runs, each with its marks and link: what a reader sees."""
    runs: list[_Run] = []
    for span in spans:
        if span[0] == "text":
            found = [(_WHITESPACE.sub(" ", span[1]), marks, href)]
        elif span[0] == "link":
            found = _runs(span[2], marks, span[1], emphasis=emphasis)
        else:
            inner = marks | {span[0]} if emphasis else marks
            found = _runs(span[1], inner, href, emphasis=emphasis)
        for run in found:
            if runs and runs[-1][1:] == run[1:]:
                runs[-1] = (runs[-1][0] + run[0], *run[1:])
            elif run[0]:
                runs.append(run)
    if not marks and not href and runs:  # the whole line: its ends are not text
        runs[0] = (runs[0][0].lstrip(), *runs[0][1:])
        runs[-1] = (runs[-1][0].rstrip(), *runs[-1][1:])
        runs = [run for run in runs if run[0]]
    return runs


def _read_back(markdown: str) -> list[_Span]:
    return _spans(SyntaxTreeNode(_reader().parseInline(markdown)).children[0].children)


@cache
def _reader() -> MarkdownIt:
    """Reads the Markdown this module writes (escapes and entities included) as a
    CommonMark renderer reads it."""
    reader = MarkdownIt("zero").enable(["emphasis", "link", "escape", "entity"])
    reader.validateLink = allowed_link  # type: ignore[method-assign]
    return reader


@cache
def _converter() -> Markdown:
    return new_converter()


def _python_markdown(markdown: str) -> list[_Span]:
    """The spans Python-Markdown makes of one line, as the chapter's converter reads it
    (escaped as a line start: in a sentence, a leading ``#`` means nothing either way)."""
    reader = _SpanReader()
    reader.feed(_converter().reset().convert(escape_line_start(markdown)))
    reader.close()
    return reader.spans


class _SpanReader(HTMLParser):
    """Spans from Python-Markdown's HTML for one paragraph; any other tag is a span no
    company text can match."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[_Span] = []
        self._open: list[tuple[str, list[_Span], str]] = []

    def _current(self) -> list[_Span]:
        return self._open[-1][1] if self._open else self.spans

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("strong", "em", "a"):
            self._open.append((tag, [], dict(attrs).get("href") or ""))
        elif tag != "p":
            self._current().append(("text", f"\0<{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            tag, inner, href = self._open.pop()
            self._current().append(("link", href, inner) if tag == "a" else (tag, inner))

    def handle_data(self, data: str) -> None:
        self._current().append(("text", data))
