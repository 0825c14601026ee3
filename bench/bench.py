"""ethos benchmarks, measured side by side in one run. `make bench` writes bench/RESULTS.md.

1. Parallel build: one company (values/acme-outfitters.yaml) in 5 languages, md+html+pdf+
   docx, `--jobs 2` against the same work in sequence in one process (`--jobs 1`).
2. Batch: ethos building N companies (md+html+pdf, --jobs 2) vs pandoc run per file on
   the same Markdown (`pandoc in.md -o out.pdf --pdf-engine=weasyprint`); N=1 too.
3. Startup: `ethos --help`, `ethos check` and a no-op rebuild vs the import floor of the
   libraries those paths could need, timed in rotation.
4. Peak memory (RSS, and PSS) of a 5-language md+html+pdf+docx build, with `--jobs 2`
   and `--jobs 1`: the process tree at one moment, and ethos and its largest child each.
5. PDF overhead: an ethos PDF build vs a bare WeasyPrint render of ethos's own HTML, in
   the same process, both warm.
6. Cost per page for chapters of about 5, 20 and 50 pages (synthetic values files), and
   Chinese against English.

Every figure is measured in three runs (`--runs`), given as the median with the range
of the runs; the commands being compared run in turn within each run, so a busy moment
slows them alike. Commands run as a user's would: Python writes and reads bytecode.
`--quick` runs once and skips N=40. `--only parallel,memory` measures some sections and
keeps the others' figures from RESULTS.md, as it keeps the sections other scripts write
(bench/peers.py, bench/profiles.py). RESULTS.md opens with every target, met or missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE = REPOSITORY / "values" / "brightline-electronics.yaml"
FULL = REPOSITORY / "values" / "acme-outfitters.yaml"
PYTHON = sys.executable
ETHOS = [PYTHON, "-m", "ethos"]
FLOOR = [PYTHON, "-c", "import yaml, pydantic, jinja2, typer"]
EVERY_FORMAT = "md,html,pdf,docx"
# As a user's shell would run them: bytecode written and read (a sandbox may turn it
# off), and the venv's `weasyprint` on PATH for pandoc.
ENVIRONMENT = {
    **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
    "PATH": f"{Path(PYTHON).parent}:{os.environ.get('PATH', '')}",
}


def median_of(repeat: int, action: Callable[[], object]) -> float:
    return statistics.median(times_of(repeat, action))


def times_of(repeat: int, action: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def run(command: list[str], **kwargs: object) -> None:
    kwargs.setdefault("env", ENVIRONMENT)
    subprocess.run(command, check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    run(command)
    return time.perf_counter() - started


def spread(values: Sequence[float], unit: str = " s", digits: int = 2) -> str:
    """The median, and the range when there are several runs: ``8.10 s (7.92-8.43)``."""
    middle = f"{statistics.median(values):.{digits}f}{unit}"
    if len(values) < 2:
        return middle
    return f"{middle} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def ratio(values: Sequence[float]) -> str:
    return spread(values, "x")


def files_of(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}  # fmt: skip


# 1 ---------------------------------------------------------------------------------------
def parallel(runs: int) -> dict[str, list[float]]:
    """One company, 5 languages, every format: `--jobs 2` and `--jobs 1`, in turn."""
    work = Path(tempfile.mkdtemp())

    def build(jobs: int) -> list[str]:
        return [*ETHOS, "build", str(FULL), "--format", EVERY_FORMAT, "--force",
                "--jobs", str(jobs), "--out", str(work / f"jobs-{jobs}")]  # fmt: skip

    run(build(1)), run(build(2))  # warm: bytecode, the disk cache
    if files_of(work / "jobs-1") != files_of(work / "jobs-2"):
        raise SystemExit("--jobs 2 wrote other files than --jobs 1")
    results: dict[str, list[float]] = {"sequence": [], "parallel": [], "ratio": []}
    for _ in range(runs):
        sequence, parallel_ = timed(build(1)), timed(build(2))
        results["sequence"].append(sequence)
        results["parallel"].append(parallel_)
        results["ratio"].append(parallel_ / sequence)
    shutil.rmtree(work)
    return results


# 2 ---------------------------------------------------------------------------------------
def companies(directory: Path, count: int) -> list[Path]:
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for index in range(count):
        path = directory / f"company-{index:02d}.yaml"
        path.write_text(text.replace("name: Brightline Electronics",
                                     f"name: Brightline {index:02d}"), encoding="utf-8")  # fmt: skip
        paths.append(path)
    return paths


def batch(count: int, runs: int) -> dict[str, list[float]]:
    """N companies with `--jobs 2`, and pandoc once per file on the Markdown ethos wrote."""
    work = Path(tempfile.mkdtemp())
    paths = companies(work, count)
    build = [*ETHOS, "build", *map(str, paths), "--lang", "en", "--jobs", "2", "--force",
             "--out", str(work / "ethos")]  # fmt: skip
    run(build)  # warm, and the Markdown for pandoc
    markdown = sorted((work / "ethos").rglob("ethics-code.en.md"))

    def pandoc_per_file() -> None:
        for source in markdown:
            run(["pandoc", str(source), "-o", str(source.with_suffix(".pandoc.pdf")),
                 "--pdf-engine=weasyprint", "--metadata", "title=Ethics"])  # fmt: skip

    results: dict[str, list[float]] = {"ethos": [], "pandoc": [], "speedup": []}
    for _ in range(runs):
        ours = timed(build)
        [theirs] = times_of(1, pandoc_per_file)
        results["ethos"].append(ours)
        results["pandoc"].append(theirs)
        results["speedup"].append(theirs / ours)
    shutil.rmtree(work)
    return results


# 3 ---------------------------------------------------------------------------------------
STARTUP_COMMANDS = ("floor", "help", "check", "no-op rebuild")


def startup(runs: int, rounds: int) -> dict[str, list[float]]:
    """The three light paths and the import floor, timed in rotation.

    Each round runs every command once, so a busy moment of the shared machine slows all
    of them alike; each run is the median of its ``rounds``. One warm-up round fills the
    disk cache and writes bytecode for ethos as a user's first run would.
    """
    work = Path(tempfile.mkdtemp())
    build = [*ETHOS, "build", str(FULL), "--format", EVERY_FORMAT, "--out", str(work)]
    run(build)
    commands = {"floor": FLOOR, "help": [*ETHOS, "--help"],
                "check": [*ETHOS, "check", str(FULL)], "no-op rebuild": build}  # fmt: skip
    for command in commands.values():
        run(command)
    medians: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                times[name].append(timed(command))
        for name, values in times.items():
            medians[name].append(statistics.median(values))
    shutil.rmtree(work)
    return medians


# 4 ---------------------------------------------------------------------------------------
def _processes(root: int) -> list[int]:
    """A process and all its descendants, now."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of one process, and its Pss, in bytes; empty when it
    has ended."""
    found: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line.split(":")[0]] = int(line.split()[1]) * 1024
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                found["Pss"] = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return found
    return found


def peak_memory(jobs: int) -> dict[str, float]:
    """Peak memory of a 5-language md+html+pdf+docx build of one company.

    ``tree``: the largest sum of the resident memory of ethos and all its children at
    one moment (sampled every 20 ms; pages the forked children share with ethos count
    in each); ``tree_pss``: the same with each shared page divided among the processes
    that share it (PSS), which is what the build takes from the machine. ``ethos`` and
    ``child``: each process's own peak RSS (the kernel's VmHWM, exact), the child being
    the largest of ethos's descendants (a renderer).
    """
    work = Path(tempfile.mkdtemp())
    process = subprocess.Popen([*ETHOS, "build", str(FULL), "--force", "--out", str(work),
                                "--format", EVERY_FORMAT, "--jobs", str(jobs)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=ENVIRONMENT)  # fmt: skip
    tree, tree_pss, own, children = 0, 0, 0, 0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree, tree_pss, own, children
        while not done.is_set():
            rss = pss = 0
            for pid in _processes(process.pid):
                status = _status(pid)
                rss += status.get("VmRSS", 0)
                pss += status.get("Pss", 0)
                if pid == process.pid:
                    own = max(own, status.get("VmHWM", 0))
                else:
                    children = max(children, status.get("VmHWM", 0))
            tree, tree_pss = max(tree, rss), max(tree_pss, pss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    shutil.rmtree(work)
    if process.returncode:
        raise SystemExit(f"the memory build failed (exit status {process.returncode})")
    return {"tree": tree / 2**20, "tree_pss": tree_pss / 2**20, "ethos": own / 2**20,
            "child": children / 2**20}  # fmt: skip


def memory(runs: int) -> dict[int, dict[str, list[float]]]:
    results: dict[int, dict[str, list[float]]] = {2: {}, 1: {}}
    for _ in range(runs):
        for jobs, figures in results.items():
            for name, value in peak_memory(jobs).items():
                figures.setdefault(name, []).append(value)
    return results


# 5 ---------------------------------------------------------------------------------------
def pdf_overhead(repeat: int) -> dict[str, list[float]]:
    import weasyprint

    from ethos.publish.build import build, compose
    from ethos.render.html import render_html

    out = Path(tempfile.mkdtemp())
    html = render_html(compose(FULL, language="en"))

    def bare() -> None:
        weasyprint.HTML(string=html).write_pdf(pdf_tags=True, presentational_hints=True)

    def ours() -> None:
        build(FULL, languages=["en"], formats=["pdf"], out_dir=out, force=True)

    bare(), ours()  # warm both: fonts, styles, the renderer process
    results: dict[str, list[float]] = {"bare": [], "ethos": [], "ratio": []}
    for _ in range(repeat):
        results["bare"].append(median_of(1, bare))
        results["ethos"].append(median_of(1, ours))
        results["ratio"].append(results["ethos"][-1] / results["bare"][-1])
    shutil.rmtree(out)
    return results


# 6 ---------------------------------------------------------------------------------------
def long_values_file(directory: Path, own_values: int) -> Path:
    _brand(directory)
    data = yaml.safe_load(FULL.read_text(encoding="utf-8"))
    data["document"]["translations"] = []
    statement = " ".join(
        f"Sentence {n} explains how this commitment shapes the way we serve customers, "
        "what we do when a promise cannot be kept, and how colleagues support each other."
        for n in range(8)
    )
    for index in range(own_values):
        data["values"].append({
            "id": f"extra_{index}", "title": f"Commitment number {index}", "statement": statement,
            "behaviours": [f"Behaviour {n} of commitment {index}, written out in a full sentence."
                           for n in range(6)],
        })  # fmt: skip
    path = directory / f"long-{own_values}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _brand(directory: Path) -> None:
    """The example's logo folder beside a values file made from it, which names it."""
    if not (directory / "brand").exists():
        shutil.copytree(FULL.parent / "brand", directory / "brand")


def per_page(repeat: int) -> dict[str, dict[str, float]]:
    from pypdf import PdfReader

    from ethos.publish.build import build

    work = Path(tempfile.mkdtemp())
    results = {}
    cases = {"about 5 pages": (FULL, "en", None), "about 20 pages": (None, "en", 0),
             "about 50 pages": (None, "en", 0), "Chinese": (FULL, "zh", None)}  # fmt: skip
    extra = {"about 5 pages": 0, "about 20 pages": 22, "about 50 pages": 70}
    for label, (path, language, _) in cases.items():
        source = path or long_values_file(work, extra[label])
        if label == "about 5 pages":
            _brand(work)
            data = yaml.safe_load(FULL.read_text(encoding="utf-8"))
            data["document"]["translations"] = []
            data["policies"] = {}  # the shortest realistic chapter
            source = work / "short.yaml"
            source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

        def once(source: Path = source, language: str = language) -> Path:
            return build(source, languages=[language], formats=["pdf"], out_dir=work / "out",
                         force=True).outputs[0]  # fmt: skip

        output = once()  # warm
        seconds = median_of(repeat, once)
        pages = len(PdfReader(output).pages)
        results[label] = {"pages": pages, "seconds": seconds, "per_page": seconds / pages}
    english = median_of(repeat, lambda: build(FULL, languages=["en"], formats=["pdf"],
                                              out_dir=work / "out", force=True))  # fmt: skip
    pages = len(PdfReader(work / "out" / "acme-outfitters" / "ethics-code.en.pdf").pages)
    results["English"] = {"pages": pages, "seconds": english, "per_page": english / pages}
    shutil.rmtree(work)
    return results


# -----------------------------------------------------------------------------------------
def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    import pydantic
    import weasyprint

    pango = subprocess.run(["pkg-config", "--modversion", "pango"], check=False,
                           capture_output=True, text=True).stdout.strip() or "system"  # fmt: skip
    subset = "installed" if Path("/usr/share/doc/libharfbuzz-subset0").exists() else "missing"
    pandoc = shutil.which("pandoc")
    pandoc_version = "no pandoc"
    if pandoc:
        version = subprocess.run([pandoc, "--version"], check=False, capture_output=True, text=True)
        pandoc_version = version.stdout.splitlines()[0]
    return (
        f"{platform.platform()}; {cpu}, {os.cpu_count()} cores, {memory:,} MB RAM; "
        f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
        f"pydantic {pydantic.__version__}, Pango {pango}, libharfbuzz-subset0 {subset}; "
        f"{pandoc_version}"
    )


def load_average() -> str:
    """The machine's 1-minute load average: above 0 means others were running too."""
    return Path("/proc/loadavg").read_text().split()[0]


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def commit() -> str:
    """The commit measured, and whether the source differed from it."""

    def git(*arguments: str) -> str:
        done = subprocess.run(["git", *arguments], check=False, capture_output=True, text=True,
                              cwd=REPOSITORY)  # fmt: skip
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "src", "templates")
    return f"{head} with uncommitted changes" if changed else head


TABLE_HEAD = ["| Measurement | Result | Target | |", "|---|---|---|---|"]


def parallel_section(runs: int) -> list[str]:
    figures = parallel(runs)
    middle = statistics.median(figures["ratio"])
    return [
        *TABLE_HEAD,
        f"| One company in 5 languages, md+html+pdf+docx, on {os.cpu_count()} cores: `--jobs 2` "
        f"vs the same work in sequence in one process (`--jobs 1`) | "
        f"{spread(figures['parallel'])} vs {spread(figures['sequence'])} = "
        f"**{ratio(figures['ratio'])}** of the time | ≤ 0.6x | {verdict(middle <= 0.6)} |",
        "",
        f"values/acme-outfitters.yaml (en, it, tl, ur, zh), `ethos build --force` each time; "
        f"median of {runs} runs, each running `--jobs 1` then `--jobs 2`, with the range. "
        "Before timing, both builds' outputs are compared: byte for byte the same files.",
    ]


def batch_section(runs: int, quick: bool) -> list[str]:
    sizes = [1, 10] if quick else [1, 10, 40]
    batches = {n: batch(n, runs) for n in sizes}
    targets = {1: (1.0, "no slower (≥ 1.0x)"), 40: (3.0, "≥ 3x faster")}
    lines = TABLE_HEAD.copy()
    for n, figures in batches.items():
        target, wording = targets.get(n, (None, ""))
        ok = verdict(statistics.median(figures["speedup"]) >= target) if target else ""
        lines.append(
            f"| {n} compan{'y' if n == 1 else 'ies'}, md+html+pdf, `--jobs 2` vs pandoc per file "
            f"| {spread(figures['ethos'], digits=1)} vs {spread(figures['pandoc'], digits=1)} = "
            f"**{ratio(figures['speedup'])} as fast** | {wording} | {ok} |"
        )
    return [
        *lines,
        "",
        f"Median of {runs} runs per batch size, with the range; each run times ethos, then "
        "pandoc. pandoc converts the Markdown ethos wrote, one `pandoc --pdf-engine="
        "weasyprint` process per file, as a Makefile loop would. Companies are copies of "
        "values/brightline-electronics.yaml under their own names, built in English.",
    ]


def startup_section(runs: int, rounds: int) -> list[str]:
    starts = startup(runs, rounds)
    floor = starts["floor"]
    rows = [("`ethos --help`", "help", 1.3), ("`ethos check` of one file", "check", 1.5),
            ("No-op rebuild (20 outputs, 5 languages x 4 formats, up to date)",
             "no-op rebuild", 1.5)]  # fmt: skip
    lines = [*TABLE_HEAD, f"| Import floor | {spread(floor, digits=3)} | | |"]
    for label, name, target in rows:
        ratios = [value / base for value, base in zip(starts[name], floor, strict=True)]
        lines.append(
            f"| {label} vs import floor | {spread(starts[name], digits=3)} = "
            f"**{ratio(ratios)}** | ≤ {target}x | {verdict(statistics.median(ratios) <= target)} |"
        )
    return [
        *lines,
        "",
        f"Median of {runs} runs, with the range; each run is the median of {rounds} rounds, "
        "and each round runs the floor and the three commands once, one after another, so "
        "they share the machine's load. The import floor is "
        '`python -c "import yaml, pydantic, jinja2, typer"`, the libraries `check` and a '
        "no-op rebuild could at most need. Bytecode is written and used for ethos as for "
        "the floor's libraries (pip compiled theirs).",
    ]


def memory_section(runs: int) -> list[str]:
    figures = memory(runs)
    parallel_, sequence = figures[2], figures[1]
    worst = statistics.median(parallel_["tree"])
    return [
        *TABLE_HEAD,
        f"| Peak RSS of a 5-language md+html+pdf+docx build (`--jobs 2`, the default on 2 "
        f"cores): ethos and its children at one moment | **{spread(parallel_['tree'], ' MB', 0)}"
        f"** | < 300 MB | {verdict(worst < 300)} |",
        f"| ... the same counting each shared page once (PSS) | "
        f"{spread(parallel_['tree_pss'], ' MB', 0)} | | |",
        f"| ... the ethos process alone (peak) | {spread(parallel_['ethos'], ' MB', 0)} | | |",
        f"| ... its largest child, a PDF renderer (peak) | {spread(parallel_['child'], ' MB', 0)} "
        "| | |",
        f"| The same build with `--jobs 1`: ethos and its renderer at one moment (RSS) | "
        f"{spread(sequence['tree'], ' MB', 0)} | | |",
        f"| ... PSS | {spread(sequence['tree_pss'], ' MB', 0)} | | |",
        "",
        f"One build of values/acme-outfitters.yaml (en, it, tl, ur, zh) at a time, median of "
        f"{runs} runs with the range. The process tree is sampled every 20 ms: with "
        "`--jobs 2` it is ethos, two workers and a renderer for each. RSS counts the pages "
        "the forked processes share in each of them; PSS divides each shared page among "
        "its sharers, which is what the build takes from the machine. The per-process rows "
        "are each process's own peak as the kernel records it (VmHWM).",
    ]


def overhead_section(repeat: int) -> list[str]:
    overhead = pdf_overhead(repeat)
    middle = statistics.median(overhead["ratio"])
    return [
        *TABLE_HEAD,
        f"| PDF build overhead over bare WeasyPrint (same HTML, same process) | "
        f"{spread(overhead['ethos'])} vs {spread(overhead['bare'])} = "
        f"**{ratio(overhead['ratio'])}** | ≤ 1.10x | {verdict(middle <= 1.10)} |",
        "",
        f"Median of {repeat} renders of each, in turn, both warm, with the range.",
    ]


def pages_section(repeat: int) -> list[str]:
    pages = per_page(repeat)
    small, large = pages["about 5 pages"], pages["about 50 pages"]
    page_ratio = large["per_page"] / small["per_page"]
    chinese_ratio = pages["Chinese"]["per_page"] / pages["English"]["per_page"]
    lines = TABLE_HEAD.copy()
    for label in ("about 5 pages", "about 20 pages", "about 50 pages"):
        result = pages[label]
        lines.append(
            f"| Cost per page, {result['pages']} pages | {result['seconds']:.2f} s, "
            f"{result['per_page'] * 1000:.0f} ms/page | | |"
        )
    return [
        *lines,
        f"| Per-page cost at {large['pages']} pages vs {small['pages']} pages | "
        f"**{page_ratio:.2f}x** | ≤ 1.2x | {verdict(page_ratio <= 1.2)} |",
        f"| Chinese vs English per page (Acme, {pages['Chinese']['pages']} and "
        f"{pages['English']['pages']} pages) | {pages['Chinese']['per_page'] * 1000:.0f} vs "
        f"{pages['English']['per_page'] * 1000:.0f} ms/page = **{chinese_ratio:.2f}x** | "
        f"≤ 1.3x | {verdict(chinese_ratio <= 1.3)} |",
        "",
        f"Medians of {repeat} builds of each.",
    ]


SECTIONS = {
    "parallel": "Parallel build",
    "batch": "Batch vs pandoc",
    "startup": "Startup",
    "memory": "Memory",
    "overhead": "PDF overhead",
    "pages": "Cost per page",
}
SUMMARY = "Targets"
TARGET_ROW = re.compile(r"^\| (?P<what>[^|]+) \| (?P<result>[^|]+) \| (?P<target>[^|]+) \| "
                        r"(?P<verdict>met|\*\*missed\*\*) \|$")  # fmt: skip


def previous_sections(path: Path) -> dict[str, list[str]]:
    """The sections of an earlier RESULTS.md by title, in their order, each with its own
    date and commit (those of other scripts too)."""
    if not path.exists():
        return {}
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = found.setdefault(line[3:].strip(), [])
        elif current is not None:
            current.append(line)
    return found


def summary(sections: dict[str, list[str]]) -> list[str]:
    """Every target of every section, met or missed, in one table."""
    lines = ["| Section | Measurement | Result | Target | |", "|---|---|---|---|---|"]
    for title, body in sections.items():
        for line in body:
            row = TARGET_ROW.match(line)
            if row:
                lines.append(f"| {title} | {row['what']} | {row['result']} | {row['target']} "
                             f"| {row['verdict']} |")  # fmt: skip
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each, no N=40")
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (default 3)")
    parser.add_argument(
        "--only",
        type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
        default=list(SECTIONS),
        help=f"comma-separated sections to measure ({', '.join(SECTIONS)}); the others keep "
        "their figures from the previous RESULTS.md",
    )
    parser.add_argument("--output", type=Path, default=REPOSITORY / "bench" / "RESULTS.md")
    args = parser.parse_args()
    unknown = [name for name in args.only if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    runs = 1 if args.quick else args.runs
    measure: dict[str, Callable[[], list[str]]] = {
        "parallel": lambda: parallel_section(runs),
        "batch": lambda: batch_section(runs, args.quick),
        "startup": lambda: startup_section(runs, 3 if args.quick else 5),
        "memory": lambda: memory_section(runs),
        "overhead": lambda: overhead_section(3 if args.quick else 5),
        "pages": lambda: pages_section(3),
    }
    sections = previous_sections(args.output)
    sections.pop(SUMMARY, None)
    stamp = f"at commit {commit()} on {machine()}"
    for number, name in enumerate(args.only, 1):
        print(f"{number}/{len(args.only)} {SECTIONS[name]} ...", flush=True)
        before = load_average()
        body = measure[name]()
        when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        sections[SECTIONS[name]] = [
            f"Measured {when} {stamp}. Load average (1 minute) {before} before, "
            f"{load_average()} after.",
            "",
            *body,
        ]
        write(args.output, sections)  # each section as soon as it is measured
    print(args.output.read_text(encoding="utf-8"))
    return 0


def write(path: Path, sections: dict[str, list[str]]) -> None:
    # The benchmark's sections in their order, then those of other scripts as they were.
    ordered = [title for title in SECTIONS.values() if title in sections]
    ordered += [title for title in sections if title not in ordered]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/bench.py, then bench/peers.py). `python bench/bench.py "
        "--only parallel,memory` measures some sections again and keeps the others as they "
        "were, so each section says when, at which commit and on which machine it was "
        "measured, and how busy the machine was (the load average; 0 is idle, 2 is both "
        "cores busy with other work). The profile is bench/profiles.py's.",
        "",
        f"## {SUMMARY}",
        "",
        *summary({title: sections[title] for title in ordered}),
        "",
    ]
    for title in ordered:
        body = "\n".join(sections[title]).strip("\n")
        lines += [f"## {title}", "", body, ""]
    text = "\n".join(lines).rstrip("\n") + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
