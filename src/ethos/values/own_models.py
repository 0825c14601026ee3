"""The validation model of a values file that defines policies of its own.

The built-in :class:`~ethos.values.model.ValuesFile` is made once per process. A file
with ``own_policies`` (its own, or a group file's) gets a subclass whose ``policies:``
also takes those ids, each a model made from its definition exactly as a built-in one
(:func:`~ethos.values.policy_models.policy_model`). The subclasses are cached by the
definitions' content. They are not importable by name, so their instances do not
pickle: a batch build's workers load each file themselves (only paths and outcomes cross
the process boundary), and a template child is forked with its first context.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError, create_model

from ..errors import InvalidInputError, Problem
from .extends import load_document
from .load import LoadedDocument
from .model import ValuesFile
from .own_policy import OwnPolicy, as_definition, definition_problems
from .policies import Policies, policy_definitions
from .policy_definition import PolicyDefinition
from .policy_models import Vocabularies, policy_model
from .sources import Source
from .yaml_nodes import KeyPath

OWN_POLICIES = "own_policies"
_MODELS: dict[str, type[ValuesFile]] = {}


def own_definitions(
    data: dict[str, Any], document: LoadedDocument | None = None
) -> tuple[tuple[PolicyDefinition, ...], list[Problem], set[str]]:
    """The well-formed own policies of ``data``, as definitions, with the located problems
    of the others (when ``document`` is given) and the ids of those not usable.

    A policy whose shape pydantic refuses is left to the values file's validation, which
    reports it; the problems here are those only the whole definition shows.
    """
    written = data.get(OWN_POLICIES)
    if not isinstance(written, dict):
        return (), [], set()
    definitions: list[PolicyDefinition] = []
    problems: list[Problem] = []
    broken: set[str] = set()
    builtin = policy_definitions()
    for position, (key, raw) in enumerate(written.items()):
        path: KeyPath = (OWN_POLICIES, key)
        if key in builtin:
            broken.add(key)
            problems.extend(
                _located(
                    document,
                    path,
                    f"`{key}` is a built-in policy: state it under `policies:`, "
                    "or give your own policy another id",
                    key=True,
                )
            )
            continue
        try:
            policy = OwnPolicy.model_validate(raw)
        except ValidationError:
            broken.add(str(key))
            continue
        found = list(definition_problems(policy))
        for below, message in found:
            problems.extend(_located(document, (*path, *below), message))
        if found:
            broken.add(str(key))
            continue
        try:
            definition = as_definition(str(key), policy, position)
        except ValidationError as error:
            broken.add(str(key))
            message = "; ".join(
                detail["msg"].removeprefix("Value error, ") for detail in error.errors()
            )
            problems.extend(_located(document, path, message, key=True))
            continue
        definitions.append(definition)
    return tuple(definitions), problems, broken


def _located(
    document: LoadedDocument | None, path: KeyPath, message: str, *, key: bool = False
) -> Iterator[Problem]:
    if document is not None:
        yield document.problem(path, message, key=key)


def file_model(source: Source) -> type[ValuesFile]:
    """The model of the values file at ``source`` (merged with what it extends).

    Raises:
        InvalidInputError: the file cannot be read, or one of its own policies is not
            well defined.
    """
    document = load_document(source)
    definitions, problems, _ = own_definitions(document.data, document)
    if problems:
        raise InvalidInputError(problems)
    return values_model(definitions)


def values_model(definitions: tuple[PolicyDefinition, ...]) -> type[ValuesFile]:
    """``ValuesFile`` whose ``policies:`` also takes ``definitions`` (made once each)."""
    if not definitions:
        return ValuesFile
    content = json.dumps([definition.model_dump(mode="json") for definition in definitions])
    name = "ValuesFile" + hashlib.sha256(content.encode()).hexdigest()[:16]
    if name not in _MODELS:
        vocabularies: Vocabularies = {}
        models = {
            definition.id: policy_model(definition, vocabularies, __name__)
            for definition in definitions
        }
        fields: dict[str, Any] = {key: (model | None, None) for key, model in models.items()}
        policies: Any = create_model(
            f"Policies{name}", __base__=Policies, __module__=__name__, **fields
        )
        made: type[ValuesFile] = create_model(
            name, __base__=ValuesFile, __module__=__name__, policies=(policies, policies())
        )
        _MODELS[name] = made
    return _MODELS[name]
