"""Light start-up: what ``ethos --help``, ``ethos check`` and a no-op rebuild load.

Each runs in a fresh interpreter through the console-script entry point, which then
reports the libraries in ``sys.modules``. A library a path does not need costs every
run its import time (bench/RESULTS.md, "Startup"); these tests keep it out. How long
the paths take is measured by ``bench/bench.py --only startup``, not here.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ethos import build

from helpers import write_values

CHAPTER_LIBRARIES = {"jinja2", "babel", "markdown", "nh3", "weasyprint", "docx", "lxml"}
"""What composing and rendering a chapter needs, and nothing lighter does."""
TERMINAL = {"rich"}
"""Tables, progress bars and colours: a line to a pipe needs none of it."""
FORMATS = "md,html,pdf,docx"

REPORT = (
    "import json, sys\nprint(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
)
RUN_MAIN = (
    "import sys\nsys.argv = ['ethos', *sys.argv[1:]]\nfrom ethos.cli.app import main\n"
    "try:\n    main()\nexcept SystemExit as done:\n    assert done.code in (0, None), done.code\n"
)


def libraries_after(code: str, *arguments: str, cwd: Path | None = None) -> set[str]:
    """The top-level modules loaded once ``code`` (then the report) has run."""
    return run_and_report(code, *arguments, cwd=cwd)[0]


def run_and_report(code: str, *arguments: str, cwd: Path | None = None) -> tuple[set[str], str]:
    """The top-level modules loaded once ``code`` has run, and what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", code + REPORT, *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    *printed, modules = result.stdout.splitlines()
    return set(json.loads(modules)), "\n".join(printed)


def test_importing_the_command_line_loads_no_library() -> None:
    loaded = libraries_after("import ethos.cli.app\n")
    assert loaded & (CHAPTER_LIBRARIES | TERMINAL | {"pydantic", "yaml"}) == set()


def test_help_loads_no_library() -> None:
    loaded = libraries_after(RUN_MAIN, "--help")
    assert loaded & (CHAPTER_LIBRARIES | TERMINAL | {"pydantic", "yaml"}) == set()


def test_check_loads_nothing_a_chapter_needs(tmp_path: Path) -> None:
    source = write_values(tmp_path)
    loaded = libraries_after(RUN_MAIN, "check", str(source), "--lang", "en,it")
    assert {"yaml", "pydantic"} <= loaded  # it did check
    # Babel reads the translation files `check` verifies; nothing else of a chapter loads.
    assert loaded & (CHAPTER_LIBRARIES - {"babel"} | TERMINAL) == set()


def test_a_no_op_rebuild_decides_without_composing_or_rendering(tmp_path: Path) -> None:
    source = write_values(tmp_path)
    built = build(source, languages=["en"], formats=FORMATS.split(","), out_dir=tmp_path / "out")
    assert len(built.outputs) == 4
    code = RUN_MAIN + "assert not any(name.startswith('ethos.chapter') for name in sys.modules)\n"
    loaded, printed = run_and_report(
        code, "build", str(source), "--lang", "en", "--format", FORMATS, "--out", "out",
        cwd=tmp_path,
    )  # fmt: skip
    assert printed == "out/test-co: up to date (4 files)"
    assert "pydantic" in loaded  # it did validate the file
    assert loaded & (CHAPTER_LIBRARIES | TERMINAL) == set()


def test_a_line_to_a_pipe_is_written_as_rich_would_write_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The consoles print a plain line without rich: the same bytes, rich never loaded."""
    from rich.console import Console

    from ethos.cli.common import LazyConsole

    lines = ["plain", "cr\rx", "bell\a bs\b vt\v ff\f", "esc \x1b[31m", "[bold]x[/] :smile:",
             "中文 😀 e\u0301", "", "a\nb", "tab\tx", "\u202eabc"]  # fmt: skip
    for stderr in (False, True):
        for line in lines:
            written = []
            for console in (
                Console(stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=True),
                LazyConsole(stderr=stderr),
            ):
                stream = io.StringIO()
                monkeypatch.setattr(sys, "stderr" if stderr else "stdout", stream)
                console.print(line, style="bold red", markup=False)
                written.append(stream.getvalue())
            assert written[0] == written[1], line
    plain = LazyConsole()
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    plain.print("values.yaml: ok (Test Co)", markup=False)
    assert plain._console is None  # the line needed no rich console
