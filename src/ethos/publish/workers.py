"""Worker processes for parallel builds: forked, dying with ethos, each with a warm renderer.

The unit of work of a parallel build is one language of one values file, in every format
asked for (:func:`render_unit`): the chapter is composed once for all of them, and the
PDF, by far the longest, is laid out by the worker's renderer. So one company's languages
use every core, and a batch (:mod:`ethos.publish.batch`) spreads its files' languages over
the same workers. Each worker starts its PDF renderer (:mod:`ethos.render.pdf`) as it
starts, so WeasyPrint is imported while the first chapter is composed, and keeps it warm
from one PDF to the next.

A worker keeps the plans of the files it renders (:class:`_Plans`): those of the process
that forked it are inherited as they are; any other it makes itself, once, and checks
against the fingerprints of the file's first plan, so that every language of a build
comes from the same inputs even if a file is edited meanwhile.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from ..errors import OutputError, RenderError
from ..system.lifetime import die_with_parent
from ..wording.localization import english_name
from ..wording.theme import Theme
from .language import LanguageOutputs, render_language
from .manifest import Provenance
from .options import BuildOptions
from .plan import Plan, plan_build

log = logging.getLogger(__name__)

PlanKey = tuple[Path, BuildOptions]


@contextmanager
def worker_pool(
    workers: int, options: BuildOptions, plans: Mapping[PlanKey, Plan] | None = None
) -> Iterator[ProcessPoolExecutor]:
    """``workers`` worker processes that never outlive ethos (nor do their renderers).

    Each dies with its parent (the kernel's parent-death signal); on Ctrl-C, SIGTERM, or
    when the caller stops reading outcomes, the workers are killed rather than waited for.
    The workers are forked, and ``plans`` reach them as they are, unpickled.
    """
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(), "pdf" in options.formats, dict(plans or {})),
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


class _Plans:
    """The plans one worker keeps: the few it used last, each file's made at most once."""

    KEPT = 8

    def __init__(self, inherited: Mapping[PlanKey, Plan]) -> None:
        self._plans: OrderedDict[PlanKey, Plan] = OrderedDict(inherited)

    def remember(self, path: Path, options: BuildOptions, plan: Plan) -> None:
        self._plans[path, options] = plan
        self._plans.move_to_end((path, options))
        while len(self._plans) > self.KEPT:
            self._plans.popitem(last=False)

    def plan(self, path: Path, options: BuildOptions, provenance: Provenance) -> Plan:
        """The plan of ``path``, made from the inputs ``provenance`` fingerprints.

        Raises:
            OutputError: the values file or a template changed since the first plan.
        """
        plan = self._plans.get((path, options))
        if plan is None:
            with Theme().active() as theme:
                plan = plan_build(path, options, theme)
        self.remember(path, options, plan)
        if plan.provenance != provenance:
            raise OutputError(
                f"{path} or a template it uses changed while it was being built — nothing "
                "was written; build it again"
            )
        return plan


_plans: _Plans | None = None
"""In a worker process (only): the plans it keeps, for as long as it lives."""


def _start_worker(parent: int, warm: bool, plans: Mapping[PlanKey, Plan]) -> None:
    """Called first thing in each worker: die with ``parent``, keep ``plans``, and start
    the PDF renderer when the build makes PDFs (``warm``)."""
    global _plans  # noqa: PLW0603 - one set of plans per worker process
    die_with_parent(parent)
    _plans = _Plans(plans)
    if warm:
        from ..render.pdf import start_renderer

        try:
            start_renderer()
        except Exception:  # the renderer starts with the first PDF instead, and says why not
            log.debug("starting the renderer early failed", exc_info=True)


def remember(path: Path, options: BuildOptions, plan: Plan) -> None:
    """In a worker: keep ``plan`` for the languages of ``path`` it may render next."""
    if _plans is not None:
        _plans.remember(path, options, plan)


def render_unit(
    path: Path, options: BuildOptions, language: str, provenance: Provenance
) -> LanguageOutputs:
    """In a worker: one language of ``path`` in every format, from the inputs that
    ``provenance`` fingerprints. Errors are raised, and reach the parent as they are."""
    assert _plans is not None, "render_unit runs in a worker process"
    plan = _plans.plan(path, options, provenance)
    with plan.theme.active():
        return render_language(plan, language)


def render_in_workers(
    path: Path, options: BuildOptions, plan: Plan, languages: Sequence[str]
) -> list[LanguageOutputs]:
    """Every language of one build at once, in up to ``options.jobs`` workers.

    The workers inherit ``plan``. A language that fails does not stop the others; once
    all are done, the first failure in language order is raised, as a build in one
    process would raise it. A worker that dies (killed, out of memory, a native crash)
    takes no language with it: each language it had is rendered again alone, in a fresh
    worker, and only the one that kills that worker too fails.
    """
    plans = {(path, options): plan}
    outcomes: dict[str, LanguageOutputs | Exception] = {}
    stranded: list[str] = []
    with worker_pool(min(options.jobs, len(languages)), options, plans) as pool:
        futures = {
            pool.submit(render_unit, path, options, language, plan.provenance): language
            for language in languages
        }
        wait(futures)
        for future, language in futures.items():
            try:
                outcomes[language] = future.result()
            except BrokenProcessPool:
                stranded.append(language)  # a worker died: which language killed it is unknown
            except Exception as error:  # raised below, in language order
                outcomes[language] = error
    for language in stranded:
        outcomes[language] = _render_alone(path, options, plan, language)
    rendered: list[LanguageOutputs] = []
    for language in languages:
        outcome = outcomes[language]
        if isinstance(outcome, Exception):
            raise outcome
        rendered.append(outcome)
    return rendered


def _render_alone(
    path: Path, options: BuildOptions, plan: Plan, language: str
) -> LanguageOutputs | Exception:
    with worker_pool(1, options, {(path, options): plan}) as pool:
        try:
            return pool.submit(render_unit, path, options, language, plan.provenance).result()
        except BrokenProcessPool:
            return RenderError(
                f"{path}: the worker process rendering its {english_name(language)} "
                f"({language}) chapter stopped (killed, out of memory or crashed) — nothing "
                "was written; build with one job (--jobs 1) to see more"
            )
        except Exception as error:
            return error
