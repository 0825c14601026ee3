"""Policy definitions → the pydantic models that validate ``policies.<id>`` in a values file.

Each definition (:mod:`ethos.values.policy_definition`) becomes a model made with pydantic's
``create_model``: its stance scale an :class:`~ethos.values.fields.Ordered` enum, its
parameters typed fields, its rules one validator and, written as JSON Schema, the
``if``/``then`` an editor applies. Everything comes from the definition; so a definition
of the company's own can become a model the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import ConfigDict, Field, create_model, model_validator

from .fields import JsonSchema, Ordered, Switch, number, stated, when, whole_number
from .policy import Policy
from .policy_definition import Parameter, PolicyDefinition, StanceRule, camel_case
from .text_fields import LocalShortText

Vocabularies = dict[str, type[Ordered]]
"""The enums made so far, by name: a vocabulary two policies share is one enum."""


def policy_model(
    definition: PolicyDefinition, vocabularies: Vocabularies, module: str
) -> type[Policy]:
    """The model of ``definition``, named as the JSON Schema names it, living in ``module``."""
    scale = _enum(definition.stance_model_name, definition.stances, vocabularies, module)
    fields: dict[str, Any] = {
        "stance": (scale, Field(description=definition.stance_description)),
    }
    for name, parameter in definition.parameters.items():
        fields[name] = _field(parameter, vocabularies, module)
    checks = {"_stance_rules": _rules_validator(definition)} if definition.rules else {}
    model: type[Policy] = create_model(
        definition.model_name,
        __base__=Policy,
        __doc__=definition.meaning,
        __module__=module,
        __validators__=checks,
        **fields,
    )
    if definition.rules:
        # Set after creation: create_model takes no config beside a base.
        model.model_config = ConfigDict(
            **model.model_config, json_schema_extra=rules_schema(definition)
        )
    return model


def _enum(name: str, members: Iterable[str], vocabularies: Vocabularies, module: str) -> Any:
    values = list(members)
    if name not in vocabularies:
        # The functional API, which mypy reads as a lookup of a member.
        made: type[Ordered] = Ordered(  # type: ignore[call-arg, assignment]
            name, [(value.upper(), value) for value in values], module=module
        )
        made.__doc__ = None  # the functional API's default docstring would be a description
        vocabularies[name] = made
    elif [member.value for member in vocabularies[name]] != values:
        raise ValueError(f"vocabulary {name} is defined twice, with different members")
    return vocabularies[name]


def _field(parameter: Parameter, vocabularies: Vocabularies, module: str) -> tuple[Any, Any]:
    """A parameter's annotation and its ``Field`` (default and description)."""
    annotation: Any
    if parameter.type == "switch":
        return (Switch, Field(False, description=parameter.description))
    if parameter.type == "list":
        item: Any = LocalShortText
        if parameter.vocabulary is not None:
            item = _vocabulary(parameter, vocabularies, module)
        annotation = list[item]
        if parameter.at_least is not None:
            annotation = Annotated[annotation, Field(min_length=parameter.at_least)]
        if parameter.required:
            return (annotation, Field(description=parameter.description))
        return (annotation, Field([], description=parameter.description))
    if parameter.type == "choice":
        annotation = _vocabulary(parameter, vocabularies, module)
    elif parameter.type == "text":
        annotation = LocalShortText
    else:
        bounds = parameter.range
        assert bounds is not None  # the definition requires one for numbers
        numeric = whole_number if parameter.type == "integer" else number
        annotation = numeric(gt=bounds.above, ge=bounds.at_least, le=bounds.at_most)
    if parameter.required:
        return (annotation, Field(description=parameter.description))
    return (annotation | None, Field(None, description=parameter.description))


def _vocabulary(parameter: Parameter, vocabularies: Vocabularies, module: str) -> Any:
    assert parameter.vocabulary is not None  # the definition requires one for choices
    return _enum(camel_case(parameter.vocabulary), parameter.choices, vocabularies, module)


def rules_schema(definition: PolicyDefinition) -> JsonSchema:
    """The definition's rules as JSON Schema: one ``if``/``then``, or ``allOf`` several."""
    conditions = [
        when("stance", rule.when, _rule_schema(rule, definition)) for rule in definition.rules
    ]
    return conditions[0] if len(conditions) == 1 else {"allOf": conditions}


def _rule_schema(rule: StanceRule, definition: PolicyDefinition) -> JsonSchema:
    if rule.requires:
        return stated(*rule.requires)
    if rule.requires_one_of:
        return {"anyOf": [stated(name) for name in rule.requires_one_of]}
    return {
        "properties": {name: _absent_schema(definition.parameters[name]) for name in rule.forbids}
    }


def _absent_schema(parameter: Parameter) -> JsonSchema:
    """Schema: the parameter has no value (a switch is off, a list is empty)."""
    if parameter.type == "switch":
        return {"const": False}
    if parameter.type == "list":
        return {"type": "array", "maxItems": 0}
    return {"type": "null"}


def _rules_validator(definition: PolicyDefinition) -> Any:
    """A validator raising the message of the first rule the stated policy breaks."""
    checks: list[tuple[StanceRule, Callable[[Policy], bool]]] = [
        (rule, _broken(rule)) for rule in definition.rules
    ]

    def check_rules(policy: Policy) -> Policy:
        stance = str(policy.stance)  # type: ignore[attr-defined]  # every policy model has one
        for rule, broken in checks:
            if stance in rule.when and broken(policy):
                raise ValueError(rule.message.replace("{stance}", stance))
        return policy

    return model_validator(mode="after")(check_rules)


def _broken(rule: StanceRule) -> Callable[[Policy], bool]:
    if rule.requires:
        return lambda policy: any(getattr(policy, name) is None for name in rule.requires)
    if rule.requires_one_of:
        return lambda policy: all(getattr(policy, name) is None for name in rule.requires_one_of)
    return lambda policy: any(_given(getattr(policy, name)) for name in rule.forbids)


def _given(value: object) -> bool:
    """A number or a choice, a list with an item, a switch that is on."""
    return value is not None and value is not False and value != []
