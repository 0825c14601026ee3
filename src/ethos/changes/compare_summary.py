"""The first page of a comparison: where each company is the most favourable and where
they all agree, by group of policies, as text and as a chart.

The chart is an SVG dot chart ethos draws itself: one line per policy on which the
companies differ, each company a lettered dot at its stance's place on the policy's scale,
the most favourable on the left. It has a title and a description (the same summary in
words), so a screen reader gets what the picture shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..values.policies import policy_definitions
from ..values.policy_definition import POLICIES_GROUP
from ..wording.localization import isolate, wording
from .compare import Comparison, Row
from .positions import list_separator

GROUPS = {
    "policies": "Our policies",
    "conduct": "Conduct at work",
    "training": "Training",
    "people": "How we treat our people",
    "concern": "Raising a concern",
}
"""The groups of the definitions, titled as the chapter's sections are."""
COLOURS = ("#1f5f8b", "#b5541c", "#2e7d32", "#7b3f99", "#8a6d00", "#5c5c5c")
SCALE = 300
FIGURE = "ETHOS-FIGURE-COMPARISON-CHART"
"""Stands in the report's Markdown where the HTML and PDF show the chart."""
END = "ETHOS-END-OF-SUMMARY"
"""Stands where the summary ends: the HTML and PDF start the full matrix on a new page."""


def figures(comparison: Comparison) -> dict[str, str]:
    """What the stand-ins become in the HTML and PDF."""
    # The two stand-ins open and close the summary's box within its section.
    return {
        FIGURE: f'<div class="at-a-glance">{chart_svg(comparison)}',
        END: '</div><div class="end-of-summary"></div>',
    }


@dataclass(frozen=True)
class GroupSummary:
    """One group of policies: where each company is the most favourable, where all agree."""

    title: str
    leading: list[tuple[str, list[str]]]
    """(company, titles of the policies on which it is the most favourable)."""
    same: list[str]
    """Titles of the policies every company states the same way."""
    alone: list[tuple[str, list[str]]]
    """(company, titles of the policies only it states)."""


def _group(row: Row) -> str:
    definitions = policy_definitions()
    return definitions[row.key].group if row.key in definitions else POLICIES_GROUP


def summary_groups(comparison: Comparison) -> list[GroupSummary]:
    """The text of the first page, one entry per group of policies that has any."""
    text = wording(comparison.language)
    found = []
    policies = [row for row in comparison.rows if row.kind == "policy"]
    for group, title in GROUPS.items():
        rows = [row for row in policies if _group(row) == group]
        if not rows:
            continue
        leading = [
            (company, [row.title for row in rows if company in row.data.get("more_favourable", [])])
            for company in comparison.companies
        ]
        same = [row.title for row in rows if not row.differs]
        alone = [
            (company, [row.title for row in rows if _stated_by(row) == [index]])
            for index, company in enumerate(comparison.companies)
        ]
        if any(titles for _, titles in leading) or same or any(titles for _, titles in alone):
            found.append(GroupSummary(text.gettext(title), leading, same, alone))
    return found


def _stated_by(row: Row) -> list[int]:
    """The indexes of the companies that state the policy of ``row``."""
    return [index for index, position in enumerate(row.data.get("positions", [])) if position]


def summary_markdown(comparison: Comparison) -> str:
    """The first page as Markdown: a heading, then per group a list."""
    text = wording(comparison.language)
    separator = list_separator(text)
    # Translators: the heading of a comparison's first page.
    heading = text.gettext("At a glance")
    lines = [f"## {heading}", "", FIGURE, ""]
    for group in summary_groups(comparison):
        lines += [f"### {group.title}", ""]
        patterns = (
            (group.leading, text.gettext("Where %(company)s is the most favourable: %(policies)s")),
            (group.alone, text.gettext("Stated only by %(company)s: %(policies)s")),
        )
        for listed, pattern in patterns:
            lines += [
                "- " + pattern % {"company": f"**{isolate(company, comparison.language)}**",
                                  "policies": separator.join(titles)}
                for company, titles in listed
                if titles
            ]  # fmt: skip
        if group.same:
            lines.append(
                "- " + text.gettext("The same for all: %(policies)s")
                % {"policies": separator.join(group.same)}
            )  # fmt: skip
        lines.append("")
    return "\n".join([*lines, END, ""])


def chart_svg(comparison: Comparison) -> str:
    """The dot chart of the policies that differ: an HTML table whose rows name the
    policy in text (laid out in the report's direction) and draw each company's place on
    its scale in a small SVG, most favourable on the left, with a text alternative."""
    text = wording(comparison.language)
    letters = [chr(ord("A") + index) for index in range(len(comparison.companies))]
    rows = [
        row for row in comparison.rows
        if row.kind == "policy" and row.differs and len(_stated_by(row)) >= 2
    ]  # fmt: skip
    caption = text.gettext(
        "Positions on each policy that differs, from the most favourable (left) to the "
        "least favourable (right)"
    )
    # Translators: the two ends of the comparison chart's scale.
    most, least = text.gettext("Most favourable"), text.gettext("Least favourable")
    legend = "".join(
        f'<span class="chart-company">{_dot(letter, index)} {escape(company)}</span>'
        for index, (letter, company) in enumerate(zip(letters, comparison.companies, strict=True))
    )
    body = "".join(
        f'<tr><th scope="row">{escape(row.title)}</th><td class="chart-scale">'
        f"{_row_svg(row, letters, comparison)}</td></tr>"
        for row in rows
    )
    return (
        f'<figure class="chart"><figcaption>{escape(caption)}</figcaption>'
        f'<p class="chart-legend">{legend}</p>'
        f'<table class="chart"><thead><tr><th scope="col">{escape(text.gettext("Policy"))}</th>'
        f'<th scope="col" class="chart-scale"><div class="chart-ends"><span>{escape(most)}</span>'
        f"<span>{escape(least)}</span></div></th></tr></thead><tbody>{body}</tbody></table></figure>"
    )


def _dot(letter: str, index: int, x: float = 7, y: float = 7) -> str:
    colour = COLOURS[index % len(COLOURS)]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-dot" aria-hidden="true" '
        f'width="14" height="14" viewBox="0 0 14 14">{_circle(letter, colour, x, y)}</svg>'
    )


def _circle(letter: str, colour: str, x: float, y: float) -> str:
    return (
        f'<circle cx="{x:.1f}" cy="{y}" r="6" fill="{colour}"/>'
        f'<text x="{x:.1f}" y="{y + 3.2}" font-size="9" font-family="sans-serif" '
        f'fill="#fff" text-anchor="middle">{letter}</text>'
    )


def _row_svg(row: Row, letters: list[str], comparison: Comparison) -> str:
    """One policy's scale: a line, and each company's lettered dot at its stance."""
    steps = max(len(_scale(row)) - 1, 1)
    parts = [f'<line x1="8" y1="7" x2="{SCALE - 8}" y2="7" stroke="#bbb"/>']
    placed: dict[float, int] = {}
    for index, position in enumerate(row.data["positions"]):
        if position is None:
            continue
        x = 8 + (SCALE - 16) * position["rank"] / steps
        offset = placed.get(x, 0)
        placed[x] = offset + 1
        shifted = x + offset * 13 * (1 if x < SCALE / 2 else -1)
        parts.append(_circle(letters[index], COLOURS[index % len(COLOURS)], shifted, 7))
    label = escape(_described(row, comparison), {'"': "&quot;"})
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" '
        f'width="{SCALE}" height="14" viewBox="0 0 {SCALE} 14">{"".join(parts)}</svg>'
    )


def _scale(row: Row) -> tuple[str, ...]:
    definitions = policy_definitions()
    if row.key in definitions:
        return tuple(definitions[row.key].stances)
    ranks = [p["rank"] for p in row.data["positions"] if p]
    return tuple(str(rank) for rank in range(max(ranks) + 1))


def _described(row: Row, comparison: Comparison) -> str:
    """``Acme Outfitters: Unconditional returns; Brightline ...``: one row in words."""
    return "; ".join(
        f"{company}: {position['label']}"
        for company, position in zip(comparison.companies, row.data["positions"], strict=True)
        if position
    )
