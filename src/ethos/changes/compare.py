"""Compare companies stance by stance: a matrix of declared positions, not of words.

One row per value and per policy (and per parameter that differs), one column per
company. A policy a company does not state is shown as "not stated", never dropped.
Where companies take different stances on an ordered scale, the row names which one is
more favourable, and to whom. Everything is worded in the comparison's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..chapter.markdown_text import MarkdownSafe
from ..system.write import slugify
from ..values.loading import load
from ..wording.catalog import load_catalog
from ..wording.localization import SOURCE_LANGUAGE, isolate, wording
from .favour import (
    Text,
    audience,
    leaders,
    parameter_direction,
    parameter_favourable,
    stance_direction,
)
from .positions import PolicyPosition, Positions, policy_keys, positions
from .reports import ReportFiles, render_markdown, write_report

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
    data: dict[str, Any] = field(default_factory=dict)
    """The row for other tools: ids, each company's position and the direction as data."""


@dataclass(frozen=True)
class Comparison:
    """The matrix, with counts for the summary line."""

    companies: list[str]
    sources: list[str]
    rows: list[Row] = field(default_factory=list)
    language: str = SOURCE_LANGUAGE
    """The language of the rows' titles, cells and directions, and of the summary."""

    def count(self, kind: str) -> tuple[int, int]:
        """(differing, total) rows of a kind."""
        rows = [row for row in self.rows if row.kind == kind]
        return sum(row.differs for row in rows), len(rows)

    def pairs(self) -> list[tuple[str, int, int]]:
        """For each company after the first: (company, policies, values) on which it
        differs from the first, the company the comparison is read for."""
        policies = [row for row in self.rows if row.kind == "policy"]
        values = [row for row in self.rows if row.kind == "value"]
        return [
            (
                company,
                sum(row.cells[0] != row.cells[index] for row in policies),
                sum(row.cells[0] != row.cells[index] for row in values),
            )
            for index, company in enumerate(self.companies[1:], start=1)
        ]

    @property
    def title(self) -> str:
        """``Stance comparison: Acme Outfitters · Brightline Electronics``."""
        return wording(self.language).gettext("Stance comparison: %(companies)s") % {
            "companies": " · ".join(isolate(name, self.language) for name in self.companies)
        }

    @property
    def summary(self) -> str:
        """``5 of 18 policies differ; 4 of 15 values differ.``, and with three companies
        or more, how each differs from the first: ``Against Acme Outfitters: Brightline
        Electronics differs on 12 policies and 5 values; Halden Casa Italia on 7 and 3.``"""
        text = wording(self.language)
        (policies, all_policies), (values, all_values) = self.count("policy"), self.count("value")
        overall = self._overall(text, policies, all_policies, values, all_values)
        if len(self.companies) < 3:
            return overall
        pairs = [
            text.gettext("%(company)s differs on %(policies)d of %(all)d policies and "
                         "%(values)d values")
            % {"company": isolate(company, self.language), "policies": differing,
               "all": all_policies, "values": differing_values}
            for company, differing, differing_values in self.pairs()
        ]  # fmt: skip
        against = text.gettext("Against %(company)s: %(pairs)s.") % {
            "company": isolate(self.companies[0], self.language),
            "pairs": text.gettext("; ").join(pairs),
        }
        # Translators: one sentence after another (no space between them in Chinese).
        return text.gettext("%(text)s %(sentence)s") % {"text": overall, "sentence": against}

    def _overall(
        self, text: Text, policies: int, all_policies: int, values: int, all_values: int
    ) -> str:
        return text.gettext("%(policies)s; %(values)s.") % {
            "policies": text.ngettext(
                "%(num)d of %(total)d policies differ", "%(num)d of %(total)d policies differ",
                policies,
            ) % {"num": policies, "total": all_policies},
            "values": text.ngettext(
                "%(num)d of %(total)d values differ", "%(num)d of %(total)d values differ", values
            ) % {"num": values, "total": all_values},
        }  # fmt: skip

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
                "against_first": [
                    {"company": company, "policies_differ": differing, "values_differ": other}
                    for company, differing, other in self.pairs()
                ],
                "text": self.summary,
            },
            "language": self.language,
            "rows": [_row_json(row) for row in self.shown(only_differences)],
        }


def _row_json(row: Row) -> dict[str, Any]:
    fields = asdict(row)
    data = fields.pop("data")
    return {**fields, **data}


@dataclass(frozen=True)
class ComparisonReport:
    """What ``ethos compare`` makes: the comparison in each language, and its files."""

    comparisons: list[Comparison]
    """One per language asked for, in that order."""
    written: list[Path]
    """The report files written, language by language."""


def compare_companies(
    paths: Sequence[Path],
    *,
    languages: Sequence[str] | None = None,
    only_differences: bool = False,
    reports: ReportFiles | None = None,
) -> ComparisonReport:
    """Compare the values files at ``paths`` in each of ``languages`` (default: English),
    and write a report per language and format of ``reports`` as
    ``OUT/compare/<company>--<company>.<language>.<fmt>``.

    ``only_differences`` leaves the rows that do not differ out of the reports.
    """
    comparisons = [compare(paths, language) for language in languages or [SOURCE_LANGUAGE]]
    written: list[Path] = []
    if reports is not None and reports.formats:
        from .compare_summary import END, FIGURE, figures

        for comparison in comparisons:
            markdown = compare_markdown(comparison, only_differences=only_differences)
            written += write_report(
                markdown,
                reports,
                title=comparison.title,
                language=comparison.language,
                folder="compare",
                stem=report_stem(comparison),
                landscape=len(comparison.companies) > 3,
                # The Markdown file has the summary in words; HTML and PDF the chart too.
                plain=markdown.replace(f"\n{FIGURE}\n", "\n").replace(f"\n{END}\n", "\n"),
                figures=figures(comparison),
            )
    return ComparisonReport(comparisons, written)


def compare(paths: Sequence[Path], language: str = SOURCE_LANGUAGE) -> Comparison:
    """Compare the declared positions of two or more values files, worded in ``language``."""
    declared = [positions(load(path), language) for path in paths]
    comparison = Comparison(
        [p.company for p in declared], [str(path) for path in paths], language=language
    )
    comparison.rows.extend(_value_rows(declared, language))
    for key in policy_keys(*declared):
        for same, suffix in _same_policies(key, declared):
            comparison.rows.extend(_policy_rows(key, same, declared, language, suffix))
    return comparison


def _same_policies(key: str, declared: list[Positions]) -> list[tuple[list[Any], str]]:
    """The positions on ``key`` that are one policy: one list, unless companies define an
    own policy of that id with different stance scales. Then each scale is a policy of
    its own, in a row titled with the companies that define it, the others "not stated"."""
    stated = [p.policies.get(key) for p in declared]
    scales = list(dict.fromkeys(_scale(position) for position in stated if position))
    if len(scales) <= 1:
        return [(stated, "")]
    return [
        (
            [position if position and _scale(position) == scale else None for position in stated],
            " ("
            + ", ".join(
                p.company
                for p, position in zip(declared, stated, strict=True)
                if position and _scale(position) == scale
            )
            + ")",
        )
        for scale in scales
    ]


def _scale(position: PolicyPosition) -> tuple[str, tuple[str, ...]]:
    """What makes two positions on one id comparable: the audience and the stance scale."""
    return (position.favours, position.scale)


def not_stated(language: str) -> str:
    """What a cell says for a policy a company does not state."""
    return wording(language).gettext("not stated")


def _value_rows(declared: list[Positions], language: str) -> list[Row]:
    """One row per value. A company's own value (not in the catalog) is matched by what
    it says: two companies' own values with one id but other words are two rows, each
    titled with the companies that hold it."""
    catalog_order = list(load_catalog(language).values)
    ids = [value for value in catalog_order if any(value in p.values for p in declared)]
    ids += list(dict.fromkeys(v for p in declared for v in p.values if v not in catalog_order))
    rows = []
    for value_id in ids:
        holders = [p for p in declared if value_id in p.values]
        if value_id in catalog_order:
            variants = {("", ""): holders}
        else:
            variants = {}
            for p in holders:
                said = (p.values[value_id].title, p.values[value_id].summary)
                variants.setdefault(said, []).append(p)
        for group in variants.values():
            first = group[0].values[value_id]
            title = first.title
            if len(variants) > 1:
                title += " (" + ", ".join(p.company for p in group) + ")"
            chosen = [any(p is holder for holder in group) for p in declared]
            cells = [CHOSEN if yes else NOT_CHOSEN for yes in chosen]
            data = {"id": value_id, "chosen": chosen}
            rows.append(
                Row("value", value_id, title, first.summary, cells, len(set(cells)) > 1, None, data)
            )
    return rows


def _policy_rows(
    key: str, stated: list[Any], declared: list[Positions], language: str, suffix: str
) -> list[Row]:
    first = next((position for position in stated if position), None)
    # A built-in policy nobody states still has its row, titled from the catalog.
    area = load_catalog(language).policies[key] if first is None else None
    title = area.title if area else first.title  # type: ignore[union-attr]
    meaning = area.summary if area else first.meaning  # type: ignore[union-attr]
    labels = list(area.parameters.values()) if area else list(first.parameters)  # type: ignore[union-attr]
    cells = [position.cell() if position else not_stated(language) for position in stated]
    differs = len(set(cells)) > 1
    favours = audience(key, first.favours if first is not None and first.own else None)
    ranked = [
        (position.rank, p.company) for p, position in zip(declared, stated, strict=True) if position
    ]
    data = {
        "id": key,
        "favours": favours,
        "positions": [
            {"stance": position.stance, "label": position.label, "rank": position.rank,
             "parameters": {
                 position.names[label]: {"value": position.values.get(position.names[label]),
                                         "text": value}
                 for label, value in position.parameters.items()
             }}
            if position else None
            for position in stated
        ],
        **leaders(ranked),
    }  # fmt: skip
    rows = [
        Row(
            "policy",
            key,
            title + suffix,
            meaning,
            cells,
            differs,
            stance_direction(key, declared, stated, language) if differs else None,
            data,
        )
    ]
    present = [position for position in stated if position]
    if len(present) >= 2:
        for label in labels:
            if len({position.parameters[label] for position in present}) > 1:
                shown = [_parameter_cell(position, label, language) for position in stated]
                name = present[0].names[label]
                direction = parameter_direction(key, label, declared, stated, language)
                ranked_values = [
                    (rank, p.company)
                    for p, position in zip(declared, stated, strict=True)
                    if position and (rank := position.ranks.get(label)) is not None
                ]
                data = {
                    "id": f"{key}.{name}",
                    "policy": key,
                    "parameter": name,
                    "favours": favours,
                    "favourable": parameter_favourable(key, name, first),
                    "values": [
                        {"value": position.values.get(name), "text": position.parameters[label]}
                        if position else None
                        for position in stated
                    ],
                    **leaders(ranked_values),
                }  # fmt: skip
                rows.append(
                    Row("parameter", f"{key}.{name}", label, "", shown, True, direction, data)
                )
    return rows


def _parameter_cell(position: PolicyPosition | None, label: str, language: str) -> str:
    if position is None:
        return not_stated(language)
    value = position.parameters[label]
    if label in position.switches:
        text = wording(language)
        return text.gettext("yes") if value else text.gettext("no")
    return value or NOT_CHOSEN


def compare_markdown(comparison: Comparison, *, only_differences: bool = False) -> str:
    """The comparison as a Markdown report in its language."""
    from .compare_summary import summary_markdown

    rows = comparison.shown(only_differences)
    return render_markdown(
        "reports/compare.md.j2",
        comparison.language,
        companies=comparison.companies,
        summary=comparison.summary,
        at_a_glance=MarkdownSafe(summary_markdown(comparison)),
        values=[row for row in rows if row.kind == "value"],
        policies=[row for row in rows if row.kind != "value"],
    )


def report_stem(comparison: Comparison) -> str:
    """``acme-outfitters--brightline-electronics``: the companies' slugs."""
    return "--".join(slugify(company) for company in comparison.companies)
