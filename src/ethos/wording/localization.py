"""Locale-aware formatting (Babel) and how each chapter language is typeset.

The typesetting facts (HTML ``lang``, direction, fonts, line height) and the few words
ethos writes itself (language names, how a list is joined) are data in
``templates/languages.yaml``, read once per :class:`~ethos.wording.theme.Theme`; the
template strings' translations come from :mod:`ethos.wording.messages`. Babel formats
only dates and numbers: no wording comes from its locale data, which changes between its
releases. It is imported when a chapter is written: loading and validating a values
file (which needs the language names) never loads it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .languages import text_language
from .readability import Target
from .theme import current_theme

if TYPE_CHECKING:
    from babel.support import NullTranslations, Translations

    from .theme import Theme

T = TypeVar("T", bound=str)

SOURCE_LANGUAGE = "en"
"""The language ethos's own wording is written in; every other language translates it."""


def english_name(language: str) -> str:
    """The English name of a chapter language, for messages: "Urdu" for ``ur``."""
    names = typesetting()[SOURCE_LANGUAGE].names
    return names.get(language) or names.get(text_language(language), language)


class Fonts(BaseModel):
    """Font families, in order of preference, for one language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    body: list[str] = Field(min_length=1)
    heading: list[str] = Field(min_length=1)

    def families(self) -> list[str]:
        """Every family named, body first, without repeats."""
        return list(dict.fromkeys([*self.body, *self.heading]))


class ListPatterns(BaseModel):
    """How one language joins items into a list; ``{0}`` and ``{1}`` stand for the parts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pair: str
    """Two items alone: "{0} and {1}"."""
    start: str
    """Each item of a longer list but the last two, joined to the rest: "{0}, {1}"."""
    end: str
    """The last two items of a longer list: "{0}, and {1}"."""

    def join(self, items: list[str]) -> str:
        """``items`` as one phrase: "a", "a and b", "a, b, and c"."""
        if len(items) <= 1:
            return "".join(items)
        if len(items) == 2:
            return self.pair.format(*items)
        joined = self.end.format(*items[-2:])
        for item in reversed(items[:-2]):
            joined = self.start.format(item, joined)
        return joined


class Dates(BaseModel):
    """How one language writes a date in full."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    """A CLDR date pattern with one day field ``d``: "d MMMM y"."""
    first_day: str | None = None
    """The first day of a month, written instead of "1": "1º", "یکم"."""

    def pattern_for(self, day: int) -> str:
        """The pattern for a date on ``day`` of its month."""
        if day == 1 and self.first_day:
            return self.pattern.replace("d", "'" + self.first_day.replace("'", "''") + "'", 1)
        return self.pattern


class Typesetting(BaseModel):
    """How one language is typeset, and ethos's own words in it: an entry of
    ``templates/languages.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    html_lang: str
    direction: Literal["ltr", "rtl"]
    fonts: Fonts
    packages: list[str] = Field(min_length=1)
    line_height: float
    names: dict[str, str]
    """Every chapter language's name as this language writes it, by code."""
    lists: ListPatterns
    """How this language joins items into a list."""
    locale: str | None = None
    """The CLDR locale of its number and date formats; None: the language code."""
    dates: Dates | None = None
    """How a date is written in full; None: the locale's long date format."""
    readability: list[Target] = Field(default_factory=list)
    """The measures of plain language for this language, each with its target
    (:mod:`ethos.wording.readability`)."""


def read_typesetting(path: Path) -> dict[str, Typesetting]:
    """Every chapter language's typesetting, read from ``languages.yaml`` at ``path``: a
    regional variety (``base: en``) is its language's, with the settings it names."""
    with path.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=yaml.CSafeLoader)
    merged = {
        code: {**data[entry["base"]], **entry} if "base" in entry else entry
        for code, entry in data.items()
    }
    for entry in merged.values():
        entry.pop("base", None)
    return {code: Typesetting.model_validate(entry) for code, entry in merged.items()}


def typesetting() -> dict[str, Typesetting]:
    """Every chapter language's typesetting, as the current theme read it."""
    return current_theme().typesetting()


def report_typesetting(language: str = SOURCE_LANGUAGE) -> Typesetting:
    """Typesetting for a report in ``language`` that quotes every language (comparisons,
    redlines), from the current theme (:func:`typesetting_for_reports`)."""
    return current_theme().report_typesetting(language)


def typesetting_for_reports(languages: dict[str, Typesetting], language: str) -> Typesetting:
    """The typesetting of a report in ``language`` that quotes every language.

    The report language's direction and fonts first, then every other language's fonts,
    so a company name or a quoted text in Urdu or Chinese is drawn too.
    """
    own = languages[language]

    def every(part: str) -> list[str]:
        return list(dict.fromkeys(f for t in languages.values() for f in getattr(t.fonts, part)))

    packages = list(dict.fromkeys(p for t in languages.values() for p in t.packages))
    fonts = Fonts(
        body=list(dict.fromkeys([*own.fonts.body, *every("body")])),
        heading=list(dict.fromkeys([*own.fonts.heading, *every("heading")])),
    )
    return own.model_copy(update={"fonts": fonts, "packages": packages})


def wording(language: str) -> NullTranslations | Translations:
    """The template and report strings of ``language`` (English: the strings as written)."""
    return current_theme().translations(language)


def isolate(text: T, language: str) -> T:
    """``text`` as a bidi isolate in right-to-left ``language``; unchanged otherwise
    (see :meth:`Locale.isolate`)."""
    return _isolated(text, typesetting()[language].direction)


def _isolated(text: T, direction: str) -> T:
    if direction != "rtl" or not text:
        return text
    # Keep the type: a MarkdownSafe link stays Markdown, a Markup stays HTML, company text
    # in another language keeps its language (ethos.values.local_text.ForeignText).
    wrapped = f"\u2068{text}\u2069"
    make: Any = type(text)
    if hasattr(text, "html_lang"):
        parts = (getattr(text, name) for name in ("language", "html_lang", "direction"))
        return cast("T", make(wrapped, *parts))
    return cast("T", make(wrapped))


# Bidi classes of a left-to-right run inside right-to-left text: strong Latin letters (L),
# European numbers and their separators and terminators (EN ES ET CS), spaces (WS) and
# neutrals (ON: brackets, &, quotes). Coded one letter each, so a regular expression can
# find the runs: "Directive 2011/83/EU" is one, "30" alone is none (a number shows right).
_BIDI_CODE = {"L": "L", "EN": "N", "ES": "S", "ET": "S", "CS": "S", "WS": " ", "ON": "O"}
_LEFT_TO_RIGHT_RUN = re.compile(
    r"(?:L|[NS]*N)(?:[LNSO ]*[LN])?"
)  # letter or number to letter or number
_LRI, _PDI = "\u2066", "\u2069"


def isolate_left_to_right_runs(text: str) -> str:
    """Company text in a right-to-left chapter with each run of Latin text in it (a
    law's number, a product name, "Halden Home (Pvt.) Ltd.", a telephone number) as a
    left-to-right isolate (LRI ... PDI).

    Left alone, the bidi algorithm shows "ڈائریکٹیو 2011/83/EU" as "EU/2011/83", moves the
    full stop of "Ltd." to the far end, and turns "+92 42 111 000" around; isolated, each
    run keeps its own order, on the page and in the PDF's text layer. A run needs a
    letter, or numbers separated by spaces; a lone number already shows right. The target
    of a Markdown link (``](https://...)``) is left as written.
    """
    if not text or (text.isascii() and not any(c.isalpha() for c in text)):
        return text
    import unicodedata

    codes = "".join(_BIDI_CODE.get(unicodedata.bidirectional(c), "R") for c in text)
    pieces: list[str] = []
    end = 0
    for found in _LEFT_TO_RIGHT_RUN.finditer(codes):
        start, stop = found.span()
        if text[max(0, start - 2) : start] == "](":
            continue  # a Markdown link's target
        stop = _closing(text, start, stop)
        if text[start - 1 : start] == "(" and text[stop : stop + 1] == ")":
            start, stop = start - 1, stop + 1  # "(Consumer Rights Act 2015)" as a whole
        run = text[start:stop]
        if "L" not in found[0] and " " not in run.strip():
            continue  # a number alone shows right
        pieces.extend([text[end:start], _LRI, run, _PDI])
        end = stop
    if not pieces:
        return text
    pieces.append(text[end:])
    return "".join(pieces)


def _closing(text: str, start: int, stop: int) -> int:
    """The end of a left-to-right run, taking in the bracket it opened ("Act (2015)") and
    the full stop of an abbreviation it ends with ("Ltd.")."""
    while stop < len(text):
        run, after = text[start:stop], text[stop + 1 : stop + 2]
        closes_bracket = text[stop] == ")" and run.count("(") > run.count(")")
        ends_abbreviation = text[stop] == "." and run[-1].isalpha() and not after.isalnum()
        if not (closes_bracket or ends_abbreviation):
            break
        stop += 1
    return stop


class Locale:
    """One chapter language: formatting, translations and typesetting."""

    def __init__(self, language: str, theme: Theme | None = None) -> None:
        """``language``'s typesetting and translations come from ``theme`` (default: the
        current one, :func:`~ethos.wording.theme.current_theme`)."""
        theme = theme or current_theme()
        from babel import Locale as BabelLocale

        self.language = language
        self.setup = theme.typesetting()[language]
        self.babel = BabelLocale.parse(self.setup.locale or language, sep="_")
        self.translations = theme.translations(language)

    @property
    def html_lang(self) -> str:
        """Value of the HTML ``lang`` attribute."""
        return self.setup.html_lang

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``."""
        return self.setup.direction

    def language_name(self, code: str) -> str:
        """The name of chapter language ``code`` as this locale writes it, e.g. "inglese";
        a regional variety is named as its language."""
        return self.setup.names.get(code) or self.setup.names[text_language(code)]

    def isolate(self, text: T) -> T:
        """``text`` as a bidi isolate in a right-to-left chapter; unchanged otherwise.

        A Latin name, address or telephone number inside Urdu text is otherwise reordered
        by the bidi algorithm: "+1 555 0142" shows as "0142 555 1+" and "Ltd." loses its
        full stop to the far end. FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE keeps
        it in its own order and in its place, on the page and in the PDF's text layer.
        """
        return _isolated(text, self.setup.direction)

    def date(self, value: dt.date) -> str:
        """A date written out in full for the language, e.g. "1º marzo 2026"."""
        from babel.dates import format_date

        dates = self.setup.dates
        pattern = dates.pattern_for(value.day) if dates else "long"
        return format_date(value, format=pattern, locale=self.babel)

    def number(self, value: float) -> str:
        """A number with the locale's separators."""
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.babel)

    def money(self, amount: float, currency: str) -> str:
        """An amount of ``currency`` (an ISO code, in any case) as the locale writes it,
        e.g. "€50" in English and "50 €" in Italian: whole amounts without decimals."""
        from babel.numbers import format_currency

        pattern = self.babel.currency_formats["standard"].pattern
        if float(amount).is_integer():
            pattern = re.sub(r"\.0+", "", pattern)
        text = format_currency(
            amount, currency.upper(), pattern, locale=self.babel, currency_digits=False
        )
        # CLDR's currency spacing, which Babel leaves out: "PKR 5,000", not "PKR5,000".
        return self.isolate(re.sub(r"(?<=[^\W\d])(?=\d)|(?<=\d)(?=[^\W\d])", "\u00a0", text))

    def join_list(self, items: Iterable[object]) -> str:
        """The items joined as "a, b and c" in the locale's words."""
        return self.setup.lists.join([str(item) for item in items])

    def filters(self) -> dict[str, Callable[..., Any]]:
        """The formatting filters every template and catalog wording may use."""
        return {
            "join_list": self.join_list,
            "number": self.number,
            "money": self.money,
            "date": self.date,
            "isolate": self.isolate,
        }
