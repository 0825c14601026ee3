"""What ``ethos catalog`` lists: the values and every policy's stances, in order; and one
value's or policy's built-in wording, to start an override from."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..errors import UnreadableInputError
from ..wording.catalog import fingerprint, load_catalog
from ..wording.localization import SOURCE_LANGUAGE
from .local_text import in_language
from .model import ValuesFile
from .policies import policy_definitions


@dataclass(frozen=True)
class CatalogRow:
    """One line of the catalog listing."""

    kind: str  # "value", "policy" or "stance"
    id: str
    title: str
    summary: str
    rank: int | None = None


def catalog_rows(language: str = "en", values_file: ValuesFile | None = None) -> list[CatalogRow]:
    """Values, then each policy followed by its stances from most to least favourable.

    With ``values_file``, its own policies follow the built-in ones, in its words (in
    ``language`` when it publishes in it, otherwise in its own language).
    """
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
    if values_file is not None:
        rows.extend(_own_rows(values_file, language))
    return rows


def _own_rows(values_file: ValuesFile, language: str) -> list[CatalogRow]:
    written = language if language in values_file.document.languages() else None
    local = in_language(values_file, written or values_file.document.language.value)
    rows = []
    for key, policy in local.own_policies.items():
        rows.append(CatalogRow("policy", key, str(policy.title), str(policy.meaning)))
        rows.extend(
            CatalogRow("stance", stance, str(entry.label), str(entry.text), rank)
            for rank, (stance, entry) in enumerate(policy.stances.items())
        )
    return rows


def builtin_wording(kind: str, key: str, language: str = "en") -> str:
    """The built-in wording of a value or of each stance of a policy, as a YAML starting point
    for an override, each with the ``source`` fingerprint of its English wording.

    ``{{ ... }}`` in it are ethos's own template expressions: an override is company text,
    where the company writes the figures itself.

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
