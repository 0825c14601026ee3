"""The languages a chapter can be written in, named once for every layer.

A module of one constant, so that the command line can list the languages in its help
without loading the values model.
"""

from __future__ import annotations

LANGUAGES = ("en", "it", "tl", "ur", "zh")
"""Every chapter language, by code, in the order ethos lists them."""
