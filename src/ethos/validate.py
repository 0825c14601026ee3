"""Validate stage: loaded data -> a :class:`ValuesFile`, or every problem at once.

Pydantic's errors are re-located to ``file:line:col`` through the positions the load
stage recorded, and rephrased for the people who write values files, with a
suggestion where one exists ("did you mean 'honesty'?").
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .catalog import load_catalog
from .errors import InvalidInputError, Problem
from .load import KeyPath, LoadedDocument, dotted
from .model import Language, ValuesFile

_PATTERN_HINTS = {
    "email": "is not an email address — write it like ethics@example.com",
    "phone": "is not a telephone number — use digits, spaces and an optional leading +",
    "url": "is not a web address — write it like https://example.com/ethics",
    "id": "is not a valid id — use lower-case letters, digits and underscores, e.g. honesty",
}


def validate(document: LoadedDocument) -> ValuesFile:
    """Check a loaded values file; raise :class:`InvalidInputError` with every problem."""
    problems: list[Problem] = []
    values_file: ValuesFile | None = None
    try:
        values_file = ValuesFile.model_validate(document.data)
    except ValidationError as error:
        problems.extend(_locate(document, detail) for detail in error.errors(include_url=False))
    problems.extend(_check_values(document))
    if problems or values_file is None:
        raise InvalidInputError(problems)
    return values_file


def _check_values(document: LoadedDocument) -> Iterable[Problem]:
    """Catalog ids exist (or the value is the company's own), and none is listed twice."""
    items = document.data.get("values")
    if not isinstance(items, list):
        return
    language = _language(document)
    known = list(load_catalog(language).values)
    first_line: dict[str, int] = {}
    for index, item in enumerate(items):
        value_id = (
            item if isinstance(item, str) else item.get("id") if isinstance(item, dict) else None
        )
        if not isinstance(value_id, str):
            continue
        path: KeyPath = ("values", index) if isinstance(item, str) else ("values", index, "id")
        line = document.position(path).line
        if value_id in first_line:
            yield document.problem(
                path,
                f"value '{value_id}' is listed twice "
                f"(first on line {first_line[value_id]}) — keep one",
            )
            continue
        first_line[value_id] = line
        own = isinstance(item, dict) and item.get("title") and item.get("statement")
        if value_id not in known and not own:
            yield document.problem(
                path, _unknown_value_message(value_id, known, isinstance(item, dict))
            )


def _unknown_value_message(value_id: str, known: list[str], is_mapping: bool) -> str:
    close = difflib.get_close_matches(value_id, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    own = "add title and statement" if is_mapping else "write it as {id, title, statement}"
    return (
        f"unknown value '{value_id}' — {hint}For a value of your own, {own}; "
        "`ethos catalog` lists the built-in values"
    )


def _language(document: LoadedDocument) -> str:
    section = document.data.get("document")
    language = section.get("language") if isinstance(section, dict) else None
    # An unsupported language is the schema's error to report; check ids in English meanwhile.
    return language if language in {member.value for member in Language} else Language.EN.value


def _locate(document: LoadedDocument, detail: ErrorDetails) -> Problem:
    """Turn one pydantic error into a located, reworded problem."""
    path, missing_key = _data_path(document.data, detail["loc"])
    if missing_key is not None:
        where = document.position(path)
        return Problem(
            document.filename,
            where.line,
            where.column,
            dotted((*path, missing_key)),
            f"required key `{missing_key}` is missing",
        )
    kind = detail["type"]
    if kind == "extra_forbidden":
        return document.problem(path, _unknown_key_message(path), key=True)
    return document.problem(path, _message(document, path, detail))


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[KeyPath, str | None]:
    """Follow pydantic's ``loc`` through the data, dropping union/tag segments.

    Returns the path that exists in the data and, for a missing key, the key's name.
    """
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(current, dict) and isinstance(part, str):
            if part in current:
                path.append(part)
                current = current[part]
            elif index == len(loc) - 1:
                return tuple(path), part
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
    return tuple(path), None


def _unknown_key_message(path: KeyPath) -> str:
    allowed = _fields_at(path[:-1])
    key = str(path[-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key `{key}` — did you mean `{close[0]}`?"
    if allowed:
        return f"unknown key `{key}` — allowed here: {', '.join(allowed)}"
    return f"unknown key `{key}` — remove it"


def _fields_at(path: KeyPath) -> list[str]:
    """The keys the schema allows at ``path``."""
    model: type[BaseModel] | None = ValuesFile
    for part in path:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found:
            return found
    return None


def _message(  # noqa: PLR0911 - one plain-language message per kind of pydantic error
    document: LoadedDocument, path: KeyPath, detail: ErrorDetails
) -> str:
    kind, message, value = detail["type"], detail["msg"], detail.get("input")
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        written = _written(document, path)
        reading = "yes/no value" if isinstance(value, bool) else "number"
        return (
            f"expected text, but YAML reads `{written}` as a {reading} — "
            f'put it in quotes: "{written}"'
        )
    if kind in ("enum", "literal_error"):
        expected = re.findall(r"'([^']*)'", detail.get("ctx", {}).get("expected", ""))
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.5)
        hint = f" — did you mean '{close[0]}'?" if close else ""
        return f"'{value}' is not one of: {', '.join(expected)}{hint}"
    if kind == "string_pattern_mismatch":
        field = str(path[-1]) if path else ""
        return f"'{value}' {_PATTERN_HINTS.get(field, 'has characters that are not allowed here')}"
    if kind.startswith("date"):
        return f"'{value}' is not a date — write it as YYYY-MM-DD, e.g. 2026-03-01"
    if kind == "too_short" and path == ("values",):
        return "choose at least one value — `ethos catalog` lists them"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "expected a mapping of keys (key: value lines indented below this one)"
    if kind == "list_type":
        return "expected a list (lines starting with `- `)"
    if kind == "string_too_long":
        return f"{message[0].lower()}{message[1:]} — shorten it"
    return message[0].lower() + message[1:]


def _written(document: LoadedDocument, path: KeyPath) -> str:
    """The scalar exactly as the author typed it, for messages about YAML's reading of it."""
    where = document.position(path)
    lines = document.source.splitlines()
    if not 0 < where.line <= len(lines):
        return ""
    token = lines[where.line - 1][where.column - 1 :]
    # A number or yes/no ends at a comment, or at the comma or bracket of a flow collection.
    return re.split(r"\s+#|[,}\]]", token, maxsplit=1)[0].strip()
