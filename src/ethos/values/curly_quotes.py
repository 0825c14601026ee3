"""Curly quotes pasted from a word processor around a whole value.

YAML quotes only with straight quotes, so ``version: “1.0”`` is the text ``“1.0”``,
quotes and all, and the cover prints them. A value written without YAML quotes that
starts and ends with a typographic quote gets a warning with the fix (``--strict``
makes it an error); a value the author put in straight quotes keeps its curly ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..errors import Problem
from .load import LoadedDocument
from .yaml_nodes import KeyPath

# English, German, Polish, French, Italian, Swedish, Danish and CJK quotation marks.
OPENING = "“‘„‚«»”’「『"
CLOSING = "”’“‘»«」』"


def curly_quote_warnings(document: LoadedDocument) -> list[Problem]:
    """A warning for every unquoted value wrapped in curly quotes, at the value."""
    warnings = []
    for path, text in _texts(document.data, ()):
        if len(text) < 2 or text[0] not in OPENING or text[-1] not in CLOSING:
            continue
        if _written_with_yaml_quotes(document, path):
            continue
        inner = text[1:-1]
        message = (
            f"{text} is wrapped in curly quotes, which YAML keeps as part of the text — "
            f"replace them with straight quotes: {_yaml_quoted(inner)} (or write "
            f"{_yaml_quoted(text)} to print them)"
        )
        warnings.append(replace(document.problem(path, message), severity="warning"))
    return warnings


def _texts(data: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))


def _written_with_yaml_quotes(document: LoadedDocument, path: KeyPath) -> bool:
    where = document.position(path)
    lines = document.origin(path).source.splitlines()
    if not 0 < where.line <= len(lines):
        return False
    return lines[where.line - 1][where.column - 1 : where.column] in ("'", '"')


def _yaml_quoted(text: str) -> str:
    """``text`` in the YAML quotes that need no escaping inside."""
    if '"' in text or "\\" in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'
