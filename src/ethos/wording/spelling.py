"""A regional spelling of ethos's English wording: ``en-US`` from the British original.

ethos's English is written once, in British English (``en``, ``en-GB``). An ``en-US``
chapter uses the same wording with each word of ``templates/spelling/en-US.yaml`` spelled
the American way, whole words only and keeping a capital. It applies to ethos's own
wording, the catalog and the template strings, as they are read: the company's text never
passes through it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from babel.support import NullTranslations

from ..errors import TemplateError


class Spelling:
    """Word-for-word respellings: ``{"behaviour": "behavior", ...}``."""

    def __init__(self, words: dict[str, str]) -> None:
        self.words = {british.lower(): american for british, american in words.items()}
        alternatives = "|".join(sorted(map(re.escape, self.words), key=len, reverse=True))
        self._pattern = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)

    def text(self, text: str) -> str:
        """``text`` respelled; a word's first capital is kept ("Honour" → "Honor")."""
        return self._pattern.sub(self._respell, text) if self.words else text

    def data(self, data: Any) -> Any:
        """Every string in parsed YAML ``data`` respelled, except the ``source``
        fingerprints of translations."""
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, list):
            return [self.data(item) for item in data]
        if isinstance(data, dict):
            return {key: item if key == "source" else self.data(item) for key, item in data.items()}
        return data

    def _respell(self, found: re.Match[str]) -> str:
        word = found[0]
        respelled = self.words[word.lower()]
        if word.isupper() and len(word) > 1:
            return respelled.upper()
        return respelled[0].upper() + respelled[1:] if word[0].isupper() else respelled


def read_spelling(path: Path) -> Spelling | None:
    """The respellings in ``path``; None when the variety has no file (spelled as written)."""
    try:
        with path.open(encoding="utf-8") as stream:
            words = yaml.load(stream, Loader=yaml.CSafeLoader) or {}
    except FileNotFoundError:
        return None
    except yaml.YAMLError as error:
        raise TemplateError(str(path), None, f"spelling is not valid YAML: {error}") from None
    if not isinstance(words, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in words.items()
    ):
        raise TemplateError(str(path), None, "spelling must map each word to its respelling")
    return Spelling(words)


class SpelledTranslations(NullTranslations):
    """Template strings of a regional variety: the language's, respelled."""

    def __init__(self, translations: NullTranslations, spelling: Spelling) -> None:
        super().__init__()
        self._translations = translations
        self._spelling = spelling

    def gettext(self, message: str) -> str:
        return self._spelling.text(self._translations.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._spelling.text(self._translations.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> str:
        return self._spelling.text(str(self._translations.pgettext(context, message)))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._spelling.text(self._translations.npgettext(context, singular, plural, n))
