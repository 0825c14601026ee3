"""The base every policy model shares."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .fields import Model
from .text_fields import LocalShortText, LocalText

FINGERPRINT_PATTERN = r"^[0-9a-f]{12}$"
Fingerprint = Annotated[str, Field(pattern=FINGERPRINT_PATTERN)]
"""The fingerprint of a built-in English wording, as ``ethos catalog`` shows it."""


class WordingOverride(Model):
    """The company's own wording for the stance it states, replacing the built-in one.

    Company text like any other free text: never a template, so parameters are not filled
    in; write the numbers into the text.
    """

    source: Fingerprint | None = None
    """Fingerprint of the built-in English wording this replaces (`ethos catalog --policy
    ID` shows it); `check` warns when the built-in wording has changed since.
    """
    label: LocalShortText | None = None
    """Replaces the stance's label."""
    text: LocalText | None = None
    """Replaces the stance's text in the chapter."""
    conduct: list[LocalText] | None = None
    """Replaces the stance's conduct rules, in this order."""


class Policy(Model):
    """Fields every policy has besides its stance."""

    note: LocalText | None = None
    """The company's own words, printed under the stance exactly as written."""
    wording: WordingOverride | None = None
    """The company's own wording of the stated stance, replacing the built-in label, text or
    conduct rules."""
