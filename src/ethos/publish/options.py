"""The options of a build, one object for the library, the command line and the batch.

``ethos.build(path, formats=[...])``, ``ethos build --format ...`` and each worker of a
batch all build from one :class:`BuildOptions`. The formats and the default output folder
are named here and nowhere else; the PDF variants where the renderer defines them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..render.pdf_variants import DEFAULT_PDF_VARIANT

FORMATS = ("md", "html", "pdf", "docx")
"""Every output format, in the order a build renders and lists them."""
DEFAULT_FORMATS = ("md", "html", "pdf")
DEFAULT_OUT_DIR = Path("output")
"""Where chapters, reports and ledgers are written when no ``--out`` is given."""


@dataclass(frozen=True)
class BuildOptions:
    """How to build a values file: which chapters, in which formats, from which templates,
    written where."""

    languages: Sequence[str] | None = None
    """Chapter languages; None: the file's ``document.language`` and ``translations``."""
    formats: Sequence[str] = DEFAULT_FORMATS
    """Output formats among :data:`FORMATS`; rendered in the order of :data:`FORMATS`."""
    out_dir: Path = DEFAULT_OUT_DIR
    """The folder that gets one sub-folder per company."""
    template_dirs: Sequence[Path] = ()
    """Template directories searched before the values file's own and the built-in ones."""
    strict: bool = False
    """Warnings (stale translations, render warnings, curly quotes) are errors."""
    force: bool = False
    """Rebuild even when the manifest shows the outputs are up to date."""
    pdf_variant: str = DEFAULT_PDF_VARIANT
    """``pdf/ua-1``, ``pdf/a-3b`` or both: ``pdf/a-3b,pdf/ua-1``."""
    jobs: int = 1
    """Worker processes the build may use: above 1, the languages of a file (and the files
    of a batch) are rendered at the same time. The outputs are the same either way."""

    def __post_init__(self) -> None:
        # Lists from callers become tuples, so the options stay frozen all the way down
        # and travel to batch workers as they are.
        if self.languages is not None:
            object.__setattr__(self, "languages", tuple(self.languages))
        object.__setattr__(self, "formats", tuple(self.formats))
        object.__setattr__(self, "out_dir", Path(self.out_dir))
        object.__setattr__(self, "template_dirs", tuple(Path(d) for d in self.template_dirs))

    @classmethod
    def of(cls, options: BuildOptions | None = None, **fields: Any) -> BuildOptions:
        """``options`` (default: every default) with the given fields replaced.

        Raises:
            TypeError: a keyword that is not a field.
        """
        return replace(options or cls(), **fields)


def default_jobs() -> int:
    """One worker per core."""
    return os.cpu_count() or 1
