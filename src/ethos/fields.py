"""Field types shared by the values-file models."""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints


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


Printable = AfterValidator(_printable)
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), Printable
]
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Printable
]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, pattern=r"^[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[A-Za-z]{2,}$"
    ),
    Printable,
]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ().\-/]{3,28}[0-9]$")
]
WebAddress = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^https?://[^\s<>\"'()\[\]]+$")
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

Days = Annotated[int, Field(gt=0, le=3650)]
Hours = Annotated[int, Field(gt=0, le=8760)]
Months = Annotated[int, Field(gt=0, le=1200)]
Weeks = Annotated[int, Field(gt=0, le=520)]


class Model(BaseModel):
    """Base of every values-file model: unknown keys are errors, instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Ordered(StrEnum):
    """A vocabulary whose members are declared from most to least customer-favourable."""

    @property
    def rank(self) -> int:
        """0 for the most favourable member, rising as it becomes less favourable."""
        return list(type(self)).index(self)
