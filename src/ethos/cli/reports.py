"""The report commands of ``ethos``: compare, diff, explain and acknowledge.

They register on the same Typer app as the chapter commands (:mod:`ethos.cli.app`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..publish.options import DEFAULT_OUT_DIR
from .common import (
    LANG_HELP,
    app,
    err,
    out,
    parse_choices,
    parse_languages,
    print_problems,
    run,
    shown_path,
)

if TYPE_CHECKING:
    from rich.table import Table

    from ..changes.change_set import Diff
    from ..changes.compare import Comparison
    from ..values.load import LoadedDocument
    from ..values.model import ValuesFile


@app.command()
def compare(
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
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Where md/html/pdf reports go.")
    ] = DEFAULT_OUT_DIR,
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="Language(s) of the comparison (default: en)."),
    ] = None,
) -> None:
    """Compare companies stance by stance: values, policies and parameters side by side.

    Writes md/html/pdf reports to OUT/compare/<company>--<company>.<language>.<fmt>, one
    per language; the table and json are in the first language.

    Example: ethos compare values/acme.yaml values/brightline.yaml --only-differences
    """
    import json

    from ..changes.compare import compare as compare_files
    from ..changes.compare import compare_markdown, report_stem
    from ..wording.localization import SOURCE_LANGUAGE

    formats = parse_choices(format, ("table", "json", "md", "html", "pdf"), "--format")
    languages = parse_languages(lang) or [SOURCE_LANGUAGE]
    if len(files) < 2:
        raise typer.BadParameter("give at least two values files", param_hint="FILES")
    comparisons = [run(partial(compare_files, files, language)) for language in languages]
    first = comparisons[0]
    if "table" in formats:
        out.print(_comparison_table(first, only_differences))
    if "json" in formats:
        sys.stdout.write(
            json.dumps(first.as_json(only_differences), indent=2, ensure_ascii=False) + "\n"
        )
    for comparison in comparisons:
        _write_reports(
            partial(compare_markdown, comparison, only_differences=only_differences),
            formats,
            title=comparison.title,
            language=comparison.language,
            out_dir=out_dir,
            folder="compare",
            stem=report_stem(comparison),
            landscape=len(comparison.companies) > 2,
        )


def _write_reports(markdown: Callable[[], str], formats: Sequence[str], **options: Any) -> None:
    """Write the md/html/pdf reports among ``formats`` (the others go to stdout)."""
    from ..changes.reports import REPORT_FORMATS, write_report

    chosen = [fmt for fmt in formats if fmt in REPORT_FORMATS]
    if chosen:
        for path in run(lambda: write_report(markdown(), formats=chosen, **options)):
            err.print(f"wrote {shown_path(path)}", markup=False)


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
            "--format", "-f", help="Comma-separated: text, json (stdout); md, html, pdf (files)."
        ),
    ] = "text",
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Where md/html/pdf reports go.")
    ] = DEFAULT_OUT_DIR,
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
    one per language; text and json are in the first language. --record writes the
    summary in every language of NEW.

    Example: ethos diff values/acme.yaml@HEAD~1 values/acme.yaml --format text,pdf
    """
    import json

    from ..changes.diff import diff_files
    from ..changes.revisions import record_revision
    from ..values.sources import Source

    formats = parse_choices(format, ("text", "json", "md", "html", "pdf"), "--format")
    languages = parse_languages(lang)
    before, after = Source.parse(old), Source.parse(new)
    if record and not after.in_working_tree:
        raise typer.BadParameter("--record writes to NEW, so NEW must be a file", param_hint="NEW")
    from ..values.loading import load_source
    from ..values.template_dirs import template_directories

    old_loaded, new_loaded = run(lambda: load_source(before)), run(lambda: load_source(after))
    results = [
        diff_files(old_loaded[1], new_loaded[1], before.name, after.name, language)
        for language in languages or [new_loaded[1].document.language.value]
    ]
    if "text" in formats:
        _print_diff(results[0])
    if "json" in formats:
        sys.stdout.write(json.dumps(results[0].as_json(), indent=2, ensure_ascii=False) + "\n")
    from ..system.write import slugify

    directories = (
        template_directories(after.path, new_loaded[1], (), new_loaded[0])
        if after.in_working_tree
        else []
    )
    for result in results:
        _write_reports(
            partial(_diff_report, result, old_loaded, new_loaded, directories),
            formats,
            title=result.title,
            language=result.language,
            out_dir=out_dir,
            folder=slugify(result.company),
            stem=f"changes-{slugify(result.old_version)}-to-{slugify(result.new_version)}",
        )
    if record:
        entry = run(lambda: record_revision(after.path, old_loaded[1], new_loaded[1]))
        err.print(f"recorded in {shown_path(after.path)}:\n{entry}", markup=False)


def _diff_report(
    result: Diff,
    old: tuple[LoadedDocument, ValuesFile],
    new: tuple[LoadedDocument, ValuesFile],
    template_dirs: Sequence[Path],
) -> str:
    """The change report in the diff's language, with the redline in the same language."""
    from ..changes.diff import diff_markdown
    from ..changes.redline import chapter_redline

    return diff_markdown(result, chapter_redline(old, new, result.language, template_dirs))


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


@app.command()
def acknowledge(
    file: Annotated[Path, typer.Argument(help="The values file whose built PDF employees sign.")],
    lang: Annotated[str | None, typer.Option("--lang", "-l", help=LANG_HELP)] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: csv, json.")
    ] = "csv",
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Where the chapter was built.")
    ] = DEFAULT_OUT_DIR,
    verify: Annotated[
        Path | None,
        typer.Option("--verify", help="Check a filled-in ledger against the built PDF instead."),
    ] = None,
) -> None:
    """Write an acknowledgment ledger bound to the exact PDF employees sign (its SHA-256),
    or check a filled-in ledger against it.

    Writes OUT/<company>/acknowledgments.<version>.<language>.<csv|json>.

    Example: ethos acknowledge values/acme.yaml --lang en --format csv,json
    """
    from ..publish.acknowledge import bound_document, write_ledgers
    from ..publish.acknowledge import verify as verify_ledger

    formats = parse_choices(format, ("csv", "json"), "--format")
    languages = parse_languages(lang)
    if verify is not None:
        from ..values.loading import load as load_file

        chosen = languages[0] if languages else run(lambda: load_file(file)).document.language.value
        signed, _pdf = run(lambda: bound_document(file, chosen, out_dir))
        problems = run(lambda: verify_ledger(verify, signed))
        if problems:
            print_problems(problems)
            raise typer.Exit(1)
        out.print(f"{shown_path(verify)}: every signature names {signed.pdf_file} "
                  f"({signed.pdf_sha256[:12]}…)", markup=False)  # fmt: skip
        return
    for written in run(lambda: write_ledgers(file, languages=languages, out_dir=out_dir,
                                              formats=formats)):  # fmt: skip
        out.print(f"wrote {shown_path(written)}", markup=False)


@app.command()
def extract(
    pdf: Annotated[Path, typer.Argument(help="An archival PDF built with --pdf-variant pdf/a-3b.")],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write the extracted files.")
    ] = Path(),
    list_only: Annotated[
        bool, typer.Option("--list", help="List the embedded files; write nothing.")
    ] = False,
) -> None:
    """Get back the exact values file, its group files and the build manifest from an
    archival PDF, each checked against the SHA-256 the manifest recorded.

    Example: ethos extract output/acme-outfitters/ethics-code.en.pdf --out recovered
    """
    from ..publish.pdf_archive import extract as extract_sources
    from ..publish.pdf_archive import write_extracted
    from ..system.input_files import printable

    found = run(lambda: extract_sources(pdf))
    # Everything below but the PDF's own path was read from the PDF: shown escaped.
    built = {key: printable(found.manifest.get(key))
             for key in ("generator", "source", "language", "pdf_variant")}  # fmt: skip
    out.print(f"{shown_path(pdf)}: built by {built['generator']} from {built['source']} "
              f"({built['language']}, {built['pdf_variant']})", markup=False)  # fmt: skip
    roles = {name: printable(role) for name, role in found.roles.items()}
    if list_only:
        for name, data in found.files.items():
            out.print(f"{printable(name)}  {roles[name]}, {len(data):,} bytes", markup=False)
        return
    for path, written in run(lambda: write_extracted(found, out_dir)).items():
        state = "wrote" if written else "unchanged"
        out.print(f"{state} {shown_path(path)} ({roles[path.name]})", markup=False)
