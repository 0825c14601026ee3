"""To whom a change or a difference is more favourable: the audience a policy's stance
scale is ordered for (its definition's ``favours``), in the report's language.

Each phrase is written out for each audience, so that translators see whole sentences.
"""

from __future__ import annotations

from babel.support import NullTranslations, Translations

from ..values.policies import policy_definitions

Text = NullTranslations | Translations


def audience(key: str, own: str | None = None) -> str:
    """``customers``, ``employees`` or ``public``: for whom the stances of ``key`` are ordered.

    ``own``: the `favours` of a company's own policy ``key``, which no built-in defines.
    """
    return own or policy_definitions()[key].favours


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
