"""Compare companies stance by stance: a matrix of declared positions, not of words.

One row per value and per policy (and per parameter that differs), one column per
company. A policy a company does not state is shown as "not stated", never dropped.
Where companies take different stances on an ordered scale, the row names which one is
more favourable, and to whom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .build import load
from .catalog import load_catalog
from .localization import SOURCE_LANGUAGE
from .positions import FAVOURS, NOT_STATED, PolicyPosition, Positions, policy_keys, positions
from .reports import render_markdown
from .write import slugify

CHOSEN, NOT_CHOSEN = "✓", "—"


@dataclass(frozen=True)
class Row:
    """One line of the matrix."""

    kind: str
    """``value``, ``policy`` or ``parameter`` (a parameter of the policy above it)."""
    key: str
    title: str
    meaning: str
    cells: list[str]
    differs: bool
    direction: str | None = None
    """Who is more favourable, when stances on an ordered scale differ."""


@dataclass(frozen=True)
class Comparison:
    """The matrix, with counts for the summary line."""

    companies: list[str]
    sources: list[str]
    rows: list[Row] = field(default_factory=list)

    def count(self, kind: str) -> tuple[int, int]:
        """(differing, total) rows of a kind."""
        rows = [row for row in self.rows if row.kind == kind]
        return sum(row.differs for row in rows), len(rows)

    @property
    def summary(self) -> str:
        """``5 of 18 policies differ; 4 of 15 values differ.``"""
        policies, values = self.count("policy"), self.count("value")
        return (
            f"{policies[0]} of {policies[1]} policies differ; "
            f"{values[0]} of {values[1]} values differ."
        )

    def shown(self, only_differences: bool = False) -> list[Row]:
        """The rows to show: all, or those that differ (the summary always counts all)."""
        return [row for row in self.rows if row.differs or not only_differences]

    def as_json(self, only_differences: bool = False) -> dict[str, Any]:
        """Plain data for other tools."""
        policies, values = self.count("policy"), self.count("value")
        return {
            "companies": self.companies,
            "sources": self.sources,
            "summary": {
                "policies_differ": policies[0],
                "policies": policies[1],
                "values_differ": values[0],
                "values": values[1],
                "text": self.summary,
            },
            "rows": [asdict(row) for row in self.shown(only_differences)],
        }


def compare(paths: Sequence[Path]) -> Comparison:
    """Compare the declared positions of two or more values files."""
    declared = [positions(load(path)) for path in paths]
    comparison = Comparison([p.company for p in declared], [str(path) for path in paths])
    comparison.rows.extend(_value_rows(declared))
    for key in policy_keys():
        comparison.rows.extend(_policy_rows(key, declared))
    return comparison


def _value_rows(declared: list[Positions]) -> list[Row]:
    catalog_order = list(load_catalog(SOURCE_LANGUAGE).values)
    ids = [value for value in catalog_order if any(value in p.values for p in declared)]
    ids += list(dict.fromkeys(v for p in declared for v in p.values if v not in catalog_order))
    rows = []
    for value_id in ids:
        first = next(p.values[value_id] for p in declared if value_id in p.values)
        cells = [CHOSEN if value_id in p.values else NOT_CHOSEN for p in declared]
        rows.append(Row("value", value_id, first.title, first.summary, cells, len(set(cells)) > 1))
    return rows


def _policy_rows(key: str, declared: list[Positions]) -> list[Row]:
    stated = [p.policies.get(key) for p in declared]
    area = load_catalog(SOURCE_LANGUAGE).policies[key]
    cells = [position.cell() if position else NOT_STATED for position in stated]
    differs = len(set(cells)) > 1
    rows = [
        Row(
            "policy",
            key,
            area.title,
            area.summary,
            cells,
            differs,
            _direction(key, declared, stated) if differs else None,
        )
    ]
    present = [position for position in stated if position]
    if len(present) >= 2:
        for label in area.parameters.values():
            if len({position.parameters[label] for position in present}) > 1:
                shown = [_parameter_cell(position, label) for position in stated]
                rows.append(Row("parameter", f"{key}.{label}", label, "", shown, True))
    return rows


def _parameter_cell(position: PolicyPosition | None, label: str) -> str:
    if position is None:
        return NOT_STATED
    value = position.parameters[label]
    if label in position.switches:
        return "yes" if value else "no"
    return value or NOT_CHOSEN


def _direction(key: str, declared: list[Positions], stated: list[Any]) -> str | None:
    favours = FAVOURS.get(key, "customers")
    ranked = [
        (position.rank, p.company) for p, position in zip(declared, stated, strict=True) if position
    ]
    missing = [p.company for p, position in zip(declared, stated, strict=True) if not position]
    parts = []
    if len({rank for rank, _ in ranked}) > 1:
        best = min(rank for rank, _ in ranked)
        worst = max(rank for rank, _ in ranked)
        leaders = [company for rank, company in ranked if rank == best]
        if len(ranked) == 2:
            parts.append(f"{leaders[0]} is more favourable to {favours}")
        else:
            trailing = [company for rank, company in ranked if rank == worst]
            parts.append(
                f"most favourable to {favours}: {', '.join(leaders)}; least: {', '.join(trailing)}"
            )
    if missing:
        parts.append(f"not stated by {', '.join(missing)}")
    return "; ".join(parts) or None


def compare_markdown(comparison: Comparison, *, only_differences: bool = False) -> str:
    """The comparison as a Markdown report."""
    rows = comparison.shown(only_differences)
    return render_markdown(
        "reports/compare.md.j2",
        companies=comparison.companies,
        summary=comparison.summary,
        values=[row for row in rows if row.kind == "value"],
        policies=[row for row in rows if row.kind != "value"],
    )


def report_stem(comparison: Comparison) -> str:
    """``acme-outfitters--brightline-electronics``: the companies' slugs."""
    return "--".join(slugify(company) for company in comparison.companies)
