"""Where the built-in templates are: inside the installed package, or the repository."""

from __future__ import annotations

from functools import cache
from pathlib import Path

TEMPLATE_SUFFIXES = (".j2", ".css")
"""What a template directory serves as templates: Jinja templates and stylesheets."""
ASSET_SUFFIXES = (".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".woff", ".woff2",
                  ".ttf", ".otf")  # fmt: skip
"""What a PDF may fetch from a template directory: stylesheets, images and fonts."""
MAX_ASSET_BYTES = 64 * 1024 * 1024
"""The largest template, stylesheet, image or font a build reads."""


@cache
def builtin_templates_dir() -> Path:
    """The directory of the built-in templates, stylesheet and catalog.

    A wheel ships them as ``ethos/templates``; an editable install or a checkout uses
    the repository's top-level ``templates/``.
    """
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    repository = Path(__file__).resolve().parents[2] / "templates"
    if repository.is_dir():
        return repository
    raise FileNotFoundError(  # pragma: no cover - only a broken installation gets here
        f"ethos templates not found at {packaged} or {repository}; reinstall ethos"
    )
