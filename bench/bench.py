"""ethos benchmarks, measured side by side in one run. `make bench` writes bench/RESULTS.md.

1. PDF overhead: an ethos PDF build vs a bare WeasyPrint render of ethos's own HTML, in
   the same process, both warm.
2. Batch: ethos building N companies (md+html+pdf, --jobs 2) vs pandoc run per file on
   the same Markdown (`pandoc in.md -o out.pdf --pdf-engine=weasyprint`).
3. Cost per page for chapters of about 5, 20 and 50 pages (synthetic values files), and
   Chinese against English.
4. Startup: `ethos --help`, `ethos check` and a no-op rebuild vs the import floor of the
   libraries those paths could need, timed in rotation.
5. Peak memory (RSS) of a 5-language md+html+pdf+docx build: the process tree at one
   moment, and ethos and its renderer child each.

Medians of repeated runs; `--quick` runs fewer repetitions and skips N=40. `--only
startup,memory` measures some sections and keeps the others' figures from RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE = REPOSITORY / "values" / "brightline-electronics.yaml"
FULL = REPOSITORY / "values" / "acme-outfitters.yaml"
PYTHON = sys.executable
ETHOS = [PYTHON, "-m", "ethos"]
FLOOR = [PYTHON, "-c", "import yaml, pydantic, jinja2, typer"]


def median_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(command: list[str], **kwargs: object) -> None:
    subprocess.run(command, check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]


# 1 ---------------------------------------------------------------------------------------
def pdf_overhead(repeat: int) -> dict[str, float]:
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
    bare_times, our_times = [], []
    for _ in range(repeat):
        bare_times.append(median_of(1, bare))
        our_times.append(median_of(1, ours))
    shutil.rmtree(out)
    b, o = statistics.median(bare_times), statistics.median(our_times)
    return {"bare": b, "ethos": o, "ratio": o / b}


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


def batch(count: int, repeat: int) -> dict[str, float]:
    work = Path(tempfile.mkdtemp())
    paths = companies(work, count)
    build = [*ETHOS, "build", *map(str, paths), "--lang", "en", "--jobs", "2", "--force",
             "--out", str(work / "ethos")]  # fmt: skip
    ours = median_of(repeat, lambda: run(build))
    markdown = sorted((work / "ethos").rglob("ethics-code.en.md"))
    environment = {**os.environ, "PATH": f"{Path(PYTHON).parent}:{os.environ['PATH']}"}

    def pandoc_per_file() -> None:
        for source in markdown:
            run(["pandoc", str(source), "-o", str(source.with_suffix(".pandoc.pdf")),
                 "--pdf-engine=weasyprint", "--metadata", "title=Ethics"], env=environment)  # fmt: skip

    theirs = median_of(repeat, pandoc_per_file)
    shutil.rmtree(work)
    return {"ethos": ours, "pandoc": theirs, "speedup": theirs / ours}


# 3 ---------------------------------------------------------------------------------------
def long_values_file(directory: Path, own_values: int) -> Path:
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


# 4 ---------------------------------------------------------------------------------------
STARTUP_COMMANDS = ("floor", "help", "check", "no-op rebuild")


def startup(repeat: int) -> dict[str, float]:
    """The three light paths and the import floor, timed in rotation.

    Each round runs every command once, so a busy moment of the shared machine slows all
    of them alike; the median of the rounds is reported. Python writes bytecode for ethos
    as it would for a user (the floor's libraries have theirs from pip), and one warm-up
    round fills the disk cache.
    """
    work = Path(tempfile.mkdtemp())
    environment = {key: value for key, value in os.environ.items()
                   if key != "PYTHONDONTWRITEBYTECODE"}  # fmt: skip
    build = [*ETHOS, "build", str(FULL), "--format", "md,html,pdf,docx", "--out", str(work)]
    run(build, env=environment)
    commands = {"floor": FLOOR, "help": [*ETHOS, "--help"],
                "check": [*ETHOS, "check", str(FULL)], "no-op rebuild": build}  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(repeat + 1):
        for name, command in commands.items():
            started = time.perf_counter()
            run(command, env=environment)
            if round_:  # round 0 warms up
                times[name].append(time.perf_counter() - started)
    shutil.rmtree(work)
    return {name: statistics.median(values) for name, values in times.items()}


# 5 ---------------------------------------------------------------------------------------
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
    """VmRSS and VmHWM (peak RSS) of one process, in bytes; empty when it has ended."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {line.split(":")[0]: int(line.split()[1]) * 1024 for line in lines
            if line.startswith(("VmRSS:", "VmHWM:"))}  # fmt: skip


def peak_rss() -> dict[str, float]:
    """Peak memory of a 5-language md+html+pdf+docx build of one company.

    ``tree``: the largest sum of the resident memory of ethos and all its children at one
    moment (sampled every 10 ms; pages the forked children share with ethos count in
    each). ``ethos`` and ``renderer``: each process's own peak RSS (the kernel's VmHWM,
    exact), the renderer being the largest child.
    """
    work = Path(tempfile.mkdtemp())
    process = subprocess.Popen([*ETHOS, "build", str(FULL), "--force", "--out", str(work),
                                "--format", "md,html,pdf,docx"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    tree, own, children = 0, 0, 0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree, own, children
        while not done.is_set():
            total = 0
            for pid in _processes(process.pid):
                status = _status(pid)
                total += status.get("VmRSS", 0)
                if pid == process.pid:
                    own = max(own, status.get("VmHWM", 0))
                else:
                    children = max(children, status.get("VmHWM", 0))
            tree = max(tree, total)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    shutil.rmtree(work)
    if process.returncode:
        raise SystemExit(f"the memory build failed (exit status {process.returncode})")
    return {"tree_mb": tree / 2**20, "ethos_mb": own / 2**20, "renderer_mb": children / 2**20}


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


def overhead_section(repeat: int) -> list[str]:
    overhead = pdf_overhead(repeat)
    return [
        *TABLE_HEAD,
        f"| PDF build overhead over bare WeasyPrint (same HTML, same process) | "
        f"{overhead['ethos']:.2f} s vs {overhead['bare']:.2f} s = **{overhead['ratio']:.2f}x** "
        f"| ≤ 1.10x | {verdict(overhead['ratio'] <= 1.10)} |",
        "",
        f"Medians of {repeat} renders of each, both warm.",
    ]


def batch_section(quick: bool) -> list[str]:
    sizes = [1, 10] if quick else [1, 10, 40]
    batches = {n: batch(n, 3 if n < 40 else 1) for n in sizes}
    lines = TABLE_HEAD.copy()
    for n, result in batches.items():
        target = "≥ 3x faster" if n == 40 else ""
        ok = verdict(result["speedup"] >= 3) if n == 40 else ""
        lines.append(
            f"| {n} compan{'y' if n == 1 else 'ies'}, md+html+pdf, `--jobs 2` vs pandoc per file | "
            f"{result['ethos']:.1f} s vs {result['pandoc']:.1f} s = **{result['speedup']:.1f}x "
            f"faster** | {target} | {ok} |"
        )
    biggest = batches[max(batches)]
    return [
        *lines,
        "",
        "Medians of 3 runs per batch size, 1 for N=40. The batch compares against pandoc on "
        "the Markdown ethos wrote, one `pandoc` process per file, as a Makefile loop would; at "
        f"N={max(batches)} ethos is {biggest['speedup']:.1f}x faster.",
    ]


def pages_section() -> list[str]:
    pages = per_page(3)
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
        "Medians of 3 builds of each.",
    ]


def startup_section(repeat: int) -> list[str]:
    starts = startup(repeat)
    floor = starts["floor"]
    rows = [("`ethos --help`", "help", 1.3), ("`ethos check` of one file", "check", 1.5),
            ("No-op rebuild (20 outputs, 5 languages x 4 formats, up to date)",
             "no-op rebuild", 1.5)]  # fmt: skip
    lines = [*TABLE_HEAD, f"| Import floor | {floor:.3f} s | | |"]
    for label, name, target in rows:
        ratio = starts[name] / floor
        lines.append(
            f"| {label} vs import floor | {starts[name]:.3f} s = **{ratio:.2f}x** | "
            f"≤ {target}x | {verdict(ratio <= target)} |"
        )
    return [
        *lines,
        "",
        f"Medians of {repeat} rounds; each round runs the floor and the three commands once, "
        "one after another, so they share the machine's load. The import floor is "
        '`python -c "import yaml, pydantic, jinja2, typer"`, the libraries `check` and a '
        "no-op rebuild could at most need. Bytecode is written and used for ethos as for "
        "the floor's libraries (pip compiled theirs).",
    ]


def memory_section() -> list[str]:
    memory = peak_rss()
    return [
        *TABLE_HEAD,
        f"| Peak RSS of a 5-language md+html+pdf+docx build: ethos and its children at one "
        f"moment | **{memory['tree_mb']:.0f} MB** | < 300 MB | "
        f"{verdict(memory['tree_mb'] < 300)} |",
        f"| ... the ethos process alone (peak) | {memory['ethos_mb']:.0f} MB | | |",
        f"| ... its largest child, the PDF renderer (peak) | {memory['renderer_mb']:.0f} MB "
        "| | |",
        "",
        "One build of values/acme-outfitters.yaml (en, it, tl, ur, zh). The first row sums the "
        "resident memory of the whole process tree, sampled every 10 ms; the children are "
        "forked, so pages they still share with ethos count twice. The other rows are each "
        "process's own peak as the kernel records it (VmHWM).",
    ]


SECTIONS = {
    "overhead": "PDF overhead",
    "batch": "Batch vs pandoc",
    "pages": "Cost per page",
    "startup": "Startup",
    "memory": "Memory",
}


def previous_sections(path: Path) -> dict[str, list[str]]:
    """The sections of an earlier RESULTS.md, by key, each with its own date and commit."""
    if not path.exists():
        return {}
    titles = {title: key for key, title in SECTIONS.items()}
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            key = titles.get(line[3:].strip())
            current = found.setdefault(key, []) if key else None
        elif current is not None:
            current.append(line)
    return {key: lines for key, lines in found.items() if key}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no N=40")
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
    repeat = 3 if args.quick else 5
    measure: dict[str, Callable[[], list[str]]] = {
        "overhead": lambda: overhead_section(repeat),
        "batch": lambda: batch_section(args.quick),
        "pages": pages_section,
        "startup": lambda: startup_section(5 if args.quick else 11),
        "memory": memory_section,
    }
    sections = previous_sections(args.output)
    stamp = f"Measured {dt.date.today().isoformat()} at commit {commit()} on {machine()}."
    for number, name in enumerate(args.only, 1):
        print(f"{number}/{len(args.only)} {SECTIONS[name]} ...", flush=True)
        sections[name] = [stamp, "", *measure[name]()]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/bench.py). `python bench/bench.py --only startup,memory` "
        "measures some sections again and keeps the others as they were, so each section "
        "says when, at which commit and on which machine it was measured.",
        "",
    ]
    for name, title in SECTIONS.items():
        if name in sections:
            body = "\n".join(sections[name]).strip("\n")
            lines += [f"## {title}", "", body, ""]
    text = "\n".join(lines).rstrip("\n") + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
