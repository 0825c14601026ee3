"""Build many values files at once, their languages spread over parallel worker processes.

The work is scheduled one language of one file at a time (:mod:`ethos.publish.workers`),
so the last files of a batch, like a single company, use every core. A worker first plans
each file it is given: a file with one language to render is then built whole, there, as
a single unit; a file with several hands its languages back, each becomes a unit for
whichever worker is free, and this process writes the file's outputs once all of them
are rendered. Each worker has one renderer process (see :mod:`ethos.render.pdf`), which
imports WeasyPrint once and keeps its fonts and style caches warm from one PDF to the
next.

A file that fails fails alone: the others finish, and the outcome of each is reported as
it completes. A language that fails fails its file, named in the outcome; the file's
other languages are still rendered, but none is written (a file's outputs are one set).
That holds for an unexpected error and for a worker that dies, too.

Before anything is built, every file is planned: two files whose company names give
the same output folder ("Acme Inc" and "ACME, INC.") would overwrite each other's
chapters, so both fail and neither is written.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import EthosError, InvalidInputError, Problem
from ..wording.languages import LANGUAGES
from ..wording.theme import Theme
from .build import BuildResult, Prepared, build, finish, prepare, render_in_turn
from .language import LanguageOutputs
from .options import BuildOptions
from .plan import colliding_outputs
from .workers import remember, render_unit, worker_pool

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What happened to one values file: built, up to date, or failed (with the messages)."""

    source: Path
    result: BuildResult | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    """What went wrong, one line for each language that failed when several did."""
    exit_code: int = 0
    languages: list[str] = field(default_factory=list)
    """The languages that failed, when the file failed in some of its languages only."""

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
    except Exception as error:  # whatever it raised, a file fails alone
        return _failed(path, error)


def _failed(path: Path, error: Exception, language: str | None = None) -> Outcome:
    """``error`` as the outcome of ``path`` (of its ``language``, when one failed)."""
    languages = [language] if language else []
    if isinstance(error, InvalidInputError):
        return Outcome(path, problems=list(error.problems), exit_code=error.exit_code,
                       languages=languages)  # fmt: skip
    if isinstance(error, EthosError):
        return Outcome(path, error=str(error), exit_code=error.exit_code, languages=languages)
    log.debug("building %s failed", path, exc_info=error)
    return Outcome(path, error=_unexpected(path, error, language), exit_code=1, languages=languages)


def _unexpected(path: Path, error: BaseException, language: str | None = None) -> str:
    where = f"{path} ({language})" if language else str(path)
    return (
        f"{where}: unexpected {type(error).__name__}: {error} — the other files were built; "
        "please report this with the file"
    )


def build_many(paths: Sequence[Path], options: BuildOptions) -> Iterator[Outcome]:
    """Build every file with ``options``, in ``options.jobs`` worker processes, yielding
    each outcome as it completes.

    Files whose outputs would collide fail first, without being built.
    """
    if options.jobs > 1 and len(paths) > 1:
        yield from _Batch(paths, options).outcomes()
        return
    # In turn; a single file still renders its languages in parallel (build's jobs).
    collided = _collisions(paths, options.out_dir)
    yield from (collided[path] for path in paths if path in collided)
    for path in paths:
        if path not in collided:
            yield build_one(path, options)


@dataclass
class _File:
    """A file of the batch whose languages the workers are rendering."""

    prepared: Prepared
    outputs: dict[str, LanguageOutputs] = field(default_factory=dict)
    failures: dict[str, Exception] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return len(self.outputs) + len(self.failures) == len(self.prepared.languages)

    def outcome(self, path: Path, options: BuildOptions) -> Outcome:
        """Its outputs written, or the failure of each language that failed."""
        languages = self.prepared.languages
        if not self.failures:
            try:
                outputs = [self.outputs[language] for language in languages]
                return Outcome(path, result=finish(path, options, self.prepared, outputs))
            except Exception as error:
                return _failed(path, error)
        failed = [_failed(path, self.failures[lang], lang) for lang in languages
                  if lang in self.failures]  # fmt: skip
        errors = [outcome.error for outcome in failed if outcome.error]
        return Outcome(
            path,
            problems=[problem for outcome in failed for problem in outcome.problems],
            error="\n".join(errors) or None,
            exit_code=max(outcome.exit_code for outcome in failed),
            languages=[language for outcome in failed for language in outcome.languages],
        )


def _start(path: Path, options: BuildOptions) -> Outcome | Prepared:
    """In a worker: plan one file and build it whole when it has at most one language to
    render; otherwise keep its plan and hand its languages back, to be scheduled."""

    def start() -> BuildResult | Prepared:
        with Theme().active() as theme:
            plan, prepared = prepare(path, options, theme)
            if not prepared.languages:
                return prepared.result
            if len(prepared.languages) > 1:
                remember(path, options, plan)
                return prepared
            return finish(path, options, prepared, render_in_turn(plan, prepared.languages))

    try:
        started = start()
    except Exception as error:  # whatever it raised, a file fails alone
        return _failed(path, error)
    return Outcome(path, result=started) if isinstance(started, BuildResult) else started


class _Batch:
    """The files of one batch, scheduled over one pool of workers."""

    def __init__(self, paths: Sequence[Path], options: BuildOptions) -> None:
        self.paths = paths
        self.options = options
        self.waiting: deque[Path] = deque()
        self.files: dict[Path, _File] = {}
        # Each future: the file, and the language it renders (None: the file's start).
        self.pending: dict[Future[Any], tuple[Path, str | None]] = {}
        languages = len(options.languages) if options.languages else len(LANGUAGES)
        self.workers = min(options.jobs, len(paths) * languages)

    def outcomes(self) -> Iterator[Outcome]:
        stranded: list[Path] = []
        with worker_pool(self.workers, self.options) as pool:
            # The workers start now, and their renderers import WeasyPrint while this
            # process finds the files whose outputs would collide.
            pool.submit(os.getpid)
            collided = _collisions(self.paths, self.options.out_dir)
            yield from (collided[path] for path in self.paths if path in collided)
            self.waiting.extend(path for path in self.paths if path not in collided)
            self._feed(pool)
            while self.pending:
                done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
                for future in done:
                    path, language = self.pending.pop(future)
                    try:
                        outcome = self._completed(pool, path, language, future)
                    except BrokenProcessPool:
                        stranded.append(path)  # a worker died: which file killed it is unknown
                        continue
                    if outcome is not None:
                        yield outcome
                self._feed(pool)
            stranded.extend(self.waiting)  # never started: the pool broke first
        # Each file that was in the pool when a worker died is built again alone, in a
        # fresh worker: the one that kills its worker fails, the others are built.
        for path in dict.fromkeys(stranded):
            self.files.pop(path, None)
            yield _build_isolated(path, self.options)

    def _feed(self, pool: ProcessPoolExecutor) -> None:
        """Start files while fewer than two units a worker wait: a started file's
        languages then come before the next files."""
        while self.waiting and len(self.pending) < 2 * self.workers:
            path = self.waiting[0]
            try:
                future = pool.submit(_start, path, self.options)
            except BrokenProcessPool:
                return  # the files left are built alone, once the pool has stopped
            self.waiting.popleft()
            self.pending[future] = (path, None)

    def _completed(
        self, pool: ProcessPoolExecutor, path: Path, language: str | None, future: Future[Any]
    ) -> Outcome | None:
        """The outcome of ``path`` when this future completes it, else None.

        Raises:
            BrokenProcessPool: a worker died.
        """
        if language is None:
            try:
                started = future.result()
            except BrokenProcessPool:
                raise
            except Exception as error:  # the file fails alone
                return _failed(path, error)
            if isinstance(started, Outcome):
                return started
            assert isinstance(started, Prepared)
            self.files[path] = _File(started)
            for name in started.languages:
                unit = pool.submit(render_unit, path, self.options, name, started.provenance)
                self.pending[unit] = (path, name)
            return None
        file = self.files.get(path)
        if file is None:  # the file is stranded already
            return None
        try:
            file.outputs[language] = future.result()
        except BrokenProcessPool:
            raise
        except Exception as error:  # the language fails alone; its file fails
            file.failures[language] = error
        if not file.done:
            return None
        del self.files[path]
        return file.outcome(path, self.options)


def _build_isolated(path: Path, options: BuildOptions) -> Outcome:
    alone = replace(options, jobs=1)
    with worker_pool(1, alone) as pool:
        try:
            return pool.submit(build_one, path, alone).result()
        except BrokenProcessPool:
            message = (
                f"{path}: the worker process building it stopped (killed, out of memory or "
                "crashed) — the other files were built; build this one alone to see more"
            )
            return Outcome(path, error=message, exit_code=1)


def _collisions(paths: Sequence[Path], out_dir: Path) -> dict[Path, Outcome]:
    """The files whose company names give one output folder, each failed (see
    :func:`ethos.publish.plan.colliding_outputs`)."""
    return {
        path: Outcome(path, problems=[problem], exit_code=1)
        for path, problem in colliding_outputs(paths, out_dir).items()
    }
