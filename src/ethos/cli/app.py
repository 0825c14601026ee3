"""The ``ethos`` command: parses arguments, calls the library, prints the result.

This module holds the commands that make and check chapters (init, check, build,
catalog, schema); :mod:`ethos.cli.reports` adds the reports (compare, diff, explain,
acknowledge, extract) and :mod:`ethos.cli.preview` the live preview (serve). Library
modules are imported inside the commands so ``--help`` stays instant. Exit codes: 0
success, 1 invalid input (every problem is printed), 2 usage or I/O error.
"""

from __future__ import annotations

import os
import signal
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..publish.options import (
    DEFAULT_FORMATS,
    DEFAULT_OUT_DIR,
    FORMATS,
    BuildOptions,
    default_jobs,
)
from ..render.pdf_variants import DEFAULT_PDF_VARIANT, PDF_A, PDF_UA
from .common import (
    LANG_HELP,
    STRICT_HELP,
    TemplateDirs,
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
    from ..publish.build import BuildResult

__all__ = ["app", "main"]


def _version(value: bool) -> None:
    if value:
        from ..version import __version__

        out.print(f"ethos {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    context: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn a company's values file into the ethics chapter of its employee handbook."""
    from ..wording.theme import Theme

    # One command reads each catalog and translation once, however many reports it
    # writes; the next command (in the same process, under a test runner) reads afresh.
    context.with_resource(Theme().active())


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter values file.")] = Path(
        "values.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter values file (and its JSON Schema beside it).

    Example: ethos init values/acme.yaml
    """
    from ..values.starter import command_path, write_starter

    for written in run(lambda: write_starter(path, force=force)):
        out.print(f"wrote {shown_path(written)}", markup=False)
    out.print(f"Build it with: ethos build {command_path(path)}", markup=False)


@app.command()
def check(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Values files to check (none: --lang only).")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help=LANG_HELP)] = None,
    strict: Annotated[bool, typer.Option("--strict", help=STRICT_HELP)] = False,
    plain: Annotated[
        bool,
        typer.Option(
            "--readability",
            help="Also measure how plain each section is, per language, against its target.",
        ),
    ] = False,
) -> None:
    """Validate values files; print every problem as file:line:col: key: message.

    Also checks that each file has its own text in every language it is built in, and
    that ethos's wording (catalog entries and template strings) is complete and up to
    date in those languages. With --lang and no files, checks only ethos's wording.
    Exit code 0 when all are valid, 1 when any is invalid, 2 when a file cannot be read.

    Example: ethos check values/*.yaml --lang it,ur
    """
    from ..values.loading import check as check_files

    languages = parse_languages(lang)
    files = files or []
    if not files and not languages:
        raise typer.BadParameter("give values files to check, or --lang", param_hint="FILES")
    result = run(lambda: check_files(files, languages, strict=strict))
    print_problems(result.warnings)
    for path, values_file in zip(files, result.files, strict=True):
        out.print(f"{path}: ok ({values_file.company.name})", markup=False)
    if plain and files:
        from ..publish.readability import readability
        from .readability import print_readability

        measured = run(lambda: readability(files, languages))
        for report in measured:
            print_readability(report)
        warnings = [warning for report in measured for warning in report.warnings]
        print_problems(warnings)
        if strict and warnings:
            raise typer.Exit(1)


@app.command()
def build(  # noqa: PLR0917 - typer maps each parameter to an option
    files: Annotated[list[Path], typer.Argument(help="Values files to build.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"Comma-separated formats: {', '.join(FORMATS)}.")
    ] = ",".join(DEFAULT_FORMATS),
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = (
        DEFAULT_OUT_DIR
    ),
    templates: TemplateDirs = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help=LANG_HELP)] = None,
    strict: Annotated[bool, typer.Option("--strict", help=STRICT_HELP)] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even when the outputs are up to date.")
    ] = False,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check", help="Write nothing; exit 1 when any output is missing or out of date."
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes: the languages of each file, and the files, are built in "
            "parallel (default: one per CPU core).",
        ),
    ] = None,
    pdf_variant: Annotated[
        str,
        typer.Option(
            "--pdf-variant",
            help=f"{PDF_UA} (tagged, accessible), {PDF_A} (archival: the values file and "
            f"build manifest inside), or both: {PDF_A},{PDF_UA}.",
        ),
    ] = DEFAULT_PDF_VARIANT,
) -> None:
    """Build the ethics chapter of each values file, in each of its languages.

    Writes OUT/<company>/ethics-code.<language>.<md|html|pdf|docx> and a manifest.json
    that records what they were built from; when nothing changed, nothing is rebuilt.

    Example: ethos build values/acme.yaml --lang it,ur --format md,pdf --out handbook
    """
    from ..publish.build import build as build_file
    from ..render.pdf_variants import PDF_VARIANT_CHOICES
    from ..render.pdf_variants import pdf_variant as variant_of

    options = BuildOptions(
        languages=parse_languages(lang),
        formats=parse_choices(format, FORMATS, "--format"),
        out_dir=out_dir,
        template_dirs=templates or (),
        strict=strict,
        force=force,
        pdf_variant=variant_of(parse_choices(pdf_variant, PDF_VARIANT_CHOICES, "--pdf-variant")),
        jobs=jobs or default_jobs(),
    )
    if check_only:
        _check_outputs(files, options)
        return
    if len(files) == 1:  # one file: the plain, direct path, errors as for every command
        _report_build(run(partial(build_file, files[0], options)))
        return
    _build_batch(files, options)


def _check_outputs(files: list[Path], options: BuildOptions) -> None:
    """``build --check``: every file is checked, even after one that fails."""
    from ..publish.build import stale_outputs
    from ..publish.plan import colliding_outputs

    collided = colliding_outputs(files, options.out_dir)
    code = 1 if collided else 0
    outdated: list[Path] = []
    for path in files:
        if path in collided:
            print_problems([collided[path]])
            continue
        try:
            outdated.extend(run(partial(stale_outputs, path, options)))
        except typer.Exit as stop:
            code = max(code, stop.exit_code)
    for path in outdated:
        out.print(f"out of date: {shown_path(path)}", markup=False)
    if outdated:
        err.print(f"{len(outdated)} output(s) to rebuild: run ethos build", style="bold red")
    elif not code:
        out.print("all outputs up to date", markup=False)
    if outdated or code:
        raise typer.Exit(max(code, 1))


def _report_build(result: BuildResult) -> None:
    print_problems(result.warnings)
    for written in result.outputs:
        out.print(f"wrote {shown_path(written)}", markup=False)
    if result.readability:
        # One line: how many sections meet each language's plain-language target.
        counts = ", ".join(
            f"{language} {met}/{total}" for language, (met, total, _) in result.readability.items()
        )
        err.print(f"readability, sections on target: {counts}", markup=False, soft_wrap=True)
    if result.up_to_date:
        count = len(result.up_to_date)
        out.print(f"{shown_path(result.directory)}: up to date ({count} files)", markup=False)


def _build_batch(files: list[Path], options: BuildOptions) -> None:
    """Many files in parallel: a progress bar on a terminal, a line per file otherwise."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from ..publish.batch import build_many

    started = time.monotonic()
    counts = {"built": 0, "up to date": 0, "failed": 0}
    progress = Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err.console, transient=True, disable=not err.is_terminal,
    )  # fmt: skip
    with progress:
        task = progress.add_task(f"building with {options.jobs} worker(s)", total=len(files))
        for outcome in build_many(files, options):
            counts[outcome.status] += 1
            progress.advance(task)
            if outcome.status == "failed":
                print_problems(outcome.problems)
                for line in (outcome.error or "").splitlines():
                    err.print(f"error: {line}", style="red", markup=False)
                # A file that failed in some of its languages names them.
                languages = f" ({', '.join(outcome.languages)})" if outcome.languages else ""
                err.print(
                    f"failed: {shown_path(outcome.source)}{languages}",
                    style="bold red",
                    markup=False,
                )
            else:
                assert outcome.result is not None
                _report_build(outcome.result)
    seconds = time.monotonic() - started
    summary = ", ".join(f"{count} {status}" for status, count in counts.items())
    err.print(f"{summary} in {seconds:.1f} s", style="bold red" if counts["failed"] else "bold")
    if counts["failed"]:
        raise typer.Exit(1)


@app.command()
def catalog(
    file: Annotated[
        Path | None,
        typer.Argument(help="A values file: its own policies are listed too."),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="Language of the titles and meanings.")
    ] = "en",
    policy: Annotated[
        str | None,
        typer.Option(help="Print this policy's built-in wording, each stance with its `source`."),
    ] = None,
    value: Annotated[
        str | None,
        typer.Option(help="Print this value's built-in wording, with its `source`."),
    ] = None,
) -> None:
    """List the catalog: values, policies and their stances (most favourable first).

    With FILE, the policies it (or a group file it extends) defines follow the built-in ones.
    With --policy or --value, print that built-in wording as YAML to start an override from.

    Example: ethos catalog --lang it; ethos catalog --policy returns
    """
    from rich.table import Table
    from rich.text import Text

    from ..values.catalog_listing import CatalogRow, builtin_wording, catalog_rows
    from ..values.loading import load

    languages = parse_languages(lang) or ["en"]
    if len(languages) != 1:
        raise typer.BadParameter("choose one language", param_hint="--lang")
    if policy is not None or value is not None:
        kind, key = ("policy", policy) if policy is not None else ("value", value)
        assert key is not None
        sys.stdout.write(run(lambda: builtin_wording(kind, key, languages[0])))
        return

    values = Table(title="Values", title_justify="left")
    policies = Table(title="Policies and stances", title_justify="left")
    for table in (values, policies):
        table.add_column("id", no_wrap=True, style="bold")
        table.add_column("title")
        table.add_column("meaning")

    def rows() -> list[CatalogRow]:
        return catalog_rows(languages[0], None if file is None else load(file, []))

    for row in run(rows):
        # A file's own policies are its words: shown as text, never as console markup.
        title, summary = Text(row.title), Text(row.summary)
        if row.kind == "value":
            values.add_row(row.id, title, summary)
        elif row.kind == "policy":
            policies.add_row(f"{row.id}:", title, summary, style="bold cyan")
        else:
            policies.add_row(f"  {row.id}", title, summary)
    out.print(values)
    out.print(policies)


@app.command()
def schema(
    file: Annotated[
        Path | None,
        typer.Argument(help="A values file: the schema then offers its own policies too."),
    ] = None,
) -> None:
    """Print the JSON Schema of the values file (for editors and other tools).

    With FILE, the schema is that file's: the policies it (or a group file it extends)
    defines under own_policies are offered with their stances and parameters.

    Example: ethos schema > values.schema.json
    """
    from ..values.own_models import file_model
    from ..values.sources import Source
    from ..values.starter import schema_text

    if file is None:
        sys.stdout.write(schema_text())
        return
    source = Source.parse(str(file))
    sys.stdout.write(schema_text(run(lambda: file_model(source))))


from . import edit, notice, preview, published, reports, translate  # noqa: E402, F401 - register their commands on `app`


def main() -> None:
    """Console-script entry point."""
    from ..system.lifetime import stop_on_terminate, terminated

    # The command's pydantic models are ethos's own and use no pydantic plugins; looking
    # for them reads the metadata of every installed package on every run. Typer skips
    # the search for its models the same way. A PYDANTIC_DISABLE_PLUGINS of the user's
    # is left as it is.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    stop_on_terminate()  # SIGTERM stops the renderer and the workers like Ctrl-C does
    try:
        app()
    except SystemExit:
        if terminated():
            err.print("stopped (SIGTERM)", style="bold red", markup=False)
            raise SystemExit(128 + signal.SIGTERM) from None
        raise
