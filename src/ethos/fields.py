"""Field types shared by the values-file models."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)


class Language(StrEnum):
    """Languages the chapter can be written in."""

    EN = "en"
    IT = "it"
    TL = "tl"
    UR = "ur"
    ZH = "zh"


def _printable(text: str) -> str:
    """Refuse control characters (NUL, escape codes ...): they are never wanted in a chapter."""
    for character in text:
        if unicodedata.category(character) == "Cc" and character not in "\t\n":
            raise ValueError(
                f"contains the control character U+{ord(character):04X} — remove it "
                "(it is invisible, and no document needs it)"
            )
    return text


# Whitespace as pydantic and Python's str.strip() trim it, less the control characters
# (refused anyway), spelt out because `\s` differs between Python, Rust and JavaScript regexes.
_SPACES = "\\u0020\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"
_CONTROLS = "\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F"
# The JSON Schema form of a text's checks (no control character other than tab and line
# feed; something left after trimming): at least one character that is not a space.
_TEXT_PATTERN = f"^[{_SPACES}\\t\\n]*[^{_CONTROLS}{_SPACES}\\t\\n][^{_CONTROLS}]*$"


def _address(value: object) -> object:
    """Refuse spaces around an address (the schema's pattern refuses them) and control
    characters; anything else goes on to the pattern."""
    if isinstance(value, str):
        _printable(value)
        if value != value.strip():
            raise ValueError(f"'{value}' has spaces before or after it — remove them")
    return value


def _as_written(max_length: int) -> Any:
    """Control characters and length, checked on the text as written, before it is
    trimmed: the schema cannot trim, so it counts the same way."""

    def check(value: object) -> object:
        if isinstance(value, str):
            _printable(value)
            if len(value) > max_length:
                raise ValueError(f"string should have at most {max_length} characters — shorten it")
        return value

    return BeforeValidator(check)


def _text_schema(max_length: int) -> WithJsonSchema:
    return WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": _TEXT_PATTERN}
    )


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    _as_written(4000),
    _text_schema(4000),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    _as_written(200),
    _text_schema(200),
]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
# Characters no address contains. No `\"`: JavaScript's unicode regexes (ajv, editors)
# refuse that escape and with it the whole schema.
_NOT_IN_ADDRESS = "<>()\\[\\]" + _CONTROLS + _SPACES + "\\t\\n"
Email = Annotated[
    str,
    StringConstraints(pattern=f"^[^@{_NOT_IN_ADDRESS}]+@[^@{_NOT_IN_ADDRESS}]+\\.[A-Za-z]{{2,}}$"),
    BeforeValidator(_address),
]
Phone = Annotated[
    str, StringConstraints(pattern=r"^\+?[0-9][0-9 ().\-/]{3,28}[0-9]$"), BeforeValidator(_address)
]
WebAddress = Annotated[
    str,
    StringConstraints(pattern=f"^https?://[^\"'{_NOT_IN_ADDRESS}]+$"),
    BeforeValidator(_address),
]


class PlainText(str):
    """Free text written once, in the values file's own language (``document.language``)."""

    __slots__ = ()


LocalText = Annotated[
    Annotated[Text, AfterValidator(PlainText)]
    | Annotated[dict[Language, Text], Field(min_length=1)],
    Field(union_mode="left_to_right"),
]
"""Free text in the document's language, or ``{language: text}`` for each language."""
LocalShortText = Annotated[
    Annotated[ShortText, AfterValidator(PlainText)]
    | Annotated[dict[Language, ShortText], Field(min_length=1)],
    Field(union_mode="left_to_right"),
]
"""A short :data:`LocalText` (a title, a name, a list item)."""


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
Days = Annotated[int, Field(gt=0, le=3650), _WHOLE]
Hours = Annotated[int, Field(gt=0, le=8760), _WHOLE]
Months = Annotated[int, Field(gt=0, le=1200), _WHOLE]
Weeks = Annotated[int, Field(gt=0, le=520), _WHOLE]
Percent = Annotated[float, Field(gt=0, le=100), _number("write a number, e.g. 10", whole=False)]
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

    model_config = ConfigDict(extra="forbid", frozen=True)


class Ordered(StrEnum):
    """A vocabulary whose members are declared from most to least customer-favourable."""

    @property
    def rank(self) -> int:
        """0 for the most favourable member, rising as it becomes less favourable."""
        return list(type(self)).index(self)
