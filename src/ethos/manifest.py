"""Regeneration: the manifest next to a company's outputs says what they were built from.

``OUT/<company>/manifest.json`` records, for every output file, its SHA-256 and the
fingerprints of what made it: the values file (with the group files it extends), every
template, stylesheet, catalog and translation file, and the ethos version. A rebuild
whose outputs all match is skipped: nothing is rendered, nothing written, and WeasyPrint
is never imported. The installed fonts are not fingerprinted: after changing fonts, use
``ethos build --force``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from . import __version__
from .errors import EthosError
from .input_files import read_input_file
from .load import LoadedDocument
from .resources import builtin_templates_dir
from .write import write_atomic

MANIFEST_NAME = "manifest.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
"""A manifest is a few kilobytes; a bigger one is not read, and counts as missing."""
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Provenance:
    """What an output was built from."""

    input: str
    templates: str
    ethos: str = __version__
    pdf_variant: str = ""
    """Recorded for PDF outputs only: another variant makes the PDF stale."""

    def of(self, name: str) -> dict[str, str]:
        """What the output ``name`` records: the variant only for a PDF."""
        recorded = asdict(self)
        if not name.endswith(".pdf"):
            del recorded["pdf_variant"]
        return recorded


def _digest(chunks: Iterable[bytes]) -> str:
    hasher = hashlib.sha256()
    for chunk in chunks:
        hasher.update(len(chunk).to_bytes(8, "big"))
        hasher.update(chunk)
    return hasher.hexdigest()


def input_fingerprint(document: LoadedDocument) -> str:
    """The values file's text and the text of every group file it extends.

    Contents only: a file moved or named by another path is the same input.
    """
    return _digest(current.source.encode("utf-8") for current in document.chain())


@cache
def _directory_fingerprint(directory: Path) -> str:
    files = sorted(path for path in directory.rglob("*") if path.is_file())
    return _digest(
        part
        for path in files
        for part in (path.relative_to(directory).as_posix().encode(), path.read_bytes())
    )


def templates_fingerprint(user_dirs: Sequence[Path]) -> str:
    """Every file of the user template directories and of the built-in templates."""
    directories = [*user_dirs, builtin_templates_dir()]
    return _digest(_directory_fingerprint(d.resolve()).encode() for d in directories)


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file, or None when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def read_manifest(directory: Path) -> dict[str, dict[str, str]]:
    """The recorded outputs of one company's directory; empty when there is none yet."""
    try:
        raw = read_input_file(
            directory / MANIFEST_NAME, limit=MAX_MANIFEST_BYTES, kind="a manifest", hint=""
        )
        data = json.loads(raw.decode("utf-8"))
        outputs = data.get("outputs", {}) if data.get("format") == FORMAT_VERSION else {}
        return {str(name): dict(entry) for name, entry in outputs.items()}
    except (EthosError, ValueError, AttributeError, TypeError, RecursionError):
        # Missing, damaged, or not a file (a FIFO, /dev/zero): everything counts as stale.
        return {}


def stale(directory: Path, names: Sequence[str], provenance: Provenance) -> list[str]:
    """The output names that are missing, changed on disk, or built from other inputs."""
    recorded = read_manifest(directory)
    outdated = []
    for name in names:
        entry = recorded.get(name)
        if (
            entry is None
            or any(entry.get(key) != value for key, value in provenance.of(name).items())
            or entry.get("sha256") != file_digest(directory / name)
        ):
            outdated.append(name)
    return outdated


def record(directory: Path, source: str, written: dict[str, bytes], provenance: Provenance) -> Path:
    """Add the outputs just written to the manifest (atomically) and return its path."""
    outputs = read_manifest(directory)
    for name, data in written.items():
        outputs[name] = {"sha256": hashlib.sha256(data).hexdigest(), **provenance.of(name)}
    manifest = {
        "format": FORMAT_VERSION,
        "generator": f"ethos {__version__}",
        "source": source,
        "outputs": dict(sorted(outputs.items())),
    }
    path = directory / MANIFEST_NAME
    write_atomic(path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    return path
