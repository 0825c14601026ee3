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
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import EthosError, UnreadableInputError
from ..resources import ASSET_SUFFIXES, MAX_ASSET_BYTES, TEMPLATE_SUFFIXES
from ..system.input_files import read_input_file
from ..values.load import LoadedDocument
from ..values.logo import Logo
from ..version import __version__
from ..wording.theme import Theme

MANIFEST_NAME = "manifest.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
"""A manifest is a few kilobytes; a bigger one is not read, and counts as missing."""
FORMAT_VERSION = 1
FINGERPRINTED = tuple(dict.fromkeys((*TEMPLATE_SUFFIXES, *ASSET_SUFFIXES)))
"""The files of a template directory a build can read, and so fingerprints."""
MAX_DIRECTORY_ENTRIES = 10_000
"""Files and folders a template directory may hold (so a mistaken ``/usr`` fails fast)."""
CHUNK = 1024 * 1024


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


def input_fingerprint(document: LoadedDocument, logo: Logo | None = None) -> str:
    """The values file's text, the text of every group file it extends, and the bytes of
    the logo it names (an edited logo rebuilds).

    Contents only: a file moved or named by another path is the same input.
    """
    texts = [current.source.encode("utf-8") for current in document.chain()]
    return _digest([*texts, logo.data] if logo is not None else texts)


def _usable_files(
    directory: Path, kinds: tuple[str, ...] = FINGERPRINTED
) -> list[tuple[str, Path, os.stat_result]]:
    """The files of ``directory`` a build can read, as (relative name, real path, stat).

    Files of ``kinds`` (templates, stylesheets, images and fonts) that are regular files
    really inside the directory; symlinks out of it are skipped (the build refuses them
    too), symlinked folders are not walked.

    Raises:
        UnreadableInputError: the directory has over :data:`MAX_DIRECTORY_ENTRIES` entries,
            or one of its usable files is over :data:`MAX_ASSET_BYTES`.
    """
    found = []
    entries = 0
    for root, folders, files in os.walk(directory, followlinks=False):
        entries += len(folders) + len(files)
        if entries > MAX_DIRECTORY_ENTRIES:
            raise UnreadableInputError(
                directory,
                f"over {MAX_DIRECTORY_ENTRIES:,} files and folders — not a template "
                "directory? Pass --templates a folder of templates, stylesheets, images "
                "and fonts",
            )
        for name in files:
            if not name.lower().endswith(kinds):
                continue
            path = Path(root, name)
            try:
                real = Path(os.path.realpath(path))
                status = real.stat()
            except (OSError, ValueError):
                continue
            if not real.is_relative_to(directory) or not stat.S_ISREG(status.st_mode):
                continue
            if status.st_size > MAX_ASSET_BYTES:
                raise UnreadableInputError(
                    path,
                    f"over {MAX_ASSET_BYTES // 2**20} MB — a template directory holds "
                    f"templates, stylesheets, images and fonts of at most "
                    f"{MAX_ASSET_BYTES // 2**20} MB each",
                )
            found.append((path.relative_to(directory).as_posix(), real, status))
    return sorted(found)


def _file_digest(path: Path, size: int) -> str:
    """SHA-256 of one file's bytes, read in chunks (at most ``size`` + 1 of them).

    Read on every build, never remembered from an earlier one: a file's size, time and
    inode can stay the same while its bytes change (``cp -p``, ``tar``, two saves within
    one tick of a coarse clock), and a digest cached on them kept a second build in the
    same process "up to date". Hashing all the built-in templates takes about 3 ms.
    """
    hasher = hashlib.sha256()
    try:
        with path.open("rb") as file:
            while chunk := file.read(min(CHUNK, size + 1)):
                hasher.update(chunk)
                size -= len(chunk)
                if size < 0:
                    break  # grew while read: the next build sees another stat
    except OSError:
        return "unreadable"
    return hasher.hexdigest()


def _directory_fingerprint(directory: Path, kinds: tuple[str, ...] = FINGERPRINTED) -> str:
    return _digest(
        part
        for name, real, status in _usable_files(directory, kinds)
        for part in (
            name.encode(),
            _file_digest(real, status.st_size).encode(),
        )
    )


def templates_fingerprint(theme: Theme) -> str:
    """The templates, stylesheets, images and fonts of the theme's user template
    directories (what a build can read from them, nothing else) and every file of its
    built-in templates."""
    return _digest(
        [
            *(
                _directory_fingerprint(Path(os.path.realpath(d))).encode()
                for d in theme.template_dirs
            ),
            _directory_fingerprint(theme.builtin.resolve(), ("",)).encode(),
        ]
    )


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file, or None when it does not exist."""
    if not path.is_file():
        return None  # missing, or a directory or FIFO that reading would block on
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def read_manifest(directory: Path) -> dict[str, dict[str, str]]:
    """The recorded outputs of one company's directory; empty when there is none yet."""
    path = directory / MANIFEST_NAME
    if not path.is_file():
        return {}  # missing, or a directory or FIFO that reading would block on
    try:
        raw = read_input_file(path, limit=MAX_MANIFEST_BYTES, kind="a manifest", hint="")
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


def updated_manifest(
    directory: Path, source: str, written: dict[str, bytes], provenance: Provenance
) -> bytes:
    """The manifest with the outputs about to be written added, as the bytes to write.

    The build writes it in one set with those outputs (:func:`ethos.system.write.write_all`), so
    a manifest that cannot be written leaves the old outputs in place too.
    """
    outputs = read_manifest(directory)
    for name, data in written.items():
        outputs[name] = {"sha256": hashlib.sha256(data).hexdigest(), **provenance.of(name)}
    manifest = {
        "format": FORMAT_VERSION,
        "generator": f"ethos {__version__}",
        "source": source,
        "outputs": dict(sorted(outputs.items())),
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
