"""YAML syntax errors, reported where the author made the mistake.

PyYAML notices a mistake where it can no longer read on, which is often far from the
mistake itself: a quote left open swallows the lines after it up to the next quote of
its kind, and the error then names a later line (or the line after the last one). These
functions find the mistake behind the error and say how to fix it.
"""

from __future__ import annotations

import re

import yaml
from yaml.tokens import ScalarToken

from .errors import Problem

_GENERIC_HINT = (
    " — check this line and the one above: indentation, a missing `:` or an unclosed "
    "quote or bracket"
)
# A line that reads like YAML structure (`key: value`, `- item`) rather than text.
_STRUCTURE_LINE = re.compile(r"^\s*(?:-\s|[A-Za-z_][\w-]*:(?:\s|$))")


def syntax_problem(text: str, filename: str, error: yaml.MarkedYAMLError) -> Problem:
    """The problem behind a YAML syntax error, located where it can be fixed."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if error.context and "expected a single document" in error.context:
        message = "more than one YAML document — a values file holds one company"
        return Problem(filename, line, column, "", f"YAML syntax error: {message}")
    if error.context == "while scanning a quoted scalar" and error.context_mark:
        opened = error.context_mark
        quote = text[opened.index] if opened.index < len(text) else '"'
        return Problem(
            filename,
            opened.line + 1,
            opened.column + 1,
            "",
            f"YAML syntax error: the {quote} opened here is never closed — add the closing {quote}",
        )
    runaway = _runaway_quote(text, mark.index if mark else len(text))
    if runaway is not None:
        start, end = runaway.start_mark, runaway.end_mark
        quote = runaway.style
        return Problem(
            filename,
            start.line + 1,
            start.column + 1,
            "",
            f"YAML syntax error: the {quote} opened here is not closed on this line, so YAML "
            f"reads everything up to the {quote} on line {end.line + 1} as one text — "
            "close it on this line",
        )
    bracket = _unclosed_bracket(text, error)
    if bracket is not None:
        return Problem(filename, *bracket)
    tab = _tab_in_indentation(text, mark.line if mark else 0)
    if tab is not None or "\\t" in (error.problem or ""):
        line, column = tab or (line, column)
        return Problem(
            filename,
            line,
            column,
            "",
            "YAML syntax error: a tab in the indentation — indent with spaces, not tabs",
        )
    message = (error.problem or str(error)).strip()
    return Problem(filename, line, column, "", f"YAML syntax error: {message}{_GENERIC_HINT}")


def _runaway_quote(text: str, error_index: int) -> ScalarToken | None:
    """The last quoted text before the error that runs over lines that read as YAML keys
    or list items: a quote left open, closed only by a later quote of its kind."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= error_index:
                break
            if (
                isinstance(token, ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
            ):
                spanned = text[token.start_mark.index : token.end_mark.index].splitlines()[1:]
                if any(_STRUCTURE_LINE.match(line) for line in spanned):
                    found = token
    except yaml.YAMLError:
        pass  # the scanner stops at the same error; the tokens before it are what we need
    return found


def _unclosed_bracket(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int, str, str] | None:
    """A ``[`` or ``{`` whose list or mapping runs on to a later line that reads as a key."""
    opened, stopped = error.context_mark, error.problem_mark
    if not (error.context or "").startswith("while parsing a flow") or not opened or not stopped:
        return None
    lines = text.splitlines()
    if stopped.line <= opened.line:
        return None
    if stopped.line < len(lines) and not _STRUCTURE_LINE.match(lines[stopped.line]):
        return None
    bracket = text[opened.index]
    closing = {"[": "]", "{": "}"}.get(bracket, "")
    return (
        opened.line + 1,
        opened.column + 1,
        "",
        f"YAML syntax error: the {bracket} opened here is never closed — add the closing {closing}"
        if stopped.line >= len(lines)
        else f"YAML syntax error: the {bracket} opened here is not closed before line "
        f"{stopped.line + 1} — add the closing {closing}",
    )


def _tab_in_indentation(text: str, line_index: int) -> tuple[int, int] | None:
    """1-based line and column of a tab in the indentation of the given line."""
    lines = text.splitlines()
    if not 0 <= line_index < len(lines):
        return None
    indentation = re.match(r"[ \t]*", lines[line_index])
    assert indentation is not None
    column = indentation.group().find("\t")
    return (line_index + 1, column + 1) if column >= 0 else None
