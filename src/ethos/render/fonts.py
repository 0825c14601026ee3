"""Font coverage: every character of a chapter must be drawn by a font it names.

Pango falls back silently: a character none of the named fonts has is drawn from any
other font, or as an empty box (tofu), and the PDF still "succeeds". Before rendering,
ethos asks fontconfig which characters each named family covers and refuses to render
a chapter with characters outside them, naming the language, a sample of the
characters and the Debian package that provides the fonts.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import cache

from ..errors import RenderError
from ..wording.localization import Typesetting, english_name, typesetting

# Characters that are laid out without a glyph of their own: spaces, controls, joiners,
# direction marks, soft hyphens.
_NO_GLYPH_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
SAMPLE_SIZE = 12


class FontCoverageError(RenderError):
    """The chapter has characters the fonts named for its language cannot draw."""

    def __init__(self, language: str, missing: list[str], families: list[str], hint: str) -> None:
        self.language = language
        self.missing = missing
        sample = " ".join(f"{char} (U+{ord(char):04X})" for char in missing[:SAMPLE_SIZE])
        more = f" and {len(missing) - SAMPLE_SIZE} more" if len(missing) > SAMPLE_SIZE else ""
        super().__init__(
            f"the {language} chapter has {len(missing)} distinct character"
            f"{'s' if len(missing) != 1 else ''} that none of its fonts "
            f"({', '.join(families)}) can draw: {sample}{more} — {hint}"
        )


def _escape_family(family: str) -> str:
    # fontconfig pattern syntax gives '\', '-', ':' and ',' a meaning inside a name.
    return "".join(f"\\{char}" if char in "\\-:," else char for char in family)


@cache
def family_ranges(family: str) -> tuple[tuple[int, int], ...]:
    """Code point ranges covered by any installed face of ``family`` (empty: not installed)."""
    program = shutil.which("fc-list")
    if program is None:
        raise RenderError(
            "cannot check the fonts: fc-list is missing — install the Debian package "
            "fontconfig (make bootstrap does)"
        )
    output = subprocess.run(
        [program, _escape_family(family), "--format", "%{family}\t%{charset}\n"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    ranges: list[tuple[int, int]] = []
    for line in output.splitlines():
        names, _, charset = line.partition("\t")
        if family not in names.split(","):
            continue  # fontconfig matched a different family by substitution rules
        for part in charset.split():
            first, _, last = part.partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
    return tuple(_merged(ranges))


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _covered(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    index = bisect.bisect_right(ranges, (code, 0x10FFFF + 1)) - 1
    return index >= 0 and ranges[index][0] <= code <= ranges[index][1]


def uncovered(text: str, families: Iterable[str]) -> list[str]:
    """The distinct characters of ``text`` that none of ``families`` covers.

    Letters of other scripts come first, in the order they appear, then ASCII: the
    start of the list is the most telling sample of what is missing.
    """
    all_ranges = tuple(_merged(r for family in families for r in family_ranges(family)))
    first_seen: dict[str, int] = {}
    for position, char in enumerate(text):
        first_seen.setdefault(char, position)
    missing = [
        char
        for char in first_seen
        if unicodedata.category(char) not in _NO_GLYPH_CATEGORIES
        and not _covered(ord(char), all_ranges)
    ]
    return sorted(missing, key=lambda char: (char.isascii(), first_seen[char]))


def check_coverage(text: str, language: str, setup: Typesetting | None = None) -> None:
    """Raise :class:`FontCoverageError` unless the language's fonts draw all of ``text``.

    ``setup`` overrides the language's typesetting (reports name more fonts).
    """
    setup = setup or typesetting()[language]
    families = setup.fonts.families()
    missing = uncovered(text, families)
    if not missing:
        return
    absent = [family for family in families if not family_ranges(family)]
    packages = " ".join(setup.packages)
    if absent:
        hint = (
            f"the font{'s' if len(absent) != 1 else ''} {', '.join(absent)} "
            f"{'are' if len(absent) != 1 else 'is'} not installed: install the Debian "
            f"package{'s' if len(setup.packages) != 1 else ''} {packages} "
            f"(apt-get install {packages}, or run make bootstrap)"
        )
    else:
        hint = (
            "these characters are outside the fonts for this language (emoji or symbols "
            "in the values file?): remove them from the values file, or name a font that "
            "has them in your own style.css"
        )
    raise FontCoverageError(f"{english_name(language)} ({language})", missing, families, hint)
