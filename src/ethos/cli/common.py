"""What every ``ethos`` command shares: the Typer app, the consoles, running a library
call with its errors turned into messages and exit codes, and option parsing.

Exit codes: 0 success, 1 invalid input (every problem is printed), 2 usage or I/O error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console

from ..wording.languages import LANGUAGES

app = typer.Typer(
    name="ethos",
    help=(
        "Turn a company's values file into the ethics chapter of its employee handbook, "
        "in Markdown, HTML, PDF and Word.\n\n"
        "Example: ethos init values/acme.yaml && ethos build values/acme.yaml"
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# Everything printed holds what users wrote, paths and positions: none of it is markup
# (`[bold]`) or an emoji code (`:100:` in `file:100:12`).
out = Console(markup=False, emoji=False, highlight=False, soft_wrap=True)
err = Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)

if TYPE_CHECKING:
    from ..errors import Problem

T = TypeVar("T")

TemplateDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--templates",
        "-t",
        help="Template directory searched before the built-in one (repeatable).",
    ),
]

LANG_HELP = (
    f"Comma-separated chapter languages ({', '.join(LANGUAGES)}) or `all`; default: the file's "
    "document.language and document.translations."
)
STRICT_HELP = "Treat warnings (e.g. stale translations) as errors."


def run(action: Callable[[], T]) -> T:
    """Run a library call; turn an :class:`EthosError` into a message and exit code."""
    from ..errors import EthosError, InvalidInputError

    try:
        return action()
    except InvalidInputError as error:
        print_problems(error.problems)
        raise typer.Exit(1) from None
    except EthosError as error:
        err.print(f"error: {error}", style="red", markup=False)
        raise typer.Exit(error.exit_code) from None


def print_problems(problems: Sequence[Problem]) -> None:
    """Print problems (errors red, warnings yellow) and a count line."""
    for problem in problems:
        located = replace(problem, file=shown_path(Path(problem.file)))
        style = "yellow" if problem.severity == "warning" else "red"
        err.print(str(located), style=style, markup=False)
    errors = sum(problem.severity != "warning" for problem in problems)
    warnings = len(problems) - errors
    parts = [
        f"{count} {word}{'s' if count != 1 else ''}"
        for count, word in ((errors, "problem"), (warnings, "warning"))
        if count
    ]
    if parts:
        err.print(" and ".join(parts) + " found.", style="bold red" if errors else "bold yellow")


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_languages(value: str | None) -> list[str] | None:
    """``--lang``: comma-separated language codes or ``all``; None when not given."""
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


def parse_choices(value: str, allowed: Sequence[str], option: str) -> list[str]:
    """A comma-separated option whose parts must each be one of ``allowed``."""
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in allowed]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"choose from {', '.join(allowed)} (comma-separated), not {value!r}", param_hint=option
        )
    return chosen
