"""Build many values files at once, in parallel worker processes.

Each worker has one renderer process (see :mod:`ethos.render.pdf`), which imports
WeasyPrint once and keeps its fonts and style caches warm from one PDF to the next. A
file that fails fails alone: the others finish, and the outcome of each is reported as
it completes. That holds for an unexpected error and for a worker that dies, too.

Before anything is built, every file is planned: two files whose company names give
the same output folder ("Acme Inc" and "ACME, INC.") would overwrite each other's
chapters, so both fail and neither is written.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from ..errors import EthosError, InvalidInputError, Problem
from ..system.lifetime import die_with_parent
from ..system.write import confined_path, slugify
from ..values.load import LoadedDocument
from ..values.loading import load_source
from ..values.sources import Source
from ..wording.theme import Theme
from .build import BuildResult, build
from .options import BuildOptions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What happened to one values file: built, up to date, or failed (with the messages)."""

    source: Path
    result: BuildResult | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    exit_code: int = 0

    @property
    def status(self) -> str:
        """``built``, ``up to date`` or ``failed``."""
        if self.exit_code:
            return "failed"
        assert self.result is not None
        return "built" if self.result.outputs else "up to date"


def build_one(path: Path, options: BuildOptions) -> Outcome:
    """Build one file; every error becomes data (exceptions do not cross processes)."""
    try:
        return Outcome(path, result=build(path, options))
    except InvalidInputError as error:
        return Outcome(path, problems=list(error.problems), exit_code=error.exit_code)
    except EthosError as error:
        return Outcome(path, error=str(error), exit_code=error.exit_code)
    except Exception as error:  # whatever it raised, a file fails alone
        log.debug("building %s failed", path, exc_info=True)
        return Outcome(path, error=_unexpected(path, error), exit_code=1)


def _unexpected(path: Path, error: BaseException) -> str:
    return (
        f"{path}: unexpected {type(error).__name__}: {error} — the other files were built; "
        "please report this with the file"
    )


def default_jobs() -> int:
    """One worker per core."""
    return os.cpu_count() or 1


def build_many(paths: Sequence[Path], jobs: int, options: BuildOptions) -> Iterator[Outcome]:
    """Build every file with ``options``, ``jobs`` at a time, yielding each outcome as it
    completes.

    Files whose outputs would collide fail first, without being built.
    """
    collided = output_collisions(paths, options.out_dir)
    yield from (collided[path] for path in paths if path in collided)
    paths = [path for path in paths if path not in collided]
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield build_one(path, options)
        return
    stranded: list[Path] = []
    with _pool(min(jobs, len(paths))) as pool:
        pending: dict[Future[Outcome], Path] = {
            pool.submit(build_one, p, options): p for p in paths
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                path = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    stranded.append(path)  # a worker died: which file killed it is unknown
                except Exception as error:  # the file fails alone
                    yield Outcome(path, error=_unexpected(path, error), exit_code=1)
    # Each file that was in the pool when a worker died is built again alone, in a
    # fresh worker: the one that kills its worker fails, the others are built.
    for path in stranded:
        yield _build_isolated(path, options)


def _build_isolated(path: Path, options: BuildOptions) -> Outcome:
    with _pool(1) as pool:
        try:
            return pool.submit(build_one, path, options).result()
        except BrokenProcessPool:
            message = (
                f"{path}: the worker process building it stopped (killed, out of memory or "
                "crashed) — the other files were built; build this one alone to see more"
            )
            return Outcome(path, error=message, exit_code=1)


@contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes that never outlive ethos (nor do their renderers).

    Each dies with its parent (the kernel's parent-death signal); on Ctrl-C, SIGTERM, or
    when the caller stops reading outcomes, the workers are killed rather than waited for.
    """
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    except BaseException:
        _kill_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers: waiting for them would finish the builds under way.

    A killed worker leaves no half-written output (each is written to a temporary file,
    then renamed), at most a stray temporary file; its renderer dies with it.
    """
    workers = getattr(pool, "_processes", None) or {}  # no public API before Python 3.14
    for process in list(workers.values()):
        process.kill()


def output_collisions(paths: Sequence[Path], out_dir: Path) -> dict[Path, Outcome]:
    """The files whose company names give one output folder, each failed with a message
    naming the others. A file that cannot be read or is invalid is left to its build,
    which reports it."""
    identities: dict[Path, Path] = {}
    # Output folder -> the files going there; the same file named twice is one file
    # (its builds take turns), not a collision.
    folders: dict[Path, dict[Path, tuple[Path, LoadedDocument, str]]] = {}
    with Theme().active():  # the catalog that validation reads, read once for every file
        for path in paths:
            try:
                document, values_file = load_source(Source(path))
                slug = slugify(values_file.company.name)
                folder = confined_path(out_dir, slug)
                identities[path] = path.resolve()
            except Exception:  # reported when the file is built
                continue
            entry = (path, document, values_file.company.name)
            folders.setdefault(folder, {}).setdefault(identities[path], entry)
    problems: dict[Path, Problem] = {}
    for folder, files in folders.items():
        if len(files) < 2:
            continue
        for identity, (_, document, name) in files.items():
            others = " and ".join(
                f"{other_name!r} ({other})"
                for other_identity, (other, _, other_name) in files.items()
                if other_identity != identity
            )
            problems[identity] = document.problem(
                ("company", "name"),
                f"{name!r} gives the same output folder, {out_dir / folder.name}, as {others} — "
                "make the names differ in letters or digits, or build the files into separate "
                "--out folders; none of them was written",
            )
    return {
        path: Outcome(path, problems=[problems[identities[path]]], exit_code=1)
        for path in paths
        if identities.get(path) in problems
    }
