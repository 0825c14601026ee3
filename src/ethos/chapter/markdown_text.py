"""Values text is data: this makes any string inert, literal Markdown.

A company's statement may contain ``*``, ``[x](javascript:...)``, ``<script>`` or a
line starting with ``#``. Escaped here, it renders as the very characters the author
typed, in the Markdown file and in the HTML made from it.
"""

from __future__ import annotations

import re

# Characters Python-Markdown (and CommonMark) honour a backslash escape for, and that
# could start emphasis, code, links, images or table cells anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]|])")
# Raw HTML and character references must not reach the converter as markup. ("&#"
# always: Python-Markdown reads "&#11" as a reference even without its semicolon.)
_ENTITY = re.compile(r"&(?=#|[0-9A-Za-z]+;)")
# Constructs that only count at the start of a line: headings, quotes, lists, rules.
# ("-" and "+" always: "---" would be a rule. Values text is one line, so "===" cannot
# underline a heading. Any number of digits: CommonMark stops at nine, Python-Markdown
# does not.)
_LINE_START = re.compile(r"^(\s*)(#|>|[-+]|(\d+)([.)])(?=\s|$))")
_WHITESPACE = re.compile(r"\s+")


class MarkdownSafe(str):
    """Markdown produced by ethos's own templates: inserted without escaping."""

    __slots__ = ()


def escape_markdown(text: str) -> str:
    """Return ``text`` as one line of Markdown that renders exactly as written."""
    return escape_line_start(escape_text(_WHITESPACE.sub(" ", text).strip()))


def escape_text(text: str) -> str:
    """``text`` with every character that could start markup anywhere in a line escaped."""
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    # GitHub reads tildes as strikethrough (and three as a code fence); Python-Markdown
    # keeps the backslash of `\~`, so a tilde is written as its character reference.
    text = text.replace("~", "&#126;")
    return _INLINE.sub(r"\\\1", text)


def escape_line_start(line: str) -> str:
    """``line`` (already :func:`escape_text`) with a heading, quote or list marker at its
    start escaped: the start of a line of Markdown."""
    return _LINE_START.sub(_escape_line_start, line)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, number, delimiter = match.groups()
    if number is not None:
        return f"{indent}{number}\\{delimiter}"
    return f"{indent}\\{marker}"
