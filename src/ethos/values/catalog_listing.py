"""What ``ethos catalog`` lists: the values and every policy's stances, in order."""

from __future__ import annotations

from dataclasses import dataclass

from ..wording.catalog import load_catalog
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
