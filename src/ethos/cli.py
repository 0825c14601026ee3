"""The ``ethos`` command: parses arguments, calls the library, prints the result.

Exit codes: 0 success, 1 invalid input (every problem is printed), 2 usage or I/O error.
Library modules are imported inside the commands so ``--help`` stays instant.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

app = typer.Typer(
    name="ethos",
    help=(
        "Turn a company's values file into the ethics chapter of its employee handbook, "
        "in Markdown, HTML and PDF.\n\n"
        "Example: ethos init values/acme.yaml && ethos build values/acme.yaml"
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

if TYPE_CHECKING:
    from rich.table import Table

    from .build import BuildResult
    from .compare import Comparison
    from .diff import Diff
    from .errors import Problem

T = TypeVar("T")

LANG_HELP = (
    "Comma-separated chapter languages (en, it, tl, ur, zh) or `all`; default: the file's "
    "document.language and document.translations."
)
STRICT_HELP = "Treat warnings (e.g. stale translations) as errors."


def _run(action: Callable[[], T]) -> T:
    """Run a library call; turn an :class:`EthosError` into a message and exit code."""
    from .errors import EthosError, InvalidInputError

    try:
        return action()
    except InvalidInputError as error:
        _print_problems(error.problems)
        raise typer.Exit(1) from None
    except EthosError as error:
        err.print(f"error: {error}", style="red", markup=False)
        raise typer.Exit(error.exit_code) from None


def _print_problems(problems: Sequence[Problem]) -> None:
    """Print problems (errors red, warnings yellow) and a count line."""
    for problem in problems:
        shown = replace(problem, file=_shown(Path(problem.file)))
        style = "yellow" if problem.severity == "warning" else "red"
        err.print(str(shown), style=style, markup=False)
    errors = sum(problem.severity != "warning" for problem in problems)
    warnings = len(problems) - errors
    parts = [
        f"{count} {word}{'s' if count != 1 else ''}"
        for count, word in ((errors, "problem"), (warnings, "warning"))
        if count
    ]
    if parts:
        err.print(" and ".join(parts) + " found.", style="bold red" if errors else "bold yellow")


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        out.print(f"ethos {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn a company's values file into the ethics chapter of its employee handbook."""


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
    from .starter import write_starter

    for written in _run(lambda: write_starter(path, force=force)):
        out.print(f"wrote {_shown(written)}", markup=False)


@app.command()
def check(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Values files to check (none: --lang only).")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help=LANG_HELP)] = None,
    strict: Annotated[bool, typer.Option("--strict", help=STRICT_HELP)] = False,
) -> None:
    """Validate values files; print every problem as file:line:col: key: message.

    Also checks that each file has its own text in every language it is built in, and
    that ethos's wording (catalog entries and template strings) is complete and up to
    date in those languages. With --lang and no files, checks only ethos's wording.
    Exit code 0 when all are valid, 1 when any is invalid, 2 when a file cannot be read.

    Example: ethos check values/*.yaml --lang it,ur
    """
    from .build import check as check_files

    languages = _languages(lang)
    files = files or []
    if not files and not languages:
        raise typer.BadParameter("give values files to check, or --lang", param_hint="FILES")
    result = _run(lambda: check_files(files, languages, strict=strict))
    _print_problems(result.warnings)
    for path, values_file in zip(files, result.files, strict=True):
        out.print(f"{path}: ok ({values_file.company.name})", markup=False)


def _languages(value: str | None) -> list[str] | None:
    from .build import LANGUAGES

    if value is None:
        return None
    if value.strip() == "all":
        return list(LANGUAGES)
    chosen = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [part for part in chosen if part not in LANGUAGES]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"choose from {', '.join(LANGUAGES)} or all (comma-separated), not {value!r}",
            param_hint="--lang",
        )
    return chosen


def _formats(value: str) -> list[str]:
    from .build import FORMATS

    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"choose from {', '.join(FORMATS)} (comma-separated), not {value!r}"
        )
    return chosen


@app.command()
def build(  # noqa: PLR0917 - typer maps each parameter to an option
    files: Annotated[list[Path], typer.Argument(help="Values files to build.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated formats: md, html, pdf.")
    ] = "md,html,pdf",
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path(
        "output"
    ),
    templates: Annotated[
        list[Path] | None,
        typer.Option(
            "--templates",
            "-t",
            help="Template directory searched before the built-in one (repeatable).",
        ),
    ] = None,
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
            "--jobs", "-j", min=1, help="Files built in parallel (default: one per CPU core)."
        ),
    ] = None,
) -> None:
    """Build the ethics chapter of each values file, in each of its languages.

    Writes OUT/<company>/ethics-code.<language>.<md|html|pdf> and a manifest.json that
    records what they were built from; when nothing changed, nothing is rebuilt.

    Example: ethos build values/acme.yaml --lang it,ur --format md,pdf --out handbook
    """
    from .batch import default_jobs
    from .build import build as build_file
    from .build import stale_outputs

    formats = _formats(format)
    languages = _languages(lang)

    def planned(function: Callable[..., T]) -> Callable[..., T]:
        return partial(
            function,
            languages=languages,
            formats=formats,
            out_dir=out_dir,
            template_dirs=templates or (),
        )

    if check_only:
        outdated = [
            stale for path in files for stale in _run(partial(planned(stale_outputs), path))
        ]
        for path in outdated:
            out.print(f"out of date: {_shown(path)}", markup=False)
        if outdated:
            err.print(f"{len(outdated)} output(s) to rebuild: run ethos build", style="bold red")
            raise typer.Exit(1)
        out.print("all outputs up to date", markup=False)
        return
    if len(files) == 1:  # one file: the plain, direct path, errors as for every command
        result = _run(partial(planned(build_file), files[0], strict=strict, force=force))
        _report_build(result)
        return
    _build_batch(files, jobs or default_jobs(), options={
        "languages": languages, "formats": formats, "out_dir": out_dir,
        "template_dirs": templates or (), "strict": strict, "force": force,
    })  # fmt: skip


def _report_build(result: BuildResult) -> None:
    _print_problems(result.warnings)
    for written in result.outputs:
        out.print(f"wrote {_shown(written)}", markup=False)
    if result.up_to_date:
        count = len(result.up_to_date)
        out.print(f"{_shown(result.directory)}: up to date ({count} files)", markup=False)


def _build_batch(files: list[Path], jobs: int, options: dict[str, Any]) -> None:
    """Many files in parallel: a progress bar on a terminal, a line per file otherwise."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from .batch import build_many

    started = time.monotonic()
    counts = {"built": 0, "up to date": 0, "failed": 0}
    progress = Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
    )  # fmt: skip
    with progress:
        task = progress.add_task(f"building with {jobs} worker(s)", total=len(files))
        for outcome in build_many(files, jobs, options):
            counts[outcome.status] += 1
            progress.advance(task)
            if outcome.status == "failed":
                _print_problems(outcome.problems)
                if outcome.error:
                    err.print(f"error: {outcome.error}", style="red", markup=False)
                err.print(f"failed: {_shown(outcome.source)}", style="bold red", markup=False)
            else:
                assert outcome.result is not None
                _report_build(outcome.result)
    seconds = time.monotonic() - started
    summary = ", ".join(f"{count} {status}" for status, count in counts.items())
    err.print(f"{summary} in {seconds:.1f} s", style="bold red" if counts["failed"] else "bold")
    if counts["failed"]:
        raise typer.Exit(1)


def _choices(value: str, allowed: Sequence[str], option: str) -> list[str]:
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in allowed]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"choose from {', '.join(allowed)} (comma-separated), not {value!r}", param_hint=option
        )
    return chosen


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
    ] = Path("output"),
) -> None:
    """Compare companies stance by stance: values, policies and parameters side by side.

    Writes md/html/pdf reports to OUT/compare/<company>--<company>.<fmt>.

    Example: ethos compare values/acme.yaml values/brightline.yaml --only-differences
    """
    import json

    from .compare import compare as compare_files
    from .compare import compare_markdown, report_stem
    from .reports import write_report

    formats = _choices(format, ("table", "json", "md", "html", "pdf"), "--format")
    if len(files) < 2:
        raise typer.BadParameter("give at least two values files", param_hint="FILES")
    comparison = _run(lambda: compare_files(files))
    if "table" in formats:
        out.print(_comparison_table(comparison, only_differences))
    if "json" in formats:
        sys.stdout.write(
            json.dumps(comparison.as_json(only_differences), indent=2, ensure_ascii=False) + "\n"
        )
    report_formats = [fmt for fmt in formats if fmt in ("md", "html", "pdf")]
    if report_formats:
        markdown = compare_markdown(comparison, only_differences=only_differences)
        written = _run(
            lambda: write_report(
                markdown,
                title="Stance comparison: " + " · ".join(comparison.companies),
                out_dir=out_dir,
                folder="compare",
                stem=report_stem(comparison),
                formats=report_formats,
                landscape=len(comparison.companies) > 2,
            )
        )
        for path in written:
            err.print(f"wrote {_shown(path)}", markup=False)


def _comparison_table(comparison: Comparison, only_differences: bool) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Stance comparison", caption=comparison.summary, title_justify="left",
                  caption_justify="left", show_lines=False)  # fmt: skip
    table.add_column("", min_width=24, max_width=42, overflow="fold")
    for company in comparison.companies:
        table.add_column(company, overflow="fold")
    table.add_column("Difference", style="yellow")
    section = None
    for row in comparison.shown(only_differences):
        kind = "Values" if row.kind == "value" else "Policies"
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
    ] = Path("output"),
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="Language of the redline (default: the file's)."),
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

    Writes md/html/pdf reports to OUT/<company>/changes-<old>-to-<new>.<fmt>.

    Example: ethos diff values/acme.yaml@HEAD~1 values/acme.yaml --format text,pdf
    """
    import json

    from .diff import diff as diff_files
    from .diff import diff_markdown, record_revision
    from .sources import Source

    formats = _choices(format, ("text", "json", "md", "html", "pdf"), "--format")
    languages = _languages(lang)
    before, after = Source.parse(old), Source.parse(new)
    if record and not after.in_working_tree:
        raise typer.BadParameter("--record writes to NEW, so NEW must be a file", param_hint="NEW")
    result = _run(lambda: diff_files(before, after))
    if "text" in formats:
        _print_diff(result)
    if "json" in formats:
        sys.stdout.write(json.dumps(result.as_json(), indent=2, ensure_ascii=False) + "\n")
    report_formats = [fmt for fmt in formats if fmt in ("md", "html", "pdf")]
    if report_formats:
        from .redline import chapter_redline
        from .reports import write_report
        from .write import slugify

        language = languages[0] if languages else None
        redline = _run(lambda: chapter_redline(before, after, language))
        written = _run(
            lambda: write_report(
                diff_markdown(result, redline),
                title=f"Changes to {result.company}'s chapter",
                out_dir=out_dir,
                folder=slugify(result.company),
                stem=f"changes-{slugify(result.old_version)}-to-{slugify(result.new_version)}",
                formats=report_formats,
            )
        )
        for path in written:
            err.print(f"wrote {_shown(path)}", markup=False)
    if record:
        from .build import validated

        effective = _run(lambda: validated(after)).document.effective_date
        entry = _run(lambda: record_revision(after.path, result, effective))
        err.print(f"recorded in {_shown(after.path)}:\n{entry}", markup=False)


def _print_diff(result: Diff) -> None:
    out.print(
        f"{result.company}: {result.old_name} (version {result.old_version}) → "
        f"{result.new_name} (version {result.new_version})",
        markup=False,
    )
    for change in result.changes:
        style = "bold red" if change.material else "dim"
        out.print(f"{change.materiality:<10} ", style=style, end="", markup=False)
        out.print(change.describe(), markup=False)
    out.print(result.summary, style="bold", markup=False)


@app.command()
def explain(
    file: Annotated[
        Path, typer.Argument(help="A values file (typically one that extends a group).")
    ],
) -> None:
    """Show where each effective value and stance comes from: the file itself, or the
    group file it extends (inherited, overridden or locked), with file and line.

    Example: ethos explain values/acme.yaml
    """
    from rich.table import Table

    from .explain import explain as explain_file

    table = Table(title=f"Where {file}'s settings come from", title_justify="left")
    for column in ("setting", "effective", "written at", "how"):
        table.add_column(column, overflow="fold")
    for row in _run(lambda: explain_file(file)):
        style = "cyan" if row.how != "own" else ""
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
    ] = Path("output"),
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
    from .acknowledge import bound_document, write_ledgers
    from .acknowledge import verify as verify_ledger

    formats = _choices(format, ("csv", "json"), "--format")
    languages = _languages(lang)
    if verify is not None:
        from .build import load as load_file

        chosen = (
            languages[0] if languages else _run(lambda: load_file(file)).document.language.value
        )
        signed = _run(lambda: bound_document(file, chosen, out_dir))
        pdf = out_dir / slugify_company(signed.company) / signed.pdf_file
        problems = _run(lambda: verify_ledger(verify, pdf))
        if problems:
            _print_problems(problems)
            raise typer.Exit(1)
        out.print(f"{_shown(verify)}: every signature names {signed.pdf_file} "
                  f"({signed.pdf_sha256[:12]}…)", markup=False)  # fmt: skip
        return
    for written in _run(lambda: write_ledgers(file, languages=languages, out_dir=out_dir,
                                              formats=formats)):  # fmt: skip
        out.print(f"wrote {_shown(written)}", markup=False)


def slugify_company(name: str) -> str:
    """The output directory name of a company (see :func:`ethos.write.slugify`)."""
    from .write import slugify

    return slugify(name)


@app.command()
def catalog(
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="Language of the titles and meanings.")
    ] = "en",
) -> None:
    """List the catalog: values, policies and their stances (most favourable first).

    Example: ethos catalog --lang it
    """
    from rich.table import Table

    from .catalog_listing import catalog_rows

    languages = _languages(lang) or ["en"]
    if len(languages) != 1:
        raise typer.BadParameter("choose one language", param_hint="--lang")

    values = Table(title="Values", title_justify="left")
    policies = Table(title="Policies and stances", title_justify="left")
    for table in (values, policies):
        table.add_column("id", no_wrap=True, style="bold")
        table.add_column("title")
        table.add_column("meaning")
    for row in _run(lambda: catalog_rows(languages[0])):
        if row.kind == "value":
            values.add_row(row.id, row.title, row.summary)
        elif row.kind == "policy":
            policies.add_row(f"{row.id}:", row.title, row.summary, style="bold cyan")
        else:
            policies.add_row(f"  {row.id}", row.title, row.summary)
    out.print(values)
    out.print(policies)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the values file (for editors and other tools).

    Example: ethos schema > values.schema.json
    """
    from .starter import schema_text

    sys.stdout.write(schema_text())


def main() -> None:
    """Console-script entry point."""
    app()
