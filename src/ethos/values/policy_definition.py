"""A policy as data: what a values file may state about it, and how its positions compare.

Each built-in policy is one file, ``templates/policies/<id>.yaml``, validated by
:class:`PolicyDefinition`. A definition says which stances a company may take, from the
most to the least favourable and to whom; which parameters each stance may carry, with
their type, unit, range and which way is more favourable; the rules that tie parameters
to stances; and which declared values a stance contradicts (the coherence lint). What the
policy *says* — its title, each stance's text and conduct rules — is wording, one catalog
per language (``catalog/<language>/policies.yaml``), keyed by the same id.

:mod:`ethos.values.policy_models` makes the validation model of a values file's
``policies.<id>`` from a definition; nothing about a particular policy is written in Python.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import TemplateError

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
"""A policy, stance, parameter or vocabulary member id, as values files write it."""
SchemaName = Annotated[str, Field(pattern=r"^[A-Z][A-Za-z0-9]{0,63}$")]
"""A name in the JSON Schema's ``$defs``."""

NOT_STATED = "not_stated"
"""In a coherence rule's stances: the policy is left out of the values file."""
POLICIES_GROUP = "policies"
"""The group of the policies the section "Our policies" states (every own policy's)."""
RESERVED_PARAMETERS = frozenset({"stance", "note", "wording"})
"""Keys every policy has; no parameter takes their name."""

# Which way of a parameter is more favourable, by its type: a larger number (a 90-day
# return window rather than 30) or a smaller one (a reply in 4 hours rather than 24), more
# or fewer list items, a switch on or off, a choice earlier or later in its list.
FAVOURABLE_BY_TYPE = {
    "integer": {"larger", "smaller"},
    "number": {"larger", "smaller"},
    "list": {"more", "fewer"},
    "switch": {"switched_on", "switched_off"},
    "choice": {"earlier", "later"},
    "text": set(),
}
UNITS_BY_TYPE = {"integer": {"days", "hours", "weeks", "months"}, "number": {"percent"}}


class _Definition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Definition):
    """The numbers a parameter takes: above (or at least) one bound, at most another."""

    # int | float: a bound written 0 stays 0 in the JSON Schema, not 0.0.
    above: int | float | None = None
    """Exclusive lower bound: ``above: 0`` takes 1 but not 0."""
    at_least: int | float | None = None
    """Inclusive lower bound."""
    at_most: int | float
    """Inclusive upper bound: no number is unbounded in a chapter people sign."""

    @model_validator(mode="after")
    def _one_lower_bound(self) -> Self:
        if (self.above is None) == (self.at_least is None):
            raise ValueError("give exactly one of `above` and `at_least`")
        return self


class Parameter(_Definition):
    """A value a stance may carry besides its name: a number, a switch, a list, a choice."""

    type: Literal["integer", "number", "switch", "text", "list", "choice"]
    """integer, number, switch (true/false), text (the company's words, in each language),
    list (of `items`: text, or of `choices`) or choice (one of `choices`)."""
    description: str = Field(min_length=1)
    """What the parameter means; the JSON Schema shows it in editors."""
    favourable: Literal[
        "larger", "smaller", "more", "fewer", "switched_on", "switched_off", "earlier", "later",
        "neither",
    ]  # fmt: skip
    """Which way is more favourable to those the policy `favours`; `neither` when no way is."""
    unit: Literal["days", "hours", "weeks", "months", "percent"] | None = None
    """What a number counts; reports write it after the number ("30 days", "10%")."""
    range: Range | None = None
    """The numbers allowed (integer and number only, and required for them)."""
    items: Literal["text"] | None = None
    """What a list holds when it is not `choices`: the company's own short texts."""
    vocabulary: Id | None = None
    """For choices: the vocabulary's id. The catalogs' ``terms.yaml`` label each choice under
    it, and the JSON Schema names it (``characteristic`` → ``Characteristic``)."""
    choices: tuple[Id, ...] = ()
    """For a choice or a list of choices: the members, in the order reports list them."""
    required: bool = False
    """Whether every stance needs it (otherwise it may be left out)."""
    at_least: int | None = None
    """For a list: the fewest items it takes."""
    amount_in: Id | None = None
    """For an integer or number that is an amount of money: the choice parameter naming its
    currency (ISO codes as the choices, e.g. `eur`); reports then write "€50", not "50"."""

    @model_validator(mode="after")
    def _fits_type(self) -> Self:
        kind = self.type
        numeric = kind in ("integer", "number")
        if numeric and self.range is None:
            raise ValueError(f"an {kind} parameter needs a `range`")
        if not numeric and (self.range is not None or self.unit is not None):
            raise ValueError(f"a {kind} parameter takes no `range` or `unit`")
        if self.unit is not None and self.unit not in UNITS_BY_TYPE[kind]:
            raise ValueError(f"unit `{self.unit}` does not count an {kind}")
        if kind == "integer" and self.range is not None:
            bounds = (self.range.above, self.range.at_least, self.range.at_most)
            if any(bound is not None and not float(bound).is_integer() for bound in bounds):
                raise ValueError("an integer parameter's range is whole numbers")
        by_choice = kind == "choice" or (kind == "list" and self.items is None)
        if by_choice and (not self.choices or self.vocabulary is None):
            raise ValueError(f"a {kind} parameter needs `vocabulary` and `choices`")
        if not by_choice and (self.choices or self.vocabulary is not None):
            raise ValueError(f"a {kind} parameter takes no `vocabulary` or `choices`")
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("`choices` lists a member twice")
        if self.items is not None and kind != "list":
            raise ValueError("only a list parameter takes `items`")
        if self.at_least is not None and kind != "list":
            raise ValueError("only a list parameter takes `at_least`")
        if self.required and kind == "switch":
            raise ValueError("a switch is never required: it is off when left out")
        if self.favourable != "neither" and self.favourable not in FAVOURABLE_BY_TYPE[kind]:
            allowed = ", ".join(sorted(FAVOURABLE_BY_TYPE[kind] | {"neither"}))
            raise ValueError(f"a {kind} parameter is favourable one of: {allowed}")
        return self


class Stance(_Definition):
    """One stance of the scale."""

    slots: tuple[Id, ...] = ()
    """The parameters its wording (text and conduct rules, in every language) fills in."""


class StanceRule(_Definition):
    """What some stances ask of the parameters; ``check`` and the JSON Schema both apply it.

    Exactly one of `requires`, `requires_one_of` and `forbids`.
    """

    when: tuple[Id, ...] = Field(min_length=1)
    """The stances the rule applies to."""
    requires: tuple[Id, ...] = ()
    """Parameters these stances need."""
    requires_one_of: tuple[Id, ...] = ()
    """Parameters of which these stances need at least one."""
    forbids: tuple[Id, ...] = ()
    """Parameters these stances take no value for (a switch: not on; a list: no items)."""
    message: str = Field(min_length=1)
    """The error when the rule is broken; `{stance}` is replaced by the stance."""

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if sum(bool(names) for names in self.parameters()) != 1:
            raise ValueError("give exactly one of `requires`, `requires_one_of` and `forbids`")
        return self

    def parameters(self) -> tuple[tuple[Id, ...], ...]:
        """The names the rule is about, by kind: requires, requires_one_of, forbids."""
        return (self.requires, self.requires_one_of, self.forbids)


class CoherenceRule(_Definition):
    """A link to values: stances that contradict a declared value (``ethos check`` warns)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{0,63}$")
    """Named at the end of the warning, e.g. ``[transparency-data-opt-out]``."""
    values: tuple[Id, ...] = Field(min_length=1)
    """The rule applies when the file chooses any of these values."""
    stances: tuple[Id, ...] = Field(min_length=1)
    """Stances that contradict them; `not_stated` matches the policy left out."""
    message: str = Field(min_length=1)
    """What contradicts what (the value's and the policy's lines are added)."""
    hint: str = Field(min_length=1)
    """What to do about it."""


class PolicyDefinition(_Definition):
    """One policy: ``templates/policies/<id>.yaml``."""

    id: Id
    """The key under ``policies:`` in a values file; the file's name."""
    meaning: str = Field(min_length=1)
    """One line on what the policy is about; the JSON Schema's description of it."""
    group: Id
    """The chapter section that states it: `policies` ("Our policies") or a section of its own."""
    order: int = Field(gt=0)
    """Where it comes among all policies: in the chapter, reports and ``ethos catalog``."""
    favours: Literal["customers", "employees", "public"]
    """To whom the stances are ordered from most to least favourable."""
    stance_description: str = Field(min_length=1)
    """What each stance means, in a line or two; editors show it for ``stance``."""
    stances: dict[Id, Stance] = Field(min_length=2)
    """The stance scale, from the most to the least favourable."""
    parameters: dict[Id, Parameter] = {}
    """What stances may carry besides their name, in the order values files write them."""
    rules: tuple[StanceRule, ...] = ()
    """Parameters some stances need or refuse."""
    coherence: tuple[CoherenceRule, ...] = ()
    """Declared values that some stances contradict."""
    schema_name: SchemaName | None = None
    """The policy's name in the JSON Schema; the id in CamelCase when left out."""
    stance_schema_name: SchemaName | None = None
    """The stance scale's name in the JSON Schema; `<schema_name>Stance` when left out."""

    @model_validator(mode="after")
    def _names_are_known(self) -> Self:
        reserved = RESERVED_PARAMETERS & set(self.parameters)
        if reserved:
            raise ValueError(f"`{'`, `'.join(sorted(reserved))}` is not a parameter's name")
        if NOT_STATED in self.stances:
            raise ValueError(f"`{NOT_STATED}` is not a stance: it means the policy is left out")
        for stance, entry in self.stances.items():
            self._known(entry.slots, self.parameters, f"stances.{stance}.slots")
        for name, parameter in self.parameters.items():
            if parameter.amount_in is None:
                continue
            if parameter.type not in ("integer", "number") or parameter.unit is not None:
                raise ValueError(f"{name}: only an integer or number without a unit is an amount")
            currency = self.parameters.get(parameter.amount_in)
            if currency is None or currency.type != "choice":
                raise ValueError(f"{name}: `amount_in` names no choice parameter of the policy")
        for index, rule in enumerate(self.rules):
            self._known(rule.when, self.stances, f"rules[{index}].when")
            for names in rule.parameters():
                self._known(names, self.parameters, f"rules[{index}]")
            for name in rule.requires:
                if self.parameters[name].type in ("list", "switch"):
                    raise ValueError(f"rules[{index}]: a list or switch is never missing: {name}")
        for link in self.coherence:
            self._known(link.stances, [*self.stances, NOT_STATED], f"coherence {link.id}")
        return self

    @staticmethod
    def _known(names: tuple[str, ...], known: Collection[str], where: str) -> None:
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"{where} names what the policy does not have: {', '.join(unknown)}")

    @property
    def model_name(self) -> str:
        """The name of its validation model (and in the JSON Schema)."""
        return self.schema_name or camel_case(self.id)

    @property
    def stance_model_name(self) -> str:
        """The name of its stance scale (and in the JSON Schema)."""
        return self.stance_schema_name or f"{self.model_name}Stance"


def camel_case(name: str) -> str:
    """``customer_data`` → ``CustomerData``: the JSON Schema's names for ids."""
    return "".join(part.capitalize() for part in name.split("_"))


def read_definitions(directory: Path) -> tuple[PolicyDefinition, ...]:
    """Every ``<id>.yaml`` in ``directory``, validated, in their `order`.

    Raises:
        TemplateError: a file is not valid YAML or not a valid definition, or two
            definitions take the same `order`.
    """
    definitions = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            with path.open(encoding="utf-8") as stream:
                data = yaml.load(stream, Loader=yaml.CSafeLoader)  # as the catalog: parsed in C
        except yaml.YAMLError as error:
            raise TemplateError(str(path), None, f"not valid YAML: {error}") from None
        if not isinstance(data, dict):
            raise TemplateError(str(path), None, "a policy definition is a mapping")
        if "id" in data:
            raise TemplateError(str(path), None, "a policy's id is its file's name: remove `id`")
        try:
            definitions.append(PolicyDefinition.model_validate({"id": path.stem, **data}))
        except ValidationError as error:
            raise TemplateError(
                str(path), None, f"policy definition is malformed: {error}"
            ) from None
    definitions.sort(key=lambda definition: definition.order)
    orders = [definition.order for definition in definitions]
    if len(set(orders)) != len(orders):
        taken = sorted({order for order in orders if orders.count(order) > 1})
        raise TemplateError(str(directory), None, f"two policies take the same order: {taken}")
    return tuple(definitions)
