"""A company's own policy: a definition written in its values file (or a group file).

It has the form of a built-in definition (:class:`~ethos.values.policy_definition.
PolicyDefinition`: a stance scale, most favourable first, parameters, rules) with the
wording written inline as company text, in each of the file's languages. Company text is
untrusted, so it is never a template: a stance's text fills its parameters in through
``{name}`` slots only, and everything else is printed as written
(:func:`fill_slots`, then the chapter's safe Markdown subset).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Annotated, Literal

from pydantic import Field

from .fields import Model
from .policy_definition import POLICIES_GROUP, Parameter, PolicyDefinition, Stance, StanceRule
from .text_fields import Identifier, LocalShortText, LocalText

SLOT = re.compile(r"\{([a-z][a-z0-9_]{0,63})\}")
"""A parameter slot in an own policy's text: ``{months}``. Nothing else is markup."""
OWN_ORDER = 10_000
"""Own policies come after every built-in one, in the file's order."""


class OwnStance(Model):
    """One stance of an own policy's scale, with its wording."""

    slots: tuple[Identifier, ...] = ()
    """The parameters its text and conduct rules fill in, written ``{name}``."""
    label: LocalShortText
    """The stance in a few words: "Gift cards never expire"."""
    text: LocalText
    """What the chapter says under the policy's heading."""
    conduct: list[LocalText] = []
    """What employees do under this stance."""


class OwnParameter(Parameter):
    """A parameter of an own policy: a built-in parameter's form, with its label."""

    label: LocalShortText | None = None
    """How reports name the parameter ("Validity"), in each language; its id, written as
    words, when left out."""


class OwnPolicy(Model):
    """A policy of the company's own, under ``own_policies.<id>``."""

    title: LocalShortText
    """The policy's heading under "Our policies"."""
    meaning: LocalShortText
    """One line on what the policy is about (reports and the JSON Schema)."""
    favours: Literal["customers", "employees", "public"]
    """To whom the stances are ordered from most to least favourable."""
    stances: Annotated[dict[Identifier, OwnStance], Field(min_length=2)]
    """The stance scale, from the most to the least favourable."""
    parameters: dict[Identifier, OwnParameter] = {}
    """What stances may carry besides their name (integer, number, switch, text or list
    of texts)."""
    rules: tuple[StanceRule, ...] = ()
    """Parameters some stances need or refuse."""


def as_definition(key: str, policy: OwnPolicy, position: int) -> PolicyDefinition:
    """The policy as a definition, for the validation model, compare and diff.

    Raises:
        ValueError: the definition does not hold together (a slot or rule naming what the
            policy does not have).
    """
    return PolicyDefinition(
        id=key,
        meaning=_first_text(policy.meaning),
        group=POLICIES_GROUP,
        order=OWN_ORDER + position,
        favours=policy.favours,
        stance_description=", ".join(policy.stances),
        stances={name: Stance(slots=stance.slots) for name, stance in policy.stances.items()},
        parameters={
            name: Parameter(**parameter.model_dump(exclude={"label"}, exclude_unset=True))
            for name, parameter in policy.parameters.items()
        },
        rules=policy.rules,
        schema_name=f"Own{''.join(part.capitalize() for part in key.split('_'))}",
    )


def _first_text(text: object) -> str:
    if isinstance(text, dict):
        return str(next(iter(text.values())))
    return str(text)


def stance_texts(policy: OwnPolicy) -> Iterator[tuple[tuple[str | int, ...], str, OwnStance]]:
    """Every text with slots, as (path below the policy, text in one language, its stance)."""
    for name, stance in policy.stances.items():
        for path, text in [(("text",), stance.text)] + [
            (("conduct", index), line) for index, line in enumerate(stance.conduct)
        ]:
            if isinstance(text, dict):
                for language, version in text.items():
                    yield ("stances", name, *path, str(language)), version, stance
            else:
                yield ("stances", name, *path), text, stance


def definition_problems(policy: OwnPolicy) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path below the policy, message) for each parameter or slot it may not have."""
    for name, parameter in policy.parameters.items():
        if parameter.vocabulary is not None:
            yield (
                ("parameters", name),
                "a policy of your own takes no choices (they need labels in every catalog) "
                "— make it `type: text` or a list of texts (`type: list, items: text`)",
            )
    for name, stance in policy.stances.items():
        unknown = [slot for slot in stance.slots if slot not in policy.parameters]
        if unknown:
            yield (
                ("stances", name, "slots"),
                f"`{'`, `'.join(unknown)}` is not a parameter of this policy — declare it "
                "under `parameters:` or remove it from `slots`",
            )
        for slot in stance.slots:
            if slot in policy.parameters and policy.parameters[slot].type == "switch":
                yield (
                    ("stances", name, "slots"),
                    f"`{slot}` is a switch: a text cannot print it — use it in `rules` only",
                )
    for path, text, stance in stance_texts(policy):
        for slot in SLOT.findall(text):
            if slot not in stance.slots:
                yield (
                    path,
                    f"`{{{slot}}}` is not a slot of stance `{path[1]}` — list `{slot}` in its "
                    "`slots` (and under `parameters:`), or remove it",
                )


def fill_slots(text: str, value_of: Callable[[str], str]) -> str:
    """``text`` with each ``{name}`` replaced by ``value_of(name)``; the rest as written."""
    return SLOT.sub(lambda match: value_of(match.group(1)), text)
