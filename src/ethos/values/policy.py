"""The base every policy model shares."""

from __future__ import annotations

from .fields import Model
from .text_fields import LocalText


class Policy(Model):
    """Fields every policy has besides its stance."""

    note: LocalText | None = None
    """The company's own words, printed under the stance exactly as written."""
