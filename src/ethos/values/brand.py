"""The company's look: its accent colour's contrast (``company.accent_colour``).

The accent colour sets the headings, links and rules of the HTML, PDF and DOCX. Headings
are text, so the colour must be readable on the white page: WCAG 2 level AA asks 4.5:1 of
text, measured with WCAG's relative luminance. A colour below that is refused with its
ratio and a darker shade of the same colour that passes. The logo (``company.logo``) is
read and checked by :mod:`ethos.values.logo`.
"""

from __future__ import annotations

import math
import re

HEX_COLOUR = "^#[0-9A-Fa-f]{6}$"
PAGE_COLOUR = "#ffffff"
MIN_TEXT_CONTRAST = 4.5
"""WCAG 2 success criterion 1.4.3 (AA): the contrast of normal-sized text."""
RULE_TINT = 0.35
"""How much of the accent a rule shows over the white page: light, like the default
rule (#b9c4cf, about a third of the default accent #1f4e79)."""
EXAMPLE = "#1a5fb4"


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of ``#RRGGBB``: 0 for black, 1 for white."""
    channels = (int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5))
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str = PAGE_COLOUR) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def passing_shade(colour: str) -> str:
    """The lightest darker shade of ``colour`` (its channels scaled down alike, so the hue
    stays) that has text contrast on the white page."""
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    for step in range(100, -1, -1):
        shade = "#" + "".join(f"{round(c * step / 100):02x}" for c in (red, green, blue))
        if contrast_ratio(shade) >= MIN_TEXT_CONTRAST:
            return shade
    return "#000000"  # not reached: black passes at step 0


def tint(colour: str, share: float = RULE_TINT) -> str:
    """``colour`` laid over the white page at ``share`` opacity, as ``#rrggbb``."""
    channels = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{round(255 + (c - 255) * share):02x}" for c in channels)


def shown_ratio(ratio: float) -> str:
    """A contrast ratio as people quote it, rounded down (4.499 is not "4.50:1")."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def accent_colour(value: object) -> object:
    """Validator: the accent colour as written, lower-cased; refused when unreadable on white."""
    if value is None:
        # `accent_colour: #1a5fb4` reads as nothing: YAML takes # for a comment.
        raise ValueError(
            f'no colour — in YAML a # starts a comment, so put the colour in quotes: "{EXAMPLE}"'
        )
    if not isinstance(value, str) or not re.fullmatch(HEX_COLOUR, value):
        shown = str(value).lower() if isinstance(value, bool) else value
        raise ValueError(
            f'\'{shown}\' is not a colour — write it as "#RRGGBB" in quotes, e.g. "{EXAMPLE}"'
        )
    colour = value.lower()
    ratio = contrast_ratio(colour)
    if ratio < MIN_TEXT_CONTRAST:
        shade = passing_shade(colour)
        raise ValueError(
            f"{colour} is too light: its contrast on the white page is {shown_ratio(ratio)}, "
            f"and WCAG AA asks {MIN_TEXT_CONTRAST}:1 of text such as the headings set in it — "
            f"darken it; {shade} passes ({shown_ratio(contrast_ratio(shade))})"
        )
    return colour
