"""The report commands of ``ethos``: compare, diff and explain (:mod:`ethos.changes`).

They register on the same Typer app as the chapter commands (:mod:`ethos.cli.app`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..publish.options import DEFAULT_OUT_DIR
from .common import ReportDir, app, err, out, parse_choices, parse_languages, run, shown_path

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from ..changes.change_set import Diff
    from ..changes.compare import Comparison
    from ..changes.reports import ReportFiles


@app.command()
def compare(  # noqa: PLR0917 - typer maps each parameter to an option
    files: Annotated[list[Path], typer.Argument(help="Two or more values files.")],
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="Comma-separated: table, json (stdout); md, html, pdf (files)."
        ),
    ] = "table",
    only_differences: Annotated[
        bool, typer.Option("--only-differences", "-d", help="Show only the rows that differ.")
    ] = False,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="The table with one column per company (for a wide terminal)."),
    ] = False,
    peers: Annotated[
        Path | None,
        typer.Option(
            "--peers",
            help="A folder of values files: rank FILE's company against them, policy by policy.",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="With --peers: refuse a peer file that does not load.")
    ] = False,
    out_dir: ReportDir = DEFAULT_OUT_DIR,
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="Language(s) of the comparison (default: en)."),
    ] = None,
) -> None:
    """Compare companies stance by stance: values, policies and parameters side by side.

    Writes md/html/pdf reports to OUT/compare/<company>--<company>.<language>.<fmt>, one
    per language; the table and json are in the first language.

    With --peers DIR, ranks one company against every values file in DIR: for each
    policy, more favourable than how many of the peers that state it (table, json).

    Example: ethos compare values/acme.yaml values/brightline.yaml --only-differences
    """
    import json

    from ..changes.compare import compare_companies

    formats = parse_choices(format, ("table", "json", "md", "html", "pdf"), "--format")
    languages = parse_languages(lang)
    if peers is not None:
        from ..changes.peers import rank_against_peers
        from .peers import print_peers

        if len(files) != 1:
            raise typer.BadParameter("with --peers, give one values file", param_hint="FILES")
        language = (languages or ["en"])[0]
        print_peers(
            run(lambda: rank_against_peers(files[0], peers, language, strict=strict)),
            [fmt for fmt in formats if fmt in ("table", "json")],
        )
        return
    if len(files) < 2:
        raise typer.BadParameter("give at least two values files", param_hint="FILES")
    reports = _report_files(formats, out_dir)
    report = run(
        lambda: compare_companies(
            files, languages=languages, only_differences=only_differences, reports=reports
        )
    )
    first = report.comparisons[0]
    if "table" in formats:
        if wide:
            out.print(_comparison_table(first, only_differences))
        else:
            for part in _compact_comparison(first, only_differences):
                out.print(part, soft_wrap=False)
    if "json" in formats:
        sys.stdout.write(
            json.dumps(first.as_json(only_differences), indent=2, ensure_ascii=False) + "\n"
        )
    _print_written(report.written)


def _report_files(formats: Sequence[str], out_dir: Path) -> ReportFiles:
    """The md/html/pdf (and a diff's docx) files among ``formats`` (the others go to stdout)."""
    from ..changes.reports import REPORT_FORMATS, WORD, ReportFiles

    return ReportFiles(out_dir, tuple(fmt for fmt in formats if fmt in (*REPORT_FORMATS, WORD)))


def _print_written(paths: Sequence[Path]) -> None:
    for path in paths:
        err.print(f"wrote {shown_path(path)}", markup=False)


def _compact_comparison(comparison: Comparison, only_differences: bool) -> list[RenderableType]:
    """The comparison for an 80-column terminal: each company a letter; values as a
    grid of ✓ and —; each policy as a block, one line per company, then the direction."""
    from rich.table import Table
    from rich.text import Text

    from ..wording.localization import wording

    text = wording(comparison.language)
    letters = [chr(ord("A") + index) for index in range(len(comparison.companies))]
    parts: list[RenderableType] = [
        Text(text.gettext("Stance comparison"), style="bold"),
        *(
            Text(f"  {letter}  {company}")
            for letter, company in zip(letters, comparison.companies, strict=True)
        ),
        Text(comparison.summary, style="bold"),
    ]
    rows = comparison.shown(only_differences)
    values = [row for row in rows if row.kind == "value"]
    if values:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(overflow="fold")
        for _ in letters:
            grid.add_column(justify="center", width=1)
        grid.add_row(Text(text.gettext("Values"), style="bold underline"), *letters)
        for row in values:
            mark = "≠ " if row.differs else "  "
            grid.add_row(Text(mark + row.title, style="bold" if row.differs else ""), *row.cells)
        parts += [Text(""), grid]
    policies = [row for row in rows if row.kind != "value"]
    if policies:
        parts += [Text(""), Text(text.gettext("Policies"), style="bold underline")]
    for row in policies:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=5 if row.kind == "parameter" else 3, justify="right")
        grid.add_column(overflow="fold")
        if row.kind == "parameter":
            title = Text(f"  ↳ {row.title}", style="dim")
        else:
            title = Text(("≠ " if row.differs else "  ") + row.title,
                         style="bold" if row.differs else "")  # fmt: skip
        if row.kind == "policy" and not row.differs:
            # The same for everyone: one line says so.
            parts.append(title)
            grid.add_row(" ".join(letters), row.cells[0])
            parts.append(grid)
            continue
        parts.append(title)
        for letter, cell in zip(letters, row.cells, strict=True):
            grid.add_row(letter, cell)
        if row.direction:
            grid.add_row("→", Text(row.direction, style="yellow"))
        parts.append(grid)
    return parts


def _comparison_table(comparison: Comparison, only_differences: bool) -> Table:
    from rich.table import Table
    from rich.text import Text

    from ..wording.localization import wording

    text = wording(comparison.language)
    table = Table(title=text.gettext("Stance comparison"), caption=comparison.summary,
                  title_justify="left", caption_justify="left", show_lines=False)  # fmt: skip
    table.add_column("", min_width=24, max_width=42, overflow="fold")
    for company in comparison.companies:
        table.add_column(company, overflow="fold")
    table.add_column(text.gettext("Difference"), style="yellow")
    section = None
    for row in comparison.shown(only_differences):
        kind = text.gettext("Values") if row.kind == "value" else text.gettext("Policies")
        if kind != section:
            section = kind
            table.add_row(
                Text(kind, style="bold underline"), *[""] * (len(comparison.companies) + 1)
            )
        mark = "≠ " if row.differs and row.kind != "parameter" else "  "
        title = f"    ↳ {row.title}" if row.kind == "parameter" else f"{mark}{row.title}"
        style = (
            "bold"
            if row.differs and row.kind != "parameter"
            else ("dim" if row.kind == "parameter" else "")
        )
        label = Text(title, style=style)
        if row.meaning and row.kind == "policy":
            label.append(f"\n  {row.meaning}", style="dim")
        table.add_row(label, *row.cells, row.direction or "")
    return table


@app.command()
def diff(  # noqa: PLR0917 - typer maps each parameter to an option
    old: Annotated[str, typer.Argument(help="The earlier values file: FILE or FILE@REV.")],
    new: Annotated[str, typer.Argument(help="The later values file: FILE or FILE@REV.")],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Comma-separated: text, json (stdout); md, html, pdf (files); docx (the new "
            "chapter with tracked changes, for Word).",
        ),
    ] = "text",
    out_dir: ReportDir = DEFAULT_OUT_DIR,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", "-l", help="Language(s) of the report and redline (default: NEW's language)."
        ),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="Append the summary to NEW's revisions: list (NEW must be a file)."
        ),
    ] = False,
) -> None:
    """Show what changed between two versions of a values file, and whether employees
    must sign again; write a redline of the chapter.

    Writes md/html/pdf reports to OUT/<company>/changes-<old>-to-<new>.<language>.<fmt>,
    one per language; docx is the new chapter with every change as a tracked change to
    accept or reject in Word. text and json are in the first language. --record writes the
    summary in every language of NEW.

    Example: ethos diff values/acme.yaml@HEAD~1 values/acme.yaml --format text,pdf
    """
    import json

    from ..changes.diff import diff_versions
    from ..values.sources import Source

    formats = parse_choices(format, ("text", "json", "md", "html", "pdf", "docx"), "--format")
    languages = parse_languages(lang)
    before, after = Source.parse(old), Source.parse(new)
    if record and not after.in_working_tree:
        raise typer.BadParameter("--record writes to NEW, so NEW must be a file", param_hint="NEW")
    reports = _report_files(formats, out_dir)
    report = run(
        lambda: diff_versions(before, after, languages=languages, reports=reports, record=record)
    )
    if "text" in formats:
        _print_diff(report.diffs[0])
    if "json" in formats:
        sys.stdout.write(json.dumps(report.diffs[0].as_json(), indent=2, ensure_ascii=False) + "\n")
    _print_written(report.written)
    if report.recorded is not None:
        err.print(f"recorded in {shown_path(after.path)}:\n{report.recorded}", markup=False)


def _print_diff(result: Diff) -> None:
    from ..wording.localization import wording

    text = wording(result.language)
    out.print(
        text.gettext(
            "%(company)s: %(old_name)s (version %(old_version)s) → %(new_name)s "
            "(version %(new_version)s)"
        )
        % {
            "company": result.company,
            "old_name": result.old_name,
            "old_version": result.old_version,
            "new_name": result.new_name,
            "new_version": result.new_version,
        },
        markup=False,
    )
    width = max((len(change.materiality_label) for change in result.changes), default=0) + 1
    for change in result.changes:
        style = "bold red" if change.material else "dim"
        out.print(f"{change.materiality_label:<{width}} ", style=style, end="", markup=False)
        out.print(change.describe(), markup=False)
    out.print(result.summary, style="bold", markup=False)


@app.command()
def explain(
    file: Annotated[
        Path, typer.Argument(help="A values file (typically one that extends a group).")
    ],
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="Language of the table (default: en)."),
    ] = None,
) -> None:
    """Show where each effective value and stance comes from: the file itself, or the
    group file it extends (inherited, overridden or locked), with file and line.

    Example: ethos explain values/acme.yaml --lang it
    """
    from rich.table import Table

    from ..changes.explain import OWN
    from ..changes.explain import explain as explain_file
    from ..wording.localization import SOURCE_LANGUAGE, wording

    language = (parse_languages(lang) or [SOURCE_LANGUAGE])[0]
    text = wording(language)
    table = Table(
        title=text.gettext("Where %(file)s's settings come from") % {"file": file},
        title_justify="left",
    )
    for column in (text.gettext("setting"), text.gettext("effective"),
                   text.gettext("written at"), text.gettext("how")):  # fmt: skip
        table.add_column(column, overflow="fold")
    for row in run(lambda: explain_file(file, language)):
        style = "cyan" if row.kind != OWN else ""
        table.add_row(row.key, row.effective, row.source, row.how, style=style)
    out.print(table)
