"""Where a build spends its time: cProfile in every process of one `ethos build` run.

An `ethos build` runs in several processes: the command itself, the `--jobs` workers and
each one's PDF renderer. cProfile sees one process, so this runs the command here with
every process profiling itself: the command from start to end, each forked worker from
its start to its end, and each renderer around every layout (its figures are saved after
each one, since a renderer is killed with its worker). It prints, for each kind of
process, the time profiled and the top entries by own time and by cumulative time.
cProfile's clock is the wall clock (a process waiting for another shows as time in
`poll` or `read`; a busy machine stretches every entry alike) and it slows Python code
more than C code, so the shares are indicative; bench/bench.py gives the times.

    python bench/profiles.py batch     # 40 companies (bench.py's), md+html+pdf, en, --jobs 2
    python bench/profiles.py company   # values/acme-outfitters.yaml, 5 languages, pdf
    python bench/profiles.py batch --write before   # also into RESULTS.md, "## Profile"
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from multiprocessing import process
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import FULL, REPOSITORY, commit, companies, machine

RESULTS = REPOSITORY / "bench" / "RESULTS.md"
HEADING = "## Profile"
TOP = 10
RUNS = {
    "batch": "40 companies, md+html+pdf, en, `--jobs 2`",
    "company": "values/acme-outfitters.yaml, 5 languages, pdf",
}


class _Profiles:
    """Each process's profiler, saved under ``folder`` as ``<role>-<pid>.prof``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.current: cProfile.Profile | None = None
        self.role = "main"

    def save(self) -> None:
        if self.current is not None:
            self.current.disable()
            self.current.dump_stats(self.folder / f"{self.role}-{os.getpid()}.prof")
            self.current.enable()

    def install(self) -> None:
        """Profile each forked process from its start, and each renderer per layout."""
        from ethos.render import pdf

        profiles = self
        original_run = process.BaseProcess.run
        original_lay_out = pdf.lay_out

        def run(child: process.BaseProcess) -> None:
            sys.setprofile(None)  # the fork inherited the parent's profiler
            profiles.role = (
                "renderer" if getattr(child, "_target", None) is pdf._serve else "worker"
            )
            profiles.current = cProfile.Profile()
            profiles.current.enable()
            try:
                original_run(child)
            finally:
                profiles.current.disable()
                profiles.save()

        def lay_out(*arguments: Any) -> Any:
            try:
                return original_lay_out(*arguments)
            finally:
                profiles.save()

        process.BaseProcess.run = run  # type: ignore[method-assign]
        pdf.lay_out = lay_out


def profile(arguments: list[str], folder: Path) -> float:
    """Run ``ethos`` with ``arguments`` here, every process profiled; the wall time."""
    from ethos.cli.app import app

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    profiles = _Profiles(folder)
    profiles.install()
    profiles.current = cProfile.Profile()
    started = time.perf_counter()
    profiles.current.enable()
    try:
        with Path(os.devnull).open("w") as quiet, redirect_stdout(quiet), redirect_stderr(quiet):
            app(arguments, standalone_mode=False)
    finally:
        profiles.current.disable()
    seconds = time.perf_counter() - started
    profiles.current.dump_stats(folder / f"main-{os.getpid()}.prof")
    return seconds


def _short(function: tuple[str, int, str]) -> str:
    filename, line, name = function
    for marker in ("/site-packages/", "/src/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    if filename == "~":
        return name  # a built-in
    return f"{filename}:{line}({name})"


# What the summary adds up, by kind of process: (label, [(file ending, function name)]).
# Cumulative times: a row includes the rows it calls (Jinja compiles inside composing).
SUMMARY = {
    "renderer": [
        ("PDF layout (WeasyPrint, ethos's tagging)", [("pdf_layout.py", "lay_out")]),
        ("idle: waiting for the next PDF", [("~", "<built-in method posix.read>")]),
    ],
    "worker": [
        ("planning a file (load, validate, fingerprint)", [("build.py", "_plan"),
                                                           ("plan.py", "plan_build")]),
        ("composing chapters", [("compose.py", "compose_chapter")]),
        ("Jinja compiling templates (in all of the above and below)",
         [("jinja2/environment.py", "compile")]),
        ("HTML", [("render/html.py", "render_html")]),
        ("DOCX", [("render/docx.py", "render_docx")]),
        ("font coverage check", [("render/fonts.py", "check_coverage")]),
        ("writing outputs", [("system/write.py", "write_all")]),
        ("idle: waiting for the renderer", [("~", "<method 'poll' of 'select.poll' objects>")]),
    ],
}  # fmt: skip
SUMMARY["main"] = [
    (
        "finding output-folder collisions (batch)",
        [("batch.py", "output_collisions"), ("plan.py", "colliding_outputs")],
    ),
    *SUMMARY["worker"],
    ("idle: waiting for the workers", [("~", "<method 'acquire' of '_thread.lock' objects>")]),
]


def _merged(folder: Path, role: str) -> tuple[int, dict[Any, Any]]:
    files = sorted(str(path) for path in folder.glob(f"{role}-*.prof"))
    if not files:
        return 0, {}
    stats = pstats.Stats(files[0], stream=io.StringIO())
    for other in files[1:]:
        stats.add(other)
    return len(files), stats.stats  # type: ignore[attr-defined]


def _cumulative(entries: dict[Any, Any], functions: list[tuple[str, str]]) -> float:
    return sum(
        entry[3]
        for (filename, _, name), entry in entries.items()
        for ending, wanted in functions
        if name == wanted and filename.endswith(ending)
    )


def tables(folder: Path) -> list[str]:
    """A summary of where each kind of process spends its time, then for each kind the
    top entries by own time and the ethos functions by cumulative time."""
    merged = {role: _merged(folder, role) for role in ("main", "worker", "renderer")}
    lines = ["| Process | Where | Time | Share |", "|---|---|---:|---:|"]
    for role, (count, entries) in merged.items():
        total = sum(entry[2] for entry in entries.values())
        for label, functions in SUMMARY[role] if count else []:
            seconds = _cumulative(entries, functions)
            if seconds >= 0.005:
                lines.append(f"| {role} | {label} | {seconds:.2f} s | {seconds / total:.0%} |")
    lines.append("")
    for role, (count, entries) in merged.items():
        if not count:
            continue
        total = sum(entry[2] for entry in entries.values())
        lines += [
            f"**{role}** ({count} process{'es' if count > 1 else ''}, {total:.1f} s profiled)",
            "",
            "| Own time | Cumulative | Calls | Function |",
            "|---:|---:|---:|---|",
        ]
        own = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:TOP]
        for function, (_, calls, tottime, cumtime, _) in own:
            lines.append(
                f"| {tottime:.2f} s | {cumtime:.2f} s | {calls:,} | `{_short(function)}` |"
            )
        ours = [item for item in entries.items() if "/ethos/" in item[0][0]]
        ours.sort(key=lambda item: item[1][3], reverse=True)
        lines += ["", "| ethos function | Cumulative | Calls |", "|---|---:|---:|"]
        for function, (_, calls, _, cumtime, _) in ours[:TOP]:
            lines.append(f"| `{_short(function)}` | {cumtime:.2f} s | {calls:,} |")
        lines.append("")
    return lines


def command(run: str, work: Path) -> list[str]:
    if run == "batch":
        paths = companies(work, 40)
        return ["build", *map(str, paths), "--lang", "en", "--jobs", "2", "--force",
                "--format", "md,html,pdf", "--out", str(work / "out")]  # fmt: skip
    return ["build", str(FULL), "--format", "pdf", "--force", "--out", str(work / "out")]


def write(label: str, body: list[str]) -> None:
    """Replace (or add) the subsection ``### label`` of RESULTS.md's profile section."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if HEADING not in text:
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n"
    start = text.index(HEADING) + len(HEADING)
    end = text.find("\n## ", start)
    section = text[start:] if end < 0 else text[start:end]
    parts = re.split(r"(?m)^(?=### )", section)
    heading = f"### {label}\n"
    kept = [part for part in parts if not part.startswith(heading)]
    new = heading + "\n" + "\n".join(body).strip("\n") + "\n\n"
    section = "".join([*kept, new]).rstrip("\n") + "\n"
    text = text[:start] + section + ("" if end < 0 else text[end:])
    RESULTS.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", choices=list(RUNS))
    parser.add_argument("--write", metavar="LABEL", help="also write the tables to RESULTS.md")
    parser.add_argument("--keep", type=Path, help="save the .prof files in this (new) folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    folder = work / "profiles"
    folder.mkdir()
    try:
        seconds = profile(command(args.run, work), folder)
        body = [
            f"{RUNS[args.run]}: {seconds:.1f} s wall under cProfile. Measured at commit "
            f"{commit()} on {machine()}.",
            "",
            *tables(folder),
        ]
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.copytree(folder, args.keep)
    finally:
        shutil.rmtree(work)
    print("\n".join(body))
    if args.write:
        write(f"{args.write}: {RUNS[args.run]}", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
