"""Text fields of the values file: what a name, an address or a free text may hold.

Free text refuses control characters and the invisible controls that reorder text; a
name, version, identifier, address or path also refuses every invisible character, so
two names that look the same are the same. Each check is written twice, as a validator
and as the JSON Schema pattern editors use, and the two agree
(tests/test_schema_agreement.py).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

from ..wording.languages import CHAPTER_LANGUAGES

# Made from the one list of languages (members EN, IT ...); mypy cannot follow an enum
# whose members are computed, so it sees Language as a StrEnum without named members.
Language = StrEnum("Language", {code.upper().replace("-", "_"): code for code in CHAPTER_LANGUAGES})  # type: ignore[misc]
Language.__doc__ = "Languages the chapter can be written in."


# Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): invisible,
# and each reorders the text after it, up to the end of the paragraph when left open, so a
# name could turn the acknowledgment sentence around it back to front. No text needs them:
# ethos isolates names in right-to-left chapters itself. (Marks such as RLM, and joiners,
# stay allowed in free text: Urdu needs them.)
_BIDI_CONTROLS = "\\u202A-\\u202E\\u2066-\\u2069"
# Invisible characters with no place in a name or an identifier (company name, version,
# addresses, paths): every format control (Unicode category Cf: zero-width spaces and
# joiners, bidi marks, word joiner, BOM, soft hyphen, tags ...), variation selectors and
# the Hangul fillers that render as nothing. Two names that look the same must be the same.
_INVISIBLE = (
    "\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F"
    "\\u202A-\\u202E\\u2060-\\u206F\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF9-\\uFFFB"
    "\\u0600-\\u0605\\u06DD\\u070F\\u0890\\u0891\\u08E2"
    # Beyond the BMP, as characters: JavaScript (\u{...}) and Python (\U...) escape them
    # differently, and the schema is read by both.
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
    "\U000e0100-\U000e01ef"
)
_INVISIBLE_CLASS = re.compile(f"[{_INVISIBLE}]")
# Zero-width (non-)joiners shape letters in Arabic, Indic and other scripts, so a name may
# hold one between two letters that are not ASCII; nowhere else.
_JOINERS = "\\u200C\\u200D"


def _invisible_problem(text: str, index: int, what: str) -> ValueError:
    character = text[index]
    name = unicodedata.name(character, "")
    return ValueError(
        f"contains U+{ord(character):04X}{f' {name}' if name else ''} at character "
        f"{index + 1}, {what} — remove it"
    )


def _printable(text: str) -> str:
    """Refuse control characters (NUL, escape codes ...) and bidi overrides: they are never
    wanted in a chapter."""
    for index, character in enumerate(text):
        if unicodedata.category(character) == "Cc" and character not in "\t\n":
            raise ValueError(
                f"contains the control character U+{ord(character):04X} — remove it "
                "(it is invisible, and no document needs it)"
            )
        if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069":
            raise _invisible_problem(
                text, index, "an invisible control that changes the order text is shown in"
            )
    return text


def _visible(text: str) -> str:
    """Refuse invisible characters in a name or identifier (see ``_INVISIBLE``)."""
    for found in _INVISIBLE_CLASS.finditer(text):
        index = found.start()
        if text[index] in "\u200c\u200d" and _joins(text, index):
            continue
        _printable(text)  # an override gets the message about order
        raise _invisible_problem(
            text, index, "an invisible character that has no place in a name or identifier"
        )
    return text


def name_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a name or path (a control or invisible character)."""
    try:
        _printable(text)
        _visible(text)
    except ValueError as error:
        return str(error)
    return None


def visible(value: object) -> object:
    """Validator: a text without invisible characters (names, versions, paths)."""
    return _visible(value) if isinstance(value, str) else value


def _joins(text: str, index: int) -> bool:
    """Whether the joiner at ``index`` stands between two visible non-ASCII characters."""
    if index == 0 or index == len(text) - 1:
        return False
    return all(
        ord(neighbour) > 0x7F and not _INVISIBLE_CLASS.match(neighbour) and not neighbour.isspace()
        for neighbour in (text[index - 1], text[index + 1])
    )


# Whitespace as pydantic and Python's str.strip() trim it, less the control characters
# (refused anyway), spelt out because `\s` differs between Python, Rust and JavaScript regexes.
_SPACES = "\\u0020\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"
_CONTROLS = "\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F" + _BIDI_CONTROLS
# The JSON Schema form of a text's checks (no control character other than tab and line
# feed; something left after trimming): at least one character that is not a space.
_TEXT_PATTERN = f"^[{_SPACES}\\t\\n]*[^{_CONTROLS}{_SPACES}\\t\\n][^{_CONTROLS}]*$"


def _address(value: object) -> object:
    """Refuse spaces around an address (the schema's pattern refuses them) and control
    characters; anything else goes on to the pattern."""
    if isinstance(value, str):
        _printable(value)
        _visible(value)
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
# A name or identifier: short text without invisible characters (see ``_visible``). The
# schema's second pattern says the same: no invisible character, except a joiner between
# two visible characters that are not ASCII.
_NEIGHBOUR = f"[^\\u0000-\\u007F{_SPACES}{_INVISIBLE}]"
_NAME_PATTERN = f"^(?:[^{_INVISIBLE}]|(?<={_NEIGHBOUR})[{_JOINERS}](?={_NEIGHBOUR}))*$"
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    _as_written(200),
    BeforeValidator(visible),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": _TEXT_PATTERN,
            "allOf": [{"pattern": _NAME_PATTERN}],
        }
    ),
]
"""A company name, version or path: :data:`ShortText` without invisible characters."""
PATH_SCHEMA = {"type": "string", "pattern": _NAME_PATTERN}
"""Schema of a path in the values file (``templates``): no invisible characters."""
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
# Characters no address contains. No `\"`: JavaScript's unicode regexes (ajv, editors)
# refuse that escape and with it the whole schema.
_NOT_IN_ADDRESS = "<>()\\[\\]" + _CONTROLS + _SPACES + _INVISIBLE + "\\t\\n"
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
