"""The ``ethos`` command: parses arguments, calls the library, prints the result.

Exit codes: 0 success, 1 invalid input (every problem is printed), 2 usage or I/O error.
Library modules are imported inside the commands so ``--help`` stays instant.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar

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

T = TypeVar("T")


def _run(action: Callable[[], T]) -> T:
    """Run a library call; turn an :class:`EthosError` into a message and exit code."""
    from .errors import EthosError, InvalidInputError

    try:
        return action()
    except InvalidInputError as error:
        for problem in error.problems:
            err.print(str(problem), style="red", markup=False)
        count = len(error.problems)
        err.print(f"{count} problem{'s' if count != 1 else ''} found.", style="bold red")
        raise typer.Exit(1) from None
    except EthosError as error:
        err.print(f"error: {error}", style="red", markup=False)
        raise typer.Exit(error.exit_code) from None


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
    files: Annotated[list[Path], typer.Argument(help="Values files to check.")],
) -> None:
    """Validate values files; print every problem as file:line:col: key: message.

    Exit code 0 when all are valid, 1 when any is invalid, 2 when a file cannot be read.

    Example: ethos check values/*.yaml
    """
    from .build import check as check_files

    checked = _run(lambda: check_files(files))
    for path, values_file in zip(files, checked, strict=True):
        out.print(f"{path}: ok ({values_file.company.name})", markup=False)


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
def build(
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
) -> None:
    """Build the ethics chapter of each values file.

    Writes OUT/<company>/ethics-code.<language>.<md|html|pdf>.

    Example: ethos build values/acme.yaml --format md,pdf --out handbook
    """
    from .build import build as build_file

    formats = _formats(format)
    for path in files:
        result = _run(
            partial(
                build_file, path, formats=formats, out_dir=out_dir, template_dirs=templates or ()
            )
        )
        for written in result.outputs:
            out.print(f"wrote {_shown(written)}", markup=False)


@app.command()
def catalog() -> None:
    """List the catalog: values, policies and their stances (most favourable first).

    Example: ethos catalog
    """
    from rich.table import Table

    from .catalog_listing import catalog_rows

    values = Table(title="Values", title_justify="left")
    policies = Table(title="Policies and stances", title_justify="left")
    for table in (values, policies):
        table.add_column("id", no_wrap=True, style="bold")
        table.add_column("title")
        table.add_column("meaning")
    for row in catalog_rows():
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
