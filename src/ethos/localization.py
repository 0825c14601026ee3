"""Locale-aware formatting of dates, numbers and lists (Babel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import NullTranslations

# The language subtag WeasyPrint and browsers need to pick the right glyphs and shaping.
HTML_LANG = {"en": "en"}
RIGHT_TO_LEFT = frozenset({"ur"})


class Locale:
    """Formatting for one chapter language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.babel = BabelLocale.parse(language)
        # Template strings are written in English, so English needs no message catalog.
        self.translations = NullTranslations()

    @property
    def html_lang(self) -> str:
        """Value of the HTML ``lang`` attribute."""
        return HTML_LANG.get(self.language, self.language)

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``."""
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"

    def date(self, value: dt.date) -> str:
        """A date written out in full for the locale, e.g. "1 March 2026"."""
        return format_date(value, format="long", locale=self.babel)

    def number(self, value: float) -> str:
        """A number with the locale's separators."""
        return format_decimal(value, locale=self.babel)

    def join_list(self, items: Iterable[object]) -> str:
        """The items joined as "a, b and c" in the locale's words."""
        return format_list([str(item) for item in items], locale=self.babel)

    def filters(self) -> dict[str, Callable[..., Any]]:
        """The formatting filters every template and catalog wording may use."""
        return {"join_list": self.join_list, "number": self.number, "date": self.date}
