"""Render stage, PDF: the chapter's HTML -> PDF with WeasyPrint, fetching nothing outside.

WeasyPrint runs only in the renderer process this module starts on the first PDF (see
:class:`_Renderer`): ``check`` and Markdown/HTML builds never pay its import time, and a
render that hangs, exhausts memory or crashes cannot take ethos down with it. What the
renderer does with each document, fetching only what it may, is
:mod:`ethos.render.pdf_layout`.
"""

from __future__ import annotations

import html as html_module
import multiprocessing
import os
import threading
import warnings
from collections.abc import Sequence
from contextlib import suppress
from multiprocessing.connection import Connection
from pathlib import Path

from ..errors import RenderError
from ..system.child_limits import limit_memory
from ..system.lifetime import die_with_parent
from ..wording.localization import Typesetting, typesetting
from .fonts import check_coverage
from .pdf_layout import LayoutJob, LayoutOutcome, lay_out
from .pdf_variants import DEFAULT_PDF_VARIANT, Embedded


def pdf_timeout() -> float:
    """Seconds one PDF may take (``ETHOS_PDF_TIMEOUT``, default 120)."""
    return float(os.environ.get("ETHOS_PDF_TIMEOUT", "120"))


def pdf_memory() -> int:
    """Bytes of memory one PDF render may add (``ETHOS_PDF_MEMORY_MB``, default 2048)."""
    return int(float(os.environ.get("ETHOS_PDF_MEMORY_MB", "2048")) * 1024 * 1024)


def render_pdf(
    html: str,
    asset_dirs: Sequence[Path],
    *,
    language: str,
    setup: Typesetting | None = None,
    warnings: list[str] | None = None,
    variant: str = DEFAULT_PDF_VARIANT,
    embedded: Sequence[Embedded] = (),
) -> bytes:
    """Lay out ``html`` and return the PDF bytes.

    The layout runs in a renderer child process with a wall-clock timeout and a memory
    limit, so a document that would never finish, exhaust memory or crash a native library
    fails cleanly, and the previous PDF on disk stays as it was. WeasyPrint is imported
    only there (once per renderer), which keeps this process small.

    Args:
        html: the standalone chapter HTML (stylesheet inline).
        asset_dirs: directories whose files the document may reference (fonts, images).
        language: the chapter language (``en``, ``ur`` ...); its fonts must cover the text.
        setup: typesetting that replaces the language's (reports name more fonts).
        warnings: where to add what the render warns about: resources that were refused
            and left out (with their URL), and WeasyPrint's own warnings. ``--strict``
            builds turn them into errors.
        variant: ``pdf/ua-1``, ``pdf/a-3b`` or both, comma-separated
            (:mod:`ethos.publish.pdf_archive`).
        embedded: files to embed (archival variants only), dated like the document.

    Raises:
        FontCoverageError: the language's fonts cannot draw every character (checked
            before WeasyPrint is even imported).
        RenderError: WeasyPrint failed, drew a missing glyph, ran out of time or memory.
    """
    check_coverage(html_module.unescape(html), language, setup)
    lang = typesetting()[language].html_lang

    job = LayoutJob(html, [d.resolve() for d in asset_dirs], lang, variant, tuple(embedded))
    outcome = _isolated(job)
    if outcome.error is not None:
        raise RenderError(outcome.error)
    missing = [m for m in outcome.messages if ".notdef" in m or "glyph" in m.lower()]
    if missing:
        raise RenderError(
            f"WeasyPrint drew a missing glyph in the {language} chapter ({missing[0]}): the "
            "PDF would show empty boxes, so it was not written"
        )
    collected = warnings if warnings is not None else []
    for url in dict.fromkeys(outcome.blocked):
        collected.append(
            f"refused to fetch {url}: ethos reads only data: URLs and files inside the "
            "template directories; the PDF leaves it out"
        )
    blocked = tuple(outcome.blocked)
    collected.extend(
        f"WeasyPrint: {message}"
        for message in outcome.messages
        if not any(url in message for url in blocked)
    )
    assert outcome.pdf is not None
    return outcome.pdf


class _Renderer:
    """A long-lived child process that lays out PDFs one after another.

    Forked from this process, it imports WeasyPrint once and keeps its font and style
    caches warm from one PDF to the next, while this process keeps control: a render that
    runs out of time is killed with the child, one that runs out of memory or crashes ends
    the child, and the next PDF gets a fresh one. It never outlives this process, however
    this one ends (:func:`ethos.system.lifetime.die_with_parent`), nor the thread that started it.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.owner = os.getpid()  # a forked pool worker must start a renderer of its own
        self.thread = threading.current_thread()  # the child dies with it (parent-death signal)
        self.budget = pdf_memory()
        self.connection, child_end = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_serve, args=(child_end, self.connection, self.owner, self.budget), daemon=True
        )
        self.process.start()
        child_end.close()

    def render(self, job: LayoutJob) -> LayoutOutcome:
        seconds = pdf_timeout()
        lang = job.lang
        try:
            self.connection.send(job)
            if not self.connection.poll(seconds):
                self.stop()
                raise RenderError(
                    f"PDF rendering ({lang}) took longer than {seconds:g} s and was stopped "
                    "(ETHOS_PDF_TIMEOUT raises the limit); the previous PDF is unchanged"
                )
            outcome: LayoutOutcome = self.connection.recv()
        except (EOFError, OSError):
            self.stop()
            raise RenderError(
                f"PDF rendering ({lang}) stopped unexpectedly (exit status "
                f"{self.process.exitcode}), most likely out of memory: the limit is "
                f"{self.budget // 2**20:,} MB (ETHOS_PDF_MEMORY_MB raises it); the previous "
                "PDF is unchanged"
            ) from None
        if outcome.error is not None and outcome.fatal:
            self.stop()  # memory is exhausted: the next PDF gets a fresh process
        return outcome

    @property
    def alive(self) -> bool:
        return self.thread.is_alive() and self.process.is_alive()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


_renderer: _Renderer | None = None


def start_renderer() -> None:
    """Start this process's renderer now, if it has none running.

    The renderer imports WeasyPrint as it starts, so a build that will make PDFs starts
    it before composing its first chapter: the import then runs beside the composing,
    on another core, instead of after it.
    """
    _live_renderer()


def _live_renderer() -> _Renderer:
    """This process's renderer, started (again) if it has none that runs."""
    global _renderer  # noqa: PLW0603 - one renderer per process, replaced when it dies
    if (
        _renderer is not None
        and _renderer.owner == os.getpid()
        and (_renderer.budget != pdf_memory())
    ):
        _renderer.stop()  # the memory limit changed: start again under the new one
    if _renderer is None or _renderer.owner != os.getpid() or not _renderer.alive:
        if _renderer is not None and _renderer.owner == os.getpid():
            _renderer.stop()  # its thread ended, so the kernel is stopping it already
        _renderer = _Renderer()
    return _renderer


def _isolated(job: LayoutJob) -> LayoutOutcome:
    """Render in the renderer child under the time and memory limits."""
    global _renderer  # noqa: PLW0603 - one renderer per process, replaced when it dies
    renderer = _live_renderer()
    try:
        return renderer.render(job)
    finally:
        if not renderer.alive:
            _renderer = None


def _serve(connection: Connection, parent_end: Connection, parent: int, budget: int) -> None:
    """The renderer's loop: limit memory once, import WeasyPrint, then render every
    document it is sent.

    It ends with its parent: by the kernel's parent-death signal, and, where there is
    none, when the pipe from the parent closes (its copy of the parent's end, inherited by
    the fork, is closed here so that the pipe can close).
    """
    die_with_parent(parent)
    parent_end.close()
    limit_memory(budget)
    held = _warm_up()
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        for warning in held:  # what the import said, said when the import used to happen
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )
        held = []
        outcome = lay_out(job, budget)
        connection.send(outcome)
        if outcome.fatal:
            return


def _warm_up() -> list[warnings.WarningMessage]:
    """Import WeasyPrint before the first document arrives (see :func:`start_renderer`).

    The warnings the import gives (no fonts configured, say) are held back, and shown
    when the first document is laid out, as before: a build that fails before its first
    PDF (its text needs fonts that are not installed) says only why. Should the import
    fail, the first layout imports it again and reports why.
    """
    # An import that fails is reported by the first layout, as data.
    with warnings.catch_warnings(record=True) as held, suppress(BaseException):
        import weasyprint  # noqa: F401
    return held
