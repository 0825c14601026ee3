"""Render stage, PDF: the chapter's HTML -> PDF with WeasyPrint, fetching nothing outside.

WeasyPrint is imported here and only here, on first use: ``check`` and Markdown/HTML
builds never pay its import time. Every resource the document or stylesheet asks for
goes through :class:`ConfinedFetcher`: ``data:`` URLs and files inside the template
asset directory only; no network, no other files, no attachments.
"""

from __future__ import annotations

import html as html_module
import logging
import multiprocessing
import os
import resource
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import RenderError
from .fonts import check_coverage
from .localization import Typesetting, typesetting


class BlockedResource(Exception):  # noqa: N818 - reads as what it reports
    """A resource the document asked for that the fetcher refused."""


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
        """Serves ``data:`` URLs and files under ``asset_dirs``; refuses all else."""

        def __init__(self, asset_dirs: Sequence[Path]) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
            self.asset_dirs = [directory.resolve() for directory in asset_dirs]
            self.blocked: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if path.is_file() and any(path.is_relative_to(base) for base in self.asset_dirs):
                    return URLFetcherResponse(url, path.read_bytes())
            self.blocked.append(url)
            raise BlockedResource(f"blocked: {url}")

    return ConfinedFetcher


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs at WARNING and above during one render."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collector(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def pdf_timeout() -> float:
    """Seconds one PDF may take (``ETHOS_PDF_TIMEOUT``, default 120)."""
    return float(os.environ.get("ETHOS_PDF_TIMEOUT", "120"))


def pdf_memory() -> int:
    """Bytes of memory one PDF render may add (``ETHOS_PDF_MEMORY_MB``, default 2048)."""
    return int(float(os.environ.get("ETHOS_PDF_MEMORY_MB", "2048")) * 1024 * 1024)


@dataclass(frozen=True)
class _Outcome:
    """What the rendering child process sends back."""

    pdf: bytes | None
    messages: list[str]
    blocked: list[str]
    error: str | None = None


def render_pdf(
    html: str,
    asset_dirs: Sequence[Path],
    *,
    language: str,
    setup: Typesetting | None = None,
    warnings: list[str] | None = None,
) -> bytes:
    """Lay out ``html`` and return the PDF bytes.

    The layout runs in a child process with a wall-clock timeout and a memory limit, so
    a document that would never finish, exhaust memory or crash a native library fails
    cleanly, and the previous PDF on disk stays as it was.

    Args:
        html: the standalone chapter HTML (stylesheet inline).
        asset_dirs: directories whose files the document may reference (fonts, images).
        language: the chapter language (``en``, ``ur`` ...); its fonts must cover the text.
        setup: typesetting that replaces the language's (reports name more fonts).
        warnings: where to add what the render warns about: resources that were refused
            and left out (with their URL), and WeasyPrint's own warnings. ``--strict``
            builds turn them into errors.

    Raises:
        FontCoverageError: the language's fonts cannot draw every character (checked
            before WeasyPrint is even imported).
        RenderError: WeasyPrint failed, drew a missing glyph, ran out of time or memory.
    """
    check_coverage(html_module.unescape(html), language, setup)
    lang = typesetting()[language].html_lang
    import weasyprint  # noqa: F401 - heavy (~0.8 s); imported once here, inherited by each child

    outcome = _isolated(html, [d.resolve() for d in asset_dirs], lang)
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


def _isolated(html: str, asset_dirs: list[Path], lang: str) -> _Outcome:
    """Render in a forked child under the time and memory limits."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(html, asset_dirs, lang, sender), daemon=True)
    child.start()
    sender.close()
    seconds = pdf_timeout()
    try:
        if not receiver.poll(seconds):
            child.kill()
            raise RenderError(
                f"PDF rendering ({lang}) took longer than {seconds:g} s and was stopped "
                "(ETHOS_PDF_TIMEOUT raises the limit); the previous PDF is unchanged"
            )
        try:
            outcome: _Outcome = receiver.recv()
        except EOFError:
            child.join()
            raise RenderError(
                f"PDF rendering ({lang}) stopped unexpectedly (exit status {child.exitcode}), "
                f"most likely out of memory: the limit is {pdf_memory() // 2**20:,} MB "
                "(ETHOS_PDF_MEMORY_MB raises it); the previous PDF is unchanged"
            ) from None
    finally:
        receiver.close()
        child.join(timeout=5)
    return outcome


def _child(html: str, asset_dirs: list[Path], lang: str, sender: Connection) -> None:
    """The rendering process: limit memory, render, send the outcome, exit."""
    budget = pdf_memory()
    try:
        _limit_memory(budget)
        import weasyprint

        fetcher = _fetcher_class()(asset_dirs)
        base = asset_dirs[0].as_uri() + "/" if asset_dirs else None
        with _captured_warnings() as messages:
            document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
            # Presentational hints carry <ol start>, which numbers the code of conduct
            # continuously; nh3 has already removed every attribute we did not allow.
            pdf = document.write_pdf(pdf_tags=True, presentational_hints=True)
        outcome = _Outcome(pdf, messages, fetcher.blocked)
    except MemoryError:
        outcome = _Outcome(None, [], [], (
            f"PDF rendering ({lang}) needed more than {budget // 2**20:,} MB of memory and "
            "was stopped (ETHOS_PDF_MEMORY_MB raises the limit); the previous PDF is unchanged"
        ))  # fmt: skip
    except Exception as error:
        outcome = _Outcome(None, [], [], f"PDF rendering failed ({lang}): {error}")
    sender.send(outcome)
    sender.close()


def _limit_memory(budget: int) -> None:
    """Cap the address space at what the process uses now plus ``budget`` bytes."""
    try:
        pages = Path("/proc/self/statm").read_text(encoding="ascii").split()[0]
        current = int(pages) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # not Linux: the time limit still applies
    limit = current + budget
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
