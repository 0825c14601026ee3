"""Inside the PDF renderer process: one document laid out by WeasyPrint, fetching only
what it may.

Every resource the document or stylesheet asks for goes through ``ConfinedFetcher``:
``data:`` URLs and files inside the template asset directories only; no network, no
other files, no attachments. :mod:`ethos.render.pdf` starts the process, sends it each
:class:`LayoutJob` and turns the :class:`LayoutOutcome` into PDF bytes or an error.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..resources import ASSET_SUFFIXES, MAX_ASSET_BYTES
from .pdf_variants import Embedded, pdf_options


@dataclass(frozen=True)
class LayoutJob:
    """One PDF for the renderer process to lay out."""

    html: str
    asset_dirs: list[Path]
    lang: str
    variant: str
    embedded: tuple[Embedded, ...]


@dataclass(frozen=True)
class LayoutOutcome:
    """What the rendering child process sends back."""

    pdf: bytes | None
    messages: list[str]
    blocked: list[str]
    error: str | None = None
    fatal: bool = False
    """The renderer cannot go on (out of memory) and ends after sending this."""


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
                data = allowed_asset(Path(unquote(parts.path)), self.asset_dirs)
                if data is not None:
                    return URLFetcherResponse(url, data)
            self.blocked.append(url)
            raise BlockedResource(f"blocked: {url}")

    return ConfinedFetcher


def allowed_asset(path: Path, asset_dirs: Sequence[Path]) -> bytes | None:
    """The bytes of ``path`` when a PDF may use it, else None.

    Only a regular stylesheet, image or font file (:data:`ASSET_SUFFIXES`) of at most
    :data:`MAX_ASSET_BYTES` whose real path (symlinks followed) is inside one of the
    (resolved) ``asset_dirs``.
    """
    try:
        real = Path(os.path.realpath(path))
        if not real.name.lower().endswith(ASSET_SUFFIXES) or not any(
            real.is_relative_to(base) for base in asset_dirs
        ):
            return None
        with os.fdopen(os.open(real, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            data = file.read(MAX_ASSET_BYTES + 1)
    except (OSError, ValueError):
        return None
    return data if len(data) <= MAX_ASSET_BYTES else None


def _drop_attachments(rendered: Any, blocked: list[str]) -> None:
    """Remove every file attachment the document asks for (``<link rel=attachment>``,
    ``<a rel=attachment>``) before the PDF is written: ethos attaches only its own."""
    for attachment in rendered.metadata.attachments:
        blocked.append(attachment.name or '<link rel="attachment">')
    rendered.metadata.attachments = []
    for page in rendered.pages:
        blocked.extend(link[1] for link in page.links if link[0] == "attachment")
        page.links = [link for link in page.links if link[0] != "attachment"]


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


def lay_out(job: LayoutJob, budget: int) -> LayoutOutcome:
    """Lay out one document in this (the renderer) process: WeasyPrint, the confined
    fetcher, no attachments; every failure is sent back as an outcome, never raised."""
    import weasyprint

    from .pdf_tags import tag_languages

    tag_languages()
    lang = job.lang
    try:
        fetcher = _fetcher_class()(job.asset_dirs)
        base = job.asset_dirs[0].as_uri() + "/" if job.asset_dirs else None
        with _captured_warnings() as messages:
            document = weasyprint.HTML(string=job.html, base_url=base, url_fetcher=fetcher)
            # Presentational hints carry <ol start>, which numbers the code of conduct
            # continuously; nh3 has already removed every attribute we did not allow. They
            # act on the layout, so render() needs them: write_pdf() would ignore them.
            rendered = document.render(presentational_hints=True)
            _drop_attachments(rendered, fetcher.blocked)
            options = pdf_options(job.variant, job.embedded, rendered.metadata.created)
            pdf = rendered.write_pdf(**options)
        return LayoutOutcome(pdf, messages, fetcher.blocked)
    except MemoryError:
        return LayoutOutcome(None, [], [], (
            f"PDF rendering ({lang}) needed more than {budget // 2**20:,} MB of memory and "
            "was stopped (ETHOS_PDF_MEMORY_MB raises the limit); the previous PDF is unchanged"
        ), fatal=True)  # fmt: skip
    except Exception as error:
        return LayoutOutcome(None, [], [], f"PDF rendering failed ({lang}): {error}")
