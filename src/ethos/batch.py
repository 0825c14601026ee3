"""Build many values files at once, in parallel worker processes.

Each worker has one renderer process (see :mod:`ethos.render_pdf`), which imports
WeasyPrint once and keeps its fonts and style caches warm from one PDF to the next. A
file that fails fails alone: the others finish, and the outcome of each is reported as
it completes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .build import BuildResult, build
from .errors import EthosError, InvalidInputError, Problem
from .lifetime import die_with_parent


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


def build_one(path: Path, options: dict[str, Any]) -> Outcome:
    """Build one file; every ethos error becomes data (exceptions do not cross processes)."""
    try:
        return Outcome(path, result=build(path, **options))
    except InvalidInputError as error:
        return Outcome(path, problems=list(error.problems), exit_code=error.exit_code)
    except EthosError as error:
        return Outcome(path, error=str(error), exit_code=error.exit_code)


def default_jobs() -> int:
    """One worker per core."""
    return os.cpu_count() or 1


def build_many(paths: Sequence[Path], jobs: int, options: dict[str, Any]) -> Iterator[Outcome]:
    """Build every file, ``jobs`` at a time, yielding each outcome as it completes."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield build_one(path, options)
        return
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(paths)),
        mp_context=get_context("fork"),
        initializer=die_with_parent,  # a worker (and its renderer) never outlives ethos
        initargs=(os.getpid(),),
    )
    try:
        pending: set[Future[Outcome]] = {pool.submit(build_one, p, options) for p in paths}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    except BaseException:  # Ctrl-C, SIGTERM, or the caller stopped reading: stop now
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
