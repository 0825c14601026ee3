"""What ``ethos catalog`` lists: the values and every policy's stances, in order; and one
value's or policy's built-in wording, to start an override from."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..errors import UnreadableInputError
from ..wording.catalog import fingerprint, load_catalog
from ..wording.localization import SOURCE_LANGUAGE
from .policies import policy_definitions


@dataclass(frozen=True)
class CatalogRow:
    """One line of the catalog listing."""

    kind: str  # "value", "policy" or "stance"
    id: str
    title: str
    summary: str
    rank: int | None = None


def catalog_rows(language: str = "en") -> list[CatalogRow]:
    """Values, then each policy followed by its stances from most to least favourable."""
    catalog = load_catalog(language)
    rows = [
        CatalogRow("value", key, value.title, value.summary)
        for key, value in catalog.values.items()
    ]
    for key, definition in policy_definitions().items():
        area = catalog.policies[key]
        rows.append(CatalogRow("policy", key, area.title, area.summary))
        rows.extend(
            CatalogRow(
                "stance", stance, area.stances[stance].label, area.stances[stance].summary, rank
            )
            for rank, stance in enumerate(definition.stances)
        )
    return rows


def builtin_wording(kind: str, key: str, language: str = "en") -> str:
    """The built-in wording of a value or of each stance of a policy, as a YAML starting point
    for an override, each with the ``source`` fingerprint of its English wording.

    ``{{ ... }}`` in it are ethos's placeholders: an override is company text, where the
    company writes the figures itself.

    Raises:
        UnreadableInputError: ``key`` names no built-in value or policy.
    """
    english, shown = load_catalog(SOURCE_LANGUAGE), load_catalog(language)
    if kind == "value":
        if key not in english.values:
            raise UnreadableInputError(key, "no built-in value has this id (see `ethos catalog`)")
        value = shown.values[key]
        entry = {
            "id": key,
            "source": fingerprint(english.values[key]),
            "title": value.title,
            "statement": value.statement,
        }
        return _yaml({"values": [entry]})
    if key not in english.policies:
        raise UnreadableInputError(key, "no built-in policy has this id (see `ethos catalog`)")
    stances = {
        stance: {
            "stance": stance,
            "wording": {
                "source": fingerprint(english.policies[key].stances[stance]),
                "label": wording.label,
                "text": wording.text,
                "conduct": wording.conduct,
            },
        }
        for stance, wording in shown.policies[key].stances.items()
    }
    return "\n".join(
        f"# {key}: {stance}\n" + _yaml({"policies": {key: stated}})
        for stance, stated in stances.items()
    )


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)
