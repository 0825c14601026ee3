"""What every ``ethos`` command shares: the Typer app, the consoles, running a library
call with its errors turned into messages and exit codes, and option parsing.

Exit codes: 0 success, 1 invalid input (every problem is printed), 2 usage or I/O error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, TypeVar

import typer

from ..wording.languages import CHAPTER_LANGUAGES, LANGUAGES

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

if TYPE_CHECKING:
    from rich.console import Console

    from ..errors import Problem

# The control characters rich's Text removes from what it prints (BEL, BS, VT, FF, CR).
_STRIPPED_CONTROLS = dict.fromkeys(map(ord, "\a\b\v\f\r"))


class LazyConsole:
    """A rich ``Console`` that loads rich only when something needs it.

    A line of text printed to a pipe or a file (what ``check`` and a rebuild print, and
    what scripts read) is written exactly as rich would write it: without colour, with
    rich's control characters removed. A terminal, FORCE_COLOR or TTY_COMPATIBLE, a tab
    (rich expands it), anything but a string (a table) and every other attribute (a
    progress bar, ``capture``) go to the real console, created on first use; from then on
    it prints everything, so output keeps its order.
    """

    def __init__(self, *, stderr: bool = False) -> None:
        self.stderr = stderr
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The rich console, created on first use."""
        if self._console is None:
            from rich.console import Console

            # Everything printed holds what users wrote, paths and positions: none of it
            # is markup (`[bold]`) or an emoji code (`:100:` in `file:100:12`).
            self._console = Console(
                stderr=self.stderr, markup=False, emoji=False, highlight=False, soft_wrap=True
            )
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)

    def print(self, *objects: Any, style: str | None = None, **options: Any) -> None:
        """``Console.print``; a plain line to a pipe or a file without rich."""
        stream = self._plain_stream(objects, options)
        if stream is None:
            self.console.print(*objects, style=style, **options)
            return
        stream.write(" ".join(objects).translate(_STRIPPED_CONTROLS) + "\n")
        stream.flush()

    def _plain_stream(self, objects: tuple[Any, ...], options: dict[str, Any]) -> TextIO | None:
        """The stream to write ``objects`` to directly, or None when rich must print them."""
        if (
            self._console is not None
            or not all(isinstance(item, str) and "\t" not in item for item in objects)
            or set(options) - {"markup", "soft_wrap"}
            or options.get("markup") is True
            or "FORCE_COLOR" in os.environ
            or "TTY_COMPATIBLE" in os.environ
        ):
            return None
        stream = sys.stderr if self.stderr else sys.stdout
        try:
            return None if stream.isatty() else stream
        except ValueError:  # closed
            return None


out = LazyConsole()
err = LazyConsole(stderr=True)

T = TypeVar("T")

PreviewLanguage = Annotated[
    str | None,
    typer.Option("--lang", "-l", help="The language to preview (default: the file's)."),
]
ServerPort = Annotated[
    int,
    typer.Option("--port", "-p", min=0, max=65535, help="Port on 127.0.0.1 (0: any free port)."),
]
TemplateDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--templates",
        "-t",
        help="Template directory searched before the built-in one (repeatable).",
    ),
]

ReportDir = Annotated[Path, typer.Option("--out", "-o", help="Where md/html/pdf reports go.")]
"""The ``--out`` of the report commands (compare, diff); its default is
:data:`~ethos.publish.options.DEFAULT_OUT_DIR`."""

LANG_HELP = (
    f"Comma-separated chapter languages ({', '.join(CHAPTER_LANGUAGES)}) or `all` "
    f"({', '.join(LANGUAGES)}; en is British English, as en-GB); default: the file's "
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
    unknown = [part for part in chosen if part not in CHAPTER_LANGUAGES]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"choose from {', '.join(CHAPTER_LANGUAGES)} or all (comma-separated), not {value!r}",
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


def serve_until_stopped(action: Callable[[], object], port: int) -> None:
    """Run a server (``ethos serve``, ``ethos edit``) until Ctrl-C or SIGTERM; a port that
    cannot be bound is a usage error (exit 2) with what to do."""
    import signal

    def stop_on_terminate(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_terminate)
    try:
        run(action)
    except KeyboardInterrupt:
        out.print("stopped", markup=False)
    except OSError as error:
        err.print(
            f"error: cannot serve on 127.0.0.1:{port} ({error.strerror or error}) — "
            "choose another port with --port, or --port 0 for any free one",
            style="red",
            markup=False,
        )
        raise typer.Exit(2) from None
