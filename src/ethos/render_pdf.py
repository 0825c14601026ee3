"""Render stage, PDF: the chapter's HTML -> PDF with WeasyPrint, fetching nothing outside.

WeasyPrint is imported here and only here, on first use: ``check`` and Markdown/HTML
builds never pay its import time. Every resource the document or stylesheet asks for
goes through :class:`ConfinedFetcher`: ``data:`` URLs and files inside the template
asset directory only; no network, no other files, no attachments.
"""

from __future__ import annotations

import html as html_module
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import RenderError
from .fonts import check_coverage
from .localization import Typesetting, typesetting

log = logging.getLogger(__name__)


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


def render_pdf(
    html: str, asset_dirs: Sequence[Path], *, language: str, setup: Typesetting | None = None
) -> bytes:
    """Lay out ``html`` and return the PDF bytes.

    Args:
        html: the standalone chapter HTML (stylesheet inline).
        asset_dirs: directories whose files the document may reference (fonts, images).
        language: the chapter language (``en``, ``ur`` ...); its fonts must cover the text.
        setup: typesetting that replaces the language's (reports name more fonts).

    Raises:
        FontCoverageError: the language's fonts cannot draw every character (checked
            before WeasyPrint is even imported).
        RenderError: WeasyPrint failed, drew a missing glyph, or the document referenced
            a blocked resource.
    """
    check_coverage(html_module.unescape(html), language, setup)
    lang = typesetting()[language].html_lang
    import weasyprint  # heavy (~0.8 s): imported only when a PDF is really made

    fetcher = _fetcher_class()(asset_dirs)
    base = asset_dirs[0].resolve().as_uri() + "/" if asset_dirs else None
    with _captured_warnings() as warnings:
        try:
            document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
            # Presentational hints carry <ol start>, which numbers the code of conduct
            # continuously; nh3 has already removed every attribute we did not allow.
            pdf: bytes = document.write_pdf(pdf_tags=True, presentational_hints=True)
        except Exception as error:  # WeasyPrint raises many unrelated types
            raise RenderError(f"PDF rendering failed ({lang}): {error}") from error
    if fetcher.blocked:
        raise RenderError(
            "the chapter refers to resources outside the template directory, which ethos "
            "never fetches: " + ", ".join(sorted(set(fetcher.blocked)))
        )
    missing = [
        message for message in warnings if ".notdef" in message or "glyph" in message.lower()
    ]
    if missing:
        raise RenderError(
            f"WeasyPrint drew a missing glyph in the {language} chapter ({missing[0]}): the "
            "PDF would show empty boxes, so it was not written"
        )
    for message in warnings:
        log.warning("WeasyPrint: %s", message)
    return pdf
