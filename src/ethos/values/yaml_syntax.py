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

from ..errors import Problem

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
    found = (
        _runaway_quote(text, mark.index if mark else len(text))
        or _unclosed_quote(text, error)
        or _unclosed_bracket(text, error)
        or _tab_in_indentation(text, error)
    )
    if found is not None:
        (line, column), message = found
    else:
        message = (error.problem or str(error)).strip() + _GENERIC_HINT
    return Problem(filename, line, column, "", f"YAML syntax error: {message}")


# Each finder returns the (line, column) of the mistake and what to do, or None.
Finding = tuple[tuple[int, int], str] | None


def _runaway_quote(text: str, error_index: int) -> Finding:
    """The last quoted text before the error that runs over lines that read as YAML keys
    or list items: a quote left open, closed only by the next quote of its kind."""
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
    if found is None:
        return None
    quote, start = found.style, found.start_mark
    return (start.line + 1, start.column + 1), (
        f"the {quote} opened here is not closed on this line, so YAML reads everything up "
        f"to the {quote} on line {found.end_mark.line + 1} as one text — close it on this line"
    )


def _unclosed_quote(text: str, error: yaml.MarkedYAMLError) -> Finding:
    """A quote still open at the end of the file."""
    opened = error.context_mark
    if error.context != "while scanning a quoted scalar" or opened is None:
        return None
    quote = text[opened.index : opened.index + 1] or '"'
    return (opened.line + 1, opened.column + 1), (
        f"the {quote} opened here is never closed — add the closing {quote}"
    )


def _unclosed_bracket(text: str, error: yaml.MarkedYAMLError) -> Finding:
    """A ``[`` or ``{`` whose list or mapping runs on to a later line that reads as a key,
    or to the end of the file."""
    opened, stopped = error.context_mark, error.problem_mark
    if not (error.context or "").startswith("while parsing a flow") or not opened or not stopped:
        return None
    lines = text.splitlines()
    at_end = stopped.line >= len(lines)
    if stopped.line <= opened.line or not (at_end or _STRUCTURE_LINE.match(lines[stopped.line])):
        return None
    bracket = text[opened.index]
    closing = {"[": "]", "{": "}"}.get(bracket, "")
    until = "never closed" if at_end else f"not closed before line {stopped.line + 1}"
    return (opened.line + 1, opened.column + 1), (
        f"the {bracket} opened here is {until} — add the closing {closing}"
    )


def _tab_in_indentation(text: str, error: yaml.MarkedYAMLError) -> Finding:
    """A tab in the indentation of the line YAML stopped on (or a tab it names)."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return None
    lines = text.splitlines()
    indentation = re.match(r"[ \t]*", lines[mark.line] if mark.line < len(lines) else "")
    tab = indentation.group().find("\t") if indentation else -1
    if tab < 0 and "\\t" not in (error.problem or ""):
        return None
    column = tab + 1 if tab >= 0 else mark.column + 1
    return (mark.line + 1, column), "a tab in the indentation — indent with spaces, not tabs"
