"""To whom a change or a difference is more favourable: the audience a policy's stance
scale is ordered for (its definition's ``favours``), in the report's language.

Each phrase is written out for each audience, so that translators see whole sentences.
The comparison's "who is more favourable" sentences (:func:`stance_direction`,
:func:`parameter_direction`) are made here too, from the companies' ranks.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from babel.support import NullTranslations, Translations

from ..values.policies import policy_definitions
from ..values.policy_definition import Parameter
from ..wording.localization import isolate, wording

if TYPE_CHECKING:
    from .positions import PolicyPosition, Positions

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


def leaders(ranked: list[tuple[float, str]]) -> dict[str, list[str]]:
    """The companies that are the most and the least favourable, when they differ."""
    if len({rank for rank, _ in ranked}) < 2:
        return {"more_favourable": [], "less_favourable": []}
    best, worst = min(rank for rank, _ in ranked), max(rank for rank, _ in ranked)
    return {
        "more_favourable": [company for rank, company in ranked if rank == best],
        "less_favourable": [company for rank, company in ranked if rank == worst],
    }


def parameter_favourable(key: str, name: str, first: PolicyPosition | None) -> str:
    """Which way of parameter ``name`` is more favourable (its definition's)."""
    from ..values.policies import policy_definitions

    definitions = policy_definitions()
    if key in definitions and name in definitions[key].parameters:
        return definitions[key].parameters[name].favourable
    return "neither"


def stance_direction(
    key: str, declared: list[Positions], stated: list[Any], language: str
) -> str | None:
    """Who is more favourable on the stance scale, and who does not state the policy."""
    ranked = [
        (position.rank, p.company) for p, position in zip(declared, stated, strict=True) if position
    ]
    missing = [p.company for p, position in zip(declared, stated, strict=True) if not position]
    return ranked_direction(key, stated, ranked, missing, language)


def parameter_direction(
    key: str, label: str, declared: list[Positions], stated: list[Any], language: str
) -> str | None:
    """Who is more favourable on one parameter (its definition's ``favourable``), among
    the companies whose value has an order; None when fewer than two have one."""
    ranked = [
        (rank, p.company)
        for p, position in zip(declared, stated, strict=True)
        if position and (rank := position.ranks.get(label)) is not None
    ]
    return ranked_direction(key, stated, ranked, [], language) if len(ranked) >= 2 else None


def ranked_direction(
    key: str,
    stated: list[Any],
    ranked: list[tuple[float, str]],
    missing: list[str],
    language: str,
) -> str | None:
    """``A is more favourable to customers`` (two), ``most favourable to customers: A;
    least: C`` (more), and ``not stated by B``; the lower rank is the more favourable."""
    text = wording(language)
    first = next(position for position in stated if position)
    favours = audience(key, first.favours if first.own else None)
    from .positions import list_separator  # positions reads this module's scales

    separator = list_separator(text)
    parts = []
    if len({rank for rank, _ in ranked}) > 1:
        best = min(rank for rank, _ in ranked)
        worst = max(rank for rank, _ in ranked)
        leaders = [isolate(company, language) for rank, company in ranked if rank == best]
        if len(ranked) == 2:
            pattern = more_favourable_company(text, favours)
            parts.append(pattern % {"company": leaders[0]})
        else:
            trailing = [isolate(company, language) for rank, company in ranked if rank == worst]
            pattern = most_and_least_favourable(text, favours)
            parts.append(
                pattern % {"most": separator.join(leaders), "least": separator.join(trailing)}
            )
    if missing:
        companies = separator.join(isolate(company, language) for company in missing)
        parts.append(text.gettext("not stated by %(companies)s") % {"companies": companies})
    return text.gettext("; ").join(parts) or None
