"""To whom a change or a difference is more favourable: the audience a policy's stance
scale is ordered for (its definition's ``favours``), in the report's language.

Each phrase is written out for each audience, so that translators see whole sentences.
"""

from __future__ import annotations

from enum import Enum

from babel.support import NullTranslations, Translations

from ..values.policies import policy_definitions
from ..values.policy_definition import Parameter

Text = NullTranslations | Translations


def audience(key: str, own: str | None = None) -> str:
    """``customers``, ``employees`` or ``public``: for whom the stances of ``key`` are ordered.

    ``own``: the `favours` of a company's own policy ``key``, which no built-in defines.
    """
    return own or policy_definitions()[key].favours


def parameter_rank(parameter: Parameter, value: object) -> float | None:
    """Where ``value`` stands for ``parameter``: the lower, the more favourable (its
    definition's ``favourable``: a 90-day window ranks before 30, a 4-hour reply before 24).

    None when the parameter has no favourable direction, is a text, or is not set: such
    values differ without one being better.
    """
    direction = parameter.favourable
    if direction == "neither" or value is None:
        return None
    if direction in ("larger", "smaller") and isinstance(value, int | float):
        return -float(value) if direction == "larger" else float(value)
    if direction in ("more", "fewer") and isinstance(value, list):
        return -len(value) if direction == "more" else len(value)
    if direction in ("switched_on", "switched_off") and isinstance(value, bool):
        return 0 if value == (direction == "switched_on") else 1
    if direction in ("earlier", "later"):
        choice = value.value if isinstance(value, Enum) else value
        if choice in parameter.choices:
            index = parameter.choices.index(str(choice))
            return index if direction == "earlier" else -index
    return None


def more_favourable(text: Text, favours: str) -> str:
    """``more favourable to customers``: a stance moved up its scale."""
    if favours == "employees":
        return text.gettext("more favourable to employees")
    if favours == "public":
        return text.gettext("more favourable to the public")
    return text.gettext("more favourable to customers")


def less_favourable(text: Text, favours: str) -> str:
    """``less favourable to customers``: a stance moved down its scale."""
    if favours == "employees":
        return text.gettext("less favourable to employees")
    if favours == "public":
        return text.gettext("less favourable to the public")
    return text.gettext("less favourable to customers")


def more_favourable_company(text: Text, favours: str) -> str:
    """``%(company)s is more favourable to customers``: the better of two companies."""
    if favours == "employees":
        return text.gettext("%(company)s is more favourable to employees")
    if favours == "public":
        return text.gettext("%(company)s is more favourable to the public")
    return text.gettext("%(company)s is more favourable to customers")


def most_and_least_favourable(text: Text, favours: str) -> str:
    """``most favourable to customers: %(most)s; least: %(least)s``: among several."""
    if favours == "employees":
        return text.gettext("most favourable to employees: %(most)s; least: %(least)s")
    if favours == "public":
        return text.gettext("most favourable to the public: %(most)s; least: %(least)s")
    return text.gettext("most favourable to customers: %(most)s; least: %(least)s")
