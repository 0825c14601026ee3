"""What ``ethos catalog`` lists: the values and every policy's stances, in order."""

from __future__ import annotations

from dataclasses import dataclass

from ..wording.catalog import load_catalog
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
