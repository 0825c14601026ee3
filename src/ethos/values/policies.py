"""The built-in policies: one model per definition in ``templates/policies/``, and
:class:`Policies`, the ``policies:`` mapping of a values file.

Every policy is data (:mod:`ethos.values.policy_definition`); this module reads the
built-in definitions once, when ethos first needs a model, and makes the models
(:mod:`ethos.values.policy_models`). They are the schema of a values file, which does not
change under a running ethos, so they are made once per process; each is also an
attribute of this module (``Returns``, ``ReturnsStance``, ``Characteristic`` ...), where
pickle finds them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import create_model

from ..resources import builtin_templates_dir
from .fields import Model, Ordered
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


BUILTIN_DEFINITIONS: tuple[PolicyDefinition, ...] = read_definitions(
    builtin_templates_dir() / POLICIES_FOLDER
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
        """The company's stances (made from the definitions below)."""

else:
    Policies = create_model(
        "Policies",
        __base__=PolicySet,
        __doc__="The company's stances. Every policy is optional; one not stated is left out.",
        __module__=__name__,
        **{key: (model | None, None) for key, model in POLICY_MODELS.items()},
    )


def policy_definitions() -> dict[str, PolicyDefinition]:
    """Every policy's definition, by id, in their order."""
    return {definition.id: definition for definition in BUILTIN_DEFINITIONS}


def vocabulary(name: str) -> type[Ordered]:
    """The enum named ``name`` in the JSON Schema (``Characteristic``, ``ReturnsStance`` ...)."""
    return VOCABULARIES[name]


def __getattr__(name: str) -> Any:  # for mypy: the models above are made at import
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
