"""What a values file declares, as comparable positions: each value, each policy's stance.

``compare``, ``diff`` and ``explain`` all work on these rather than on the chapter's
words: a stance is a member of an ordered vocabulary (most favourable first), its
parameters are numbers, lists and switches, and the catalog gives each its label.
Labels are in the report's language: the catalog's, and ethos's own words from the
message catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from babel.support import NullTranslations, Translations

from ..values.local_text import in_language
from ..values.model import ValuesFile
from ..values.own_policy import OwnPolicy, as_definition
from ..values.policies import policy_definitions
from ..values.policy import Policy
from ..values.policy_definition import Parameter
from ..wording.catalog import Catalog, PolicyWording, StanceWording, load_catalog
from ..wording.localization import SOURCE_LANGUAGE, Locale, wording
from .favour import parameter_rank


@dataclass(frozen=True)
class ValuePosition:
    """A chosen value."""

    id: str
    title: str
    summary: str
    wording: Any
    """Everything the file says about the value (for detecting rewording)."""


@dataclass(frozen=True)
class PolicyPosition:
    """A stated policy: its stance, the stance's rank and the parameters, formatted."""

    key: str
    title: str
    stance: str
    label: str
    summary: str
    rank: int
    parameters: dict[str, str]
    """Parameter label -> value as a reader writes it ("30 days"); empty when unset."""
    names: dict[str, str]
    """Parameter label -> the parameter's key in the values file (``window_days``)."""
    switches: frozenset[str]
    """Labels of the on/off parameters among them."""
    note: Any
    wording: Any = None
    """The company's own wording of the stance (``policies.<id>.wording``), if any."""
    language: str = SOURCE_LANGUAGE
    """The language of the labels and values."""
    favours: str = "customers"
    """To whom the stances are ordered from most to least favourable."""
    scale: tuple[str, ...] = ()
    """The stance scale, most favourable first: two positions of a company's own policy
    with the same id are of the same policy only when their scales are the same."""
    own: bool = False
    """A policy of the company's own (``own_policies``)."""
    meaning: str = ""
    """What the policy is about (the stance's is `summary`)."""
    values: dict[str, Any] = field(default_factory=dict)
    """Parameter key -> its value as the values file states it, as JSON (None: unset)."""
    ranks: dict[str, float | None] = field(default_factory=dict)
    """Parameter label -> where its value stands, the lower the more favourable to
    `favours` (:func:`~ethos.changes.favour.parameter_rank`); None when it has no order."""

    def cell(self) -> str:
        """``Limited returns: 30 days, receipt required``.

        Numbers are named when there are several: ``paid leave 25 days, paid sick leave 10 days``.
        """
        text = wording(self.language)
        numbers = [label for label, value in self.parameters.items() if value[:1].isdigit()]
        shown = [
            text.gettext("%(parameter)s %(value)s") % {"parameter": label.lower(), "value": value}
            if len(numbers) > 1 and label in numbers
            else value
            for label, value in self.parameters.items()
            if value
        ]
        if not shown:
            return self.label
        return text.gettext("%(stance)s: %(parameters)s") % {
            "stance": self.label,
            "parameters": list_separator(text).join(shown),
        }


@dataclass(frozen=True)
class Positions:
    """Everything one values file declares."""

    company: str
    values: dict[str, ValuePosition]
    policies: dict[str, PolicyPosition]


def positions(values_file: ValuesFile, language: str = SOURCE_LANGUAGE) -> Positions:
    """The declared positions of ``values_file``, labelled in ``language``.

    Catalog labels come from that language's catalog; the company's own words are its text
    in that language, or in the file's language when it has none in ``language``.
    """
    catalog = load_catalog(language)
    written = language if language in values_file.document.languages() else None
    local = in_language(values_file, written or values_file.document.language.value)
    values = {}
    for raw, entry in zip(values_file.value_entries(), local.value_entries(), strict=True):
        base = catalog.values.get(entry.id)
        title = str(entry.title or (base.title if base else entry.id))
        summary = base.summary if base else str(entry.statement or "")
        values[entry.id] = ValuePosition(entry.id, title, summary, raw.model_dump(mode="json"))
    policies = {
        key: _policy_position(key, policy, values_file.policies.stated()[key], catalog, local)
        for key, policy in local.policies.stated().items()
    }
    return Positions(values_file.company.name, values, policies)


def _policy_position(
    key: str, policy: Policy, raw: Policy, catalog: Catalog, local: ValuesFile
) -> PolicyPosition:
    own = local.own_policies.get(key)
    if own is not None:
        definition = as_definition(key, own, 0)
        area = own_wording(own)
    else:
        area = catalog.policies[key]
        definition = policy_definitions()[key]
    stance = str(policy.stance)  # type: ignore[attr-defined]  # every policy model has one
    wording = area.stances[stance]

    override = raw.model_dump(mode="json", exclude={"wording": {"source"}}).get("wording")
    label = str(policy.wording.label) if policy.wording and policy.wording.label else None
    parameters = {
        label: format_parameter(
            definition.parameters[name],
            getattr(policy, name),
            catalog,
            label,
            _currency(policy, definition.parameters[name]),
        )
        for name, label in area.parameters.items()
    }
    names = {label: name for name, label in area.parameters.items()}
    return PolicyPosition(
        key=key,
        title=area.title,
        stance=stance,
        label=label or wording.label,
        summary=wording.summary,
        rank=list(definition.stances).index(stance),
        parameters=parameters,
        names=names,
        switches=frozenset(
            label
            for name, label in area.parameters.items()
            if definition.parameters[name].type == "switch"
        ),
        note=raw.model_dump(mode="json").get("note"),
        wording=override,
        language=catalog.language,
        favours=definition.favours,
        scale=tuple(definition.stances),
        own=own is not None,
        meaning=area.summary,
        values={name: raw.model_dump(mode="json").get(name) for name in area.parameters},
        ranks={
            label: parameter_rank(definition.parameters[name], getattr(policy, name))
            for name, label in area.parameters.items()
        },
    )


def _currency(policy: Policy, parameter: Parameter) -> str | None:
    """The currency code of ``parameter`` when it is an amount of money and one is set."""
    if parameter.amount_in is None:
        return None
    currency = getattr(policy, parameter.amount_in)
    return None if currency is None else str(currency.value)


def own_wording(own: OwnPolicy) -> PolicyWording:
    """An own policy's wording (already in one language) in the shape of the catalog's."""
    return PolicyWording(
        title=str(own.title),
        summary=str(own.meaning),
        parameters={
            name: str(parameter.label or name.replace("_", " ").capitalize())
            for name, parameter in own.parameters.items()
        },
        stances={
            name: StanceWording(
                label=str(stance.label),
                summary=str(stance.label),
                text=str(stance.text),
                conduct=[str(line) for line in stance.conduct],
            )
            for name, stance in own.stances.items()
        },
    )


def format_parameter(  # noqa: PLR0911 - one return per kind of value
    parameter: Parameter, value: object, catalog: Catalog, label: str, currency: str | None = None
) -> str:
    """A parameter as a reader writes it: ``30 days``, ``10%``, ``age, religion``, ``€50``
    (an amount of money in ``currency``).

    A switch that is on reads as its label ("rain checks"); unset or off is empty.
    """
    text = wording(catalog.language)
    if value is None or value == [] or value is False:
        return ""
    if value is True:
        return label.lower()
    if isinstance(value, list):
        return list_separator(text).join(_term(item, parameter, catalog) for item in value)
    if isinstance(value, Enum):
        return _term(value, parameter, catalog)
    if parameter.unit == "percent":
        return f"{value:g}%"
    if currency is not None and isinstance(value, int | float):
        return Locale(catalog.language).money(value, currency)
    if isinstance(value, int):
        amount = {"num": value}
        if parameter.unit == "days":
            return text.ngettext("%(num)d day", "%(num)d days", value) % amount
        if parameter.unit == "hours":
            return text.ngettext("%(num)d hour", "%(num)d hours", value) % amount
        if parameter.unit == "weeks":
            return text.ngettext("%(num)d week", "%(num)d weeks", value) % amount
        if parameter.unit == "months":
            return text.ngettext("%(num)d month", "%(num)d months", value) % amount
    return str(value)


def list_separator(text: NullTranslations | Translations) -> str:
    """What separates the items of a list in a report cell: ", " in English."""
    # Translators: separates the items of a list ("30 days, receipt required").
    return text.gettext(", ")


def _term(item: object, parameter: Parameter, catalog: Catalog) -> str:
    """A choice by its label in the catalog's ``terms.yaml``; the company's text as written."""
    if isinstance(item, Enum) and parameter.vocabulary is not None:
        return catalog.terms[parameter.vocabulary].labels[str(item.value)]
    return str(item)


def policy_keys(*declared: Positions) -> list[str]:
    """Every built-in policy, in the definitions' order, then the own policies ``declared``
    state, in the order they first appear."""
    own = [key for p in declared for key, position in p.policies.items() if position.own]
    return [*policy_definitions(), *dict.fromkeys(own)]
