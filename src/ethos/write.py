"""Write stage: atomic, confined output.

Every output goes to a temporary file in its final directory, is flushed to disk and
then renamed over the target, so a reader sees the old file or the new one, never half
of either. Paths are built from a slug of the company name and checked to stay under
the output directory whatever the name contains.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import OutputError

MAX_SLUG_LENGTH = 60
# Names Windows refuses as files; a handbook built on Linux may be copied there.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def slugify(name: str) -> str:
    """A file-system-safe, ASCII, lower-case directory name for a company.

    ``"Acme Outfitters, Inc."`` -> ``"acme-outfitters-inc"``. Never empty, never a
    path: "../../etc" gives "etc", a name in another script gives ``company-<hash>``.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_SLUG_LENGTH].strip("-")
    if not slug or slug in RESERVED_NAMES:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        slug = f"company-{slug + '-' if slug else ''}{digest}"
    return slug


def confined_path(out_dir: Path, *parts: str) -> Path:
    """``out_dir/parts...``, refusing any result that would leave ``out_dir``."""
    base = out_dir.resolve()
    target = base.joinpath(*parts).resolve()
    if not target.is_relative_to(base) or target == base:
        raise OutputError(f"refusing to write outside {out_dir}: {'/'.join(parts)}")
    return target


# Earlier builds locked a file of this name inside the output directory, which `git add
# output` then committed; a build removes one it finds.
OLD_LOCK_NAME = ".ethos.lock"


@contextmanager
def output_lock(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on one output directory while a build writes into it.

    The lock is taken on the directory itself (``flock`` on its descriptor), so two builds
    of one company take turns and the output tree holds nothing but the outputs.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise OutputError(f"cannot write to {directory}: {error.strerror or error}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        with suppress(OSError):  # harmless if it stays: it is only an empty file
            (directory / OLD_LOCK_NAME).unlink(missing_ok=True)
        yield
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; on failure the old file is untouched."""
    write_all({path: data})


def write_all(files: dict[Path, bytes]) -> None:
    """Replace several files as one set: every new file is written in full and flushed
    to a temporary beside its target first; only then are they renamed into place.

    A failure while writing (disk full, permission denied) removes the temporaries and
    leaves every old file as it was.
    """
    temporaries: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            temporaries[path] = _write_temporary(path, data)
        for path, temporary in temporaries.items():
            temporary.replace(path)
    except OSError as error:
        path = next(iter(files)) if not temporaries else list(temporaries)[-1]
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def _write_temporary(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary
