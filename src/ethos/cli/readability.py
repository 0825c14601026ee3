"""The readability table ``ethos check --readability`` prints: sections by languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .common import out

if TYPE_CHECKING:
    from ..publish.readability import Readability
    from ..wording.readability import Figure


def print_readability(report: Readability) -> None:
    """One table per values file, 80 columns wide: a row per section (titled in the
    first language), a column per language, each cell the language's measures, marked
    ✗ where one misses its target; then what each column measures."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ..wording.localization import typesetting

    languages = list(report.sections)
    table = Table(title=f"Readability: {report.company}", box=box.SIMPLE, title_justify="left")
    table.add_column("Section", overflow="ellipsis", no_wrap=True, max_width=26)
    for language in languages:
        table.add_column(language, justify="right", no_wrap=True)
    rows = zip(*(report.sections[language] for language in languages), strict=True)
    for scores in rows:
        cells = [Text(scores[0].title)]
        for score in scores:
            missed = not score.met
            shown = " ".join(_shown(figure) for figure in score.figures) + (" ✗" if missed else "")
            cells.append(Text(shown, style="bold red" if missed else ""))
        table.add_row(*cells)
    out.print(table)
    setups = typesetting()
    for language in languages:
        targets = ", ".join(target.describe() for target in setups[language].readability)
        out.print(f"  {language}: {targets}", markup=False)


def _shown(figure: Figure) -> str:
    measure = figure.target.measure
    if measure == "uncommon_characters":
        return f"{figure.value:.0f}%"
    if measure in ("gulpease", "characters_per_sentence"):
        return f"{figure.value:.0f}"
    return f"{figure.value:.1f}"
