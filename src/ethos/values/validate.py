"""Validate stage: loaded data -> a :class:`ValuesFile`, or every problem at once.

Pydantic's errors are re-located to ``file:line:col`` through the positions the load
stage recorded, and rephrased for the people who write values files, with a
suggestion where one exists ("did you mean 'honesty'?").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..errors import InvalidInputError, Problem
from ..wording.catalog import load_catalog
from ..wording.localization import SOURCE_LANGUAGE
from .curly_quotes import curly_quote_warnings
from .load import LoadedDocument
from .model import ValuesFile
from .own_models import own_definitions, values_model
from .sections import section_problems
from .unknown_keys import unknown_key_message
from .yaml_nodes import KeyPath, dotted

_PATTERN_HINTS = {
    "email": "is not an email address — write it like ethics@example.com",
    "phone": "is not a telephone number — use digits, spaces and an optional leading +",
    "url": "is not a web address — write it like https://example.com/ethics",
    "id": "is not a valid id — use lower-case letters, digits and underscores, e.g. honesty",
    "before": "is not a section name — use lower-case letters, digits and underscores, e.g. "
    "policies",
    "after": "is not a section name — use lower-case letters, digits and underscores, e.g. "
    "policies",
}


def validate(document: LoadedDocument) -> ValuesFile:
    """Check a loaded values file; raise :class:`InvalidInputError` with every problem."""
    definitions, problems, broken = own_definitions(document.data, document)
    model = values_model(definitions)
    values_file: ValuesFile | None = None
    try:
        values_file = model.model_validate(document.data)
    except ValidationError as error:
        details, shapeless = _fitting_branches(document.data, error.errors(include_url=False))
        # A policy stated under an own id whose definition is broken: that is the error.
        details = [detail for detail in details if not _states_broken(detail, broken)]
        problems.extend(_locate(document, detail, model) for detail in details)
        problems.extend(document.problem(path, message) for path, message in shapeless)
    problems.extend(_check_values(document))
    problems.extend(_own_policy_overrides(document, {d.id for d in definitions}))
    problems.extend(section_problems(document))
    if problems or values_file is None:
        # Pasted curly quotes are often why a value is invalid: “Letter” is no paper size.
        raise InvalidInputError([*problems, *curly_quote_warnings(document)])
    return values_file


def _own_policy_overrides(document: LoadedDocument, own: set[str]) -> Iterable[Problem]:
    """A `wording:` override on an own policy: its wording is its definition already."""
    stated = document.data.get("policies")
    if not isinstance(stated, dict):
        return
    for key, policy in stated.items():
        if key in own and isinstance(policy, dict) and "wording" in policy:
            yield document.problem(
                ("policies", key, "wording"),
                f"`{key}` is a policy of your own: change its wording where it is defined, "
                f"under own_policies.{key}.stances, and remove `wording` here",
            )


def _states_broken(detail: ErrorDetails, broken: set[str]) -> bool:
    loc = detail["loc"]
    return len(loc) >= 2 and loc[0] == "policies" and loc[1] in broken


def _check_values(document: LoadedDocument) -> Iterable[Problem]:
    """Catalog ids exist (or the value is the company's own), and none is listed twice."""
    items = document.data.get("values")
    if not isinstance(items, list):
        return
    # Value ids are the same in every language; the English catalog is always complete.
    known = list(load_catalog(SOURCE_LANGUAGE).values)
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


def _walk(data: Any, detail: ErrorDetails) -> tuple[KeyPath, list[tuple[str, Any]]]:
    """The data path of an error and the union branches (tag, input there) it went through.

    Pydantic puts a union member's tag (``dict[...]``, ``constrained-str``, ``ValueEntry``)
    into ``loc``; those are the segments that name no key of the data.
    """
    loc = detail["loc"]
    path: list[str | int] = []
    branches: list[tuple[str, Any]] = []
    current = data
    for index, part in enumerate(loc):
        in_mapping = isinstance(current, dict) and isinstance(part, str) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_mapping or in_list:
            path.append(part)
            current = current[part]
        elif isinstance(part, str) and not (detail["type"] == "missing" and index == len(loc) - 1):
            branches.append((part, current))
    return tuple(path), branches


def _wants_mapping(tag: str) -> bool | None:
    """Whether a union branch takes a mapping (a model or dict), a scalar, or unknown."""
    if tag.startswith("dict[") or tag[:1].isupper():
        return True
    if "str" in tag or tag in ("int", "float", "bool"):
        return False
    return None


def _fitting_branches(
    data: Any, details: list[ErrorDetails]
) -> tuple[list[ErrorDetails], list[tuple[KeyPath, str]]]:
    """Keep the errors of the union branch the author evidently meant.

    A free-text field takes text or ``{language: text}``: when the author wrote a
    mapping, only the mapping branch's errors are relevant, and vice versa. Where no
    branch fits the shape written (a list for a text), one plain message replaces them.
    """
    kept: list[ErrorDetails] = []
    dropped: dict[KeyPath, set[str]] = {}
    for detail in details:
        path, branches = _walk(data, detail)
        fits = True
        for tag, value in branches:
            wants = _wants_mapping(tag)
            if wants is not None and (
                wants != isinstance(value, dict) or (not wants and isinstance(value, list))
            ):
                fits = False
        if fits:
            kept.append(detail)
        else:
            dropped.setdefault(path, set()).update(tag for tag, _ in branches)
    reported = {_walk(data, detail)[0] for detail in kept}
    shapeless = [
        (path, _shape_message(tags))
        for path, tags in dropped.items()
        if not any(other[: len(path)] == path for other in reported)
    ]
    return kept, shapeless


def _shape_message(tags: set[str]) -> str:
    if any(tag.startswith("dict[") for tag in tags):
        return "expected text, or one text per language such as {en: ..., it: ...}"
    if "ValueEntry" in tags:
        return "expected a value id such as honesty, or a mapping with id, title and statement"
    return "expected " + " or ".join(sorted(tags))


def _locate(
    document: LoadedDocument, detail: ErrorDetails, model: type[ValuesFile] = ValuesFile
) -> Problem:
    """Turn one pydantic error into a located, reworded problem."""
    path, _ = _walk(document.data, detail)
    if detail["type"] == "missing":
        missing_key = str(detail["loc"][-1])
        where = document.position(path)
        return Problem(
            document.origin(path).filename,
            where.line,
            where.column,
            dotted((*path, missing_key)),
            f"required key `{missing_key}` is missing",
        )
    kind = detail["type"]
    if kind == "extra_forbidden":
        return document.problem(path, unknown_key_message(document, path, model), key=True)
    return document.problem(path, _message(document, path, detail))


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
        return _choice_message(path, value, _allowed(detail.get("ctx", {}).get("expected", "")))
    if kind == "string_pattern_mismatch":
        field = str(path[-1]) if path else ""
        return f"'{value}' {_PATTERN_HINTS.get(field, 'has characters that are not allowed here')}"
    if kind.startswith("date"):
        return f"'{value}' is not a date — write it as YYYY-MM-DD, e.g. 2026-03-01"
    if kind == "too_short" and path == ("values",):
        return "choose at least one value — `ethos catalog` lists them"
    if kind == "too_short" and path[-1:] == ("stances",):
        return "give at least two stances, the most favourable first"
    if kind == "too_short" and isinstance(value, dict):
        return "give the text in at least one language, e.g. {en: ...}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "expected a mapping — write `key: value` lines indented below this one"
    if kind == "list_type":
        return "expected a list — write one item per line, each starting with `- `"
    if kind == "string_too_long":
        return f"{message[0].lower()}{message[1:]} — shorten it"
    return message[0].lower() + message[1:]


def _choice_message(path: KeyPath, value: Any, expected: list[str]) -> str:
    """A value that is not one of the allowed ones: name them, and the likeliest."""
    if len(expected) == 1:
        return _not_the_one(path, value, expected[0])
    close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.5)
    hint = f" — did you mean '{close[0]}'?" if close else ""
    if not hint and path and path[-1] == "stance":
        hint = " — `ethos catalog` says what each one means"
    elif not hint:
        hint = " — use one of these"
    return f"'{value}' is not one of: {', '.join(expected)}{hint}"


def _allowed(expected: str) -> list[str]:
    """Pydantic's list of allowed values (``'a', 'b' or 'c'``, ``1``) as plain values."""
    return [part.strip("'") for part in re.split(r", | or ", expected) if part]


def _not_the_one(path: KeyPath, value: Any, allowed: str) -> str:
    """The message for a key that allows a single value, such as ``ethos: 1``."""
    if isinstance(value, str) and value.strip() == allowed:
        key = str(path[-1]) if path else "it"
        return (
            f"must be the number {allowed}, not the text '{value}' — write it without quotes: "
            f"{key}: {allowed}"
        )
    return f"must be {allowed}, not {value}"


def _written(document: LoadedDocument, path: KeyPath) -> str:
    """The scalar exactly as the author typed it, for messages about YAML's reading of it."""
    where = document.position(path)
    lines = document.source.splitlines()
    if not 0 < where.line <= len(lines):
        return ""
    token = lines[where.line - 1][where.column - 1 :]
    # A number or yes/no ends at a comment, or at the comma or bracket of a flow collection.
    return re.split(r"\s+#|[,}\]]", token, maxsplit=1)[0].strip()
