"""Field types shared by the values-file models: switches, numbers and dates, the JSON
Schema of cross-field rules, and the base model.

Text fields (names, addresses, free text in one language or several) are
:mod:`ethos.values.text_fields`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

# Switches, numbers and dates are read as the JSON Schema (and a YAML 1.2 editor) reads
# them: pydantic's lax mode would take `yes`, `"24"`, `true` for a number, a Unix time
# or a date with a time, which every editor flags as wrong.


def _switch(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        raise ValueError(f"'{value}' is in quotes, which makes it text — write true or false")
    if isinstance(value, (str, int, float)):
        raise ValueError(f"'{value}' does not switch this on or off — write true or false")
    raise ValueError("expected a switch — write true or false")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(example: str, *, whole: bool) -> Any:
    """A validator that takes numbers only, not text or switches, with what to write."""

    def check(value: object) -> object:
        if whole and isinstance(value, float) and value.is_integer():
            return value
        if whole and isinstance(value, float):
            raise ValueError(f"'{value}' is not a whole number — {example}")
        if _is_number(value):
            return value
        if isinstance(value, bool):
            written = "true" if value else "false"
            raise ValueError(f"'{written}' is a yes/no switch, not a number — {example}")
        if isinstance(value, str) and re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", value.strip()):
            raise ValueError(
                f"'{value}' is in quotes, which makes it text — write the number without "
                f"quotes: {value.strip()}"
            )
        if isinstance(value, str):
            raise ValueError(f"'{value}' is not a number — {example}")
        raise ValueError(f"expected a number — {example}")

    return BeforeValidator(check)


_WHOLE = _number("write a whole number, e.g. 30", whole=True)
_ANY_NUMBER = _number("write a number, e.g. 10", whole=False)


Bound = int | float | None


def whole_number(*, gt: Bound = None, ge: Bound = None, le: Bound = None) -> Any:
    """A whole number above ``gt`` (or from ``ge``) up to ``le``, e.g. a number of days."""
    return Annotated[int, Field(gt=gt, ge=ge, le=le), _WHOLE]


def number(*, gt: Bound = None, ge: Bound = None, le: Bound = None) -> Any:
    """A number above ``gt`` (or from ``ge``) up to ``le``, e.g. a percentage."""
    return Annotated[float, Field(gt=gt, ge=ge, le=le), _ANY_NUMBER]


Switch = Annotated[bool, BeforeValidator(_switch)]

_DATE_HINT = "write it as YYYY-MM-DD, e.g. 2026-03-01"


def _iso_date(value: object) -> object:
    """Only ``YYYY-MM-DD`` text; pydantic then checks the day exists."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    if isinstance(value, str) and re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]", value):
        raise ValueError(f"'{value}' is a date and time — write the date alone, as YYYY-MM-DD")
    if isinstance(value, (str, int, float)):
        written = str(value).lower() if isinstance(value, bool) else value
        raise ValueError(f"'{written}' is not a date — {_DATE_HINT}")
    raise ValueError(f"expected a date — {_DATE_HINT}")


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""A date written ``YYYY-MM-DD``, as the JSON Schema's ``format: date`` wants it."""


# Cross-field rules of the models' validators, written as JSON Schema so that editors and
# CI flag what `ethos check` refuses. tests/test_schema_agreement.py keeps the two in step.
JsonSchema = dict[str, Any]


def stated(*names: str) -> JsonSchema:
    """Schema: every one of ``names`` is given, and not null."""
    return {
        "required": list(names),
        "properties": {name: {"not": {"type": "null"}} for name in names},
    }


def when(
    key: str, values: Sequence[str], then: JsonSchema, *, default: str | None = None
) -> JsonSchema:
    """Schema: ``then`` applies when ``key`` is one of ``values`` (or absent, if its
    ``default`` is one of them)."""
    condition: JsonSchema = {"properties": {key: {"enum": list(values)}}}
    if default not in values:
        condition["required"] = [key]
    return {"if": condition, "then": then}


class Model(BaseModel):
    """Base of every values-file model: unknown keys are errors, instances are frozen."""

    # Validators are built on first use: validating a file builds ValuesFile's, with every
    # part inlined, instead of one more per model at import.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Ordered(StrEnum):
    """A vocabulary whose members are declared from most to least customer-favourable."""

    @property
    def rank(self) -> int:
        """0 for the most favourable member, rising as it becomes less favourable."""
        return list(type(self)).index(self)
