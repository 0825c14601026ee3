"""Build many values files at once, in parallel worker processes.

Each worker imports WeasyPrint once and warms its fonts once (when PDFs are wanted);
every PDF it renders is then laid out in a short-lived child forked from the warm
worker (see :mod:`ethos.render_pdf`). A file that fails fails alone: the others finish,
and the outcome of each is reported as it completes.
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
    wants_pdf = "pdf" in options.get("formats", ())
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(paths)),
        mp_context=get_context("fork"),
        initializer=_warm_worker if wants_pdf else None,
    ) as pool:
        pending: set[Future[Outcome]] = {pool.submit(build_one, p, options) for p in paths}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()


def _warm_worker() -> None:
    """Import WeasyPrint and load the fonts once, before the worker's first PDF."""
    from .render_pdf import warm_up

    warm_up()
