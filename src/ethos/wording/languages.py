"""The languages a chapter can be written in, named once for every layer.

A module of constants, so that the command line can list the languages in its help
without loading the values model.
"""

from __future__ import annotations

LANGUAGES = ("en", "it", "tl", "ur", "zh")
"""Every chapter language, by code, in the order ethos lists them (``--lang all``)."""

VARIETIES = {"en-GB": "en", "en-US": "en"}
"""Regional varieties a chapter can also be written in, each with the language whose
wording and company text it uses: ``en-GB`` is ethos's English as written (``en`` is the
same chapter), ``en-US`` the same wording in American spelling, dates and list
punctuation."""

CHAPTER_LANGUAGES = ("en", *VARIETIES, *LANGUAGES[1:])
"""Every code ``--lang`` and a values file accept."""


def text_language(code: str) -> str:
    """The language whose wording and company text a chapter in ``code`` uses: ``en`` for
    ``en-US``; a language is its own."""
    return VARIETIES.get(code, code)
