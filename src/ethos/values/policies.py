"""The built-in policies: one model per definition in ``templates/policies/``, and
:class:`Policies`, the ``policies:`` mapping of a values file.

Every policy is data (:mod:`ethos.values.policy_definition`); this module reads the
built-in definitions when it is imported and makes the models
(:mod:`ethos.values.policy_models`). They are the schema of a values file, which does not
change under a running ethos, so they are made once per process; each is also an
attribute of this module (``Returns``, ``ReturnsStance``, ``Characteristic`` ...), where
pickle finds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from pydantic import create_model

from ..resources import builtin_templates_dir
from .fields import Model
from .policy import Policy
from .policy_definition import PolicyDefinition, read_definitions
from .policy_models import Vocabularies, policy_model

POLICIES_FOLDER = "policies"
"""The built-in definitions: ``templates/policies/<id>.yaml``."""


class PolicySet(Model):
    """What every ``policies:`` model can do besides holding the policies."""

    def stated(self) -> dict[str, Policy]:
        """The policies the file states, in the definitions' order."""
        return {name: policy for name in type(self).model_fields if (policy := getattr(self, name))}


_BUILTIN_TEMPLATES = builtin_templates_dir()
BUILTIN_DEFINITIONS: tuple[PolicyDefinition, ...] = read_definitions(
    _BUILTIN_TEMPLATES / POLICIES_FOLDER
)
"""Every built-in policy's definition, in their order."""


def _models(
    definitions: tuple[PolicyDefinition, ...],
) -> tuple[dict[str, type[Policy]], Vocabularies]:
    vocabularies: Vocabularies = {}
    models = {
        definition.id: policy_model(definition, vocabularies, __name__)
        for definition in definitions
    }
    return models, vocabularies


POLICY_MODELS, VOCABULARIES = _models(BUILTIN_DEFINITIONS)
"""The model of each policy, by id; every enum (stance scales, vocabularies), by name."""
globals().update({model.__name__: model for model in POLICY_MODELS.values()})
globals().update(VOCABULARIES)

if TYPE_CHECKING:

    class Policies(PolicySet):
        """The company's stances (for mypy; at run time made from the definitions)."""

else:
    Policies = create_model(
        "Policies",
        __base__=PolicySet,
        __doc__="The company's stances. Every policy is optional; one not stated is left out.",
        __module__=__name__,
        **{key: (model | None, None) for key, model in POLICY_MODELS.items()},
    )


_BY_ID = MappingProxyType({definition.id: definition for definition in BUILTIN_DEFINITIONS})


def policy_definitions() -> Mapping[str, PolicyDefinition]:
    """Every policy's definition, by id, in their order."""
    return _BY_ID


def definitions_in(templates: Path) -> tuple[PolicyDefinition, ...]:
    """The definitions of a built-in templates directory: those the models were made from
    when it is ethos's own, read afresh when it is another (a test's edited copy)."""
    if templates == _BUILTIN_TEMPLATES:
        return BUILTIN_DEFINITIONS
    return read_definitions(templates / POLICIES_FOLDER)
