"""How plain a text is, measured the way each chapter language is measured.

Codes of conduct are certified by nearly everyone and read by half; plain-language
guidance for them is a reading grade of 8 or below. One formula does not fit five
languages, so each language has the measures that are published and used for it, and a
target for each, in ``templates/languages.yaml`` (``readability:``):

- **English**: the Flesch-Kincaid grade level (Kincaid et al. 1975, the US Navy formula
  behind Word's readability statistics): ``0.39 * words per sentence + 11.8 * syllables
  per word - 15.59``. Syllables come from syllapy (a list of known words, then rules).
- **Italian**: the Gulpease index (Lucisano and Piemontese 1988), made for Italian:
  ``89 + (300 * sentences - 10 * letters) / words``, from 0 (hardest) to 100. Below 80 is
  hard for a primary-school reader, below 60 for a middle-school one, below 40 for a
  secondary-school one.
- **Tagalog and Urdu**, for which no validated formula exists: mean sentence length in
  words and mean word length in letters, the two quantities every such formula is built
  from.
- **Chinese**: mean sentence length in characters, and the share of Chinese characters
  outside the 3,755 of GB 2312 level 1, the standard set of frequently used characters
  (read from Python's own GB 2312 codec, so no list is typed in here).

A text is cut into sentences at its language's full stops, and at the end of each line:
a list item or a table cell is a sentence of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

Measure = Literal[
    "flesch_kincaid_grade",
    "gulpease",
    "words_per_sentence",
    "letters_per_word",
    "characters_per_sentence",
    "uncommon_characters",
]

NAMES: dict[str, str] = {
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "gulpease": "Gulpease index",
    "words_per_sentence": "words per sentence",
    "letters_per_word": "letters per word",
    "characters_per_sentence": "characters per sentence",
    "uncommon_characters": "% uncommon characters",
}
"""Each measure's name, as the report and the README write it."""

HIGHER_IS_EASIER = frozenset({"gulpease"})

_SENTENCE_END = re.compile(r"(?<=[.!?。！？；۔؟])[\"'”’»」）)]*(?:\s+|$)|(?<=[。！？；])")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")


class Target(BaseModel):
    """One measure of a language and the value its chapters should reach."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    measure: Measure
    target: float

    def met_by(self, value: float) -> bool:
        """Whether ``value`` is on the easy side of the target (or on it)."""
        if self.measure in HIGHER_IS_EASIER:
            return value >= self.target
        return value <= self.target

    def describe(self) -> str:
        """ "Flesch-Kincaid grade ≤ 8"."""
        sign = "≥" if self.measure in HIGHER_IS_EASIER else "≤"
        return f"{NAMES[self.measure]} {sign} {self.target:g}"


@dataclass(frozen=True)
class Figure:
    """One measure of one text, and whether it meets its target."""

    target: Target
    value: float

    @property
    def met(self) -> bool:
        """Whether the text meets the target."""
        return self.target.met_by(self.value)


@dataclass(frozen=True)
class Counts:
    """What the measures are computed from."""

    sentences: int
    words: int
    letters: int
    syllables: int
    characters: int
    """Chinese characters (Han)."""
    uncommon: int
    """Chinese characters outside GB 2312 level 1."""


def sentences(text: str) -> list[str]:
    """The sentences of ``text``: cut at full stops (., !, ?, and those of Urdu and
    Chinese) and at every line end."""
    found: list[str] = []
    for line in text.splitlines():
        found.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return found


def counts(text: str) -> Counts:
    """The counts of ``text``."""
    words = _WORD.findall(text)
    han = [character for character in text if _is_han(character)]
    common = _common_characters()
    return Counts(
        sentences=len(sentences(text)),
        words=len(words),
        letters=sum(len(word.replace("'", "").replace("’", "").replace("-", "")) for word in words),
        syllables=sum(syllables(word) for word in words),
        characters=len(han),
        uncommon=sum(character not in common for character in han),
    )


def syllables(word: str) -> int:
    """The syllables of an English word (syllapy); at least one."""
    import syllapy

    return max(1, int(syllapy.count(word.replace("’", "'"))))


def measure(measure: Measure, found: Counts) -> float:
    """The value of ``measure`` for a text with ``found`` counts."""
    return _MEASURES[measure](found, max(found.sentences, 1))


def _flesch_kincaid_grade(found: Counts, sentence_count: int) -> float:
    if not found.words:
        return 0.0
    return 0.39 * found.words / sentence_count + 11.8 * found.syllables / found.words - 15.59


def _gulpease(found: Counts, _: int) -> float:
    if not found.words:
        return 100.0
    return 89 + (300 * found.sentences - 10 * found.letters) / found.words


_MEASURES: dict[str, Callable[[Counts, int], float]] = {
    "flesch_kincaid_grade": _flesch_kincaid_grade,
    "gulpease": _gulpease,
    "words_per_sentence": lambda found, sentence_count: found.words / sentence_count,
    "letters_per_word": lambda found, _: found.letters / found.words if found.words else 0.0,
    "characters_per_sentence": lambda found, sentence_count: found.characters / sentence_count,
    "uncommon_characters": (
        lambda found, _: 100 * found.uncommon / found.characters if found.characters else 0.0
    ),
}


def figures(text: str, targets: Sequence[Target]) -> list[Figure]:
    """Each target's measure of ``text``."""
    found = counts(text)
    return [Figure(target, measure(target.measure, found)) for target in targets]


def _is_han(character: str) -> bool:
    return unicodedata.name(character, "").startswith("CJK UNIFIED IDEOGRAPH")


@cache
def _common_characters() -> frozenset[str]:
    """GB 2312 level 1: rows 16 to 55 of the standard, its 3,755 most used characters."""
    found = set()
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # the unused end of row 55
    return frozenset(found)
