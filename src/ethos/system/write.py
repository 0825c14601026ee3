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
import stat
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal

from ..errors import OutputError

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
    """Replace several files as one set: all or nothing.

    Every target is checked first (a directory, a device or a read-only file where a file
    should go is refused before anything is written); every new file is then written in
    full and flushed to a temporary beside its target; only then are they renamed into
    place. Should a rename still fail, the files already replaced are put back, so a
    failure leaves every old file as it was.
    """
    for path in files:
        _check_replaceable(path)
    temporaries: dict[Path, Path] = {}
    # For each file renamed into place: a link to the file it replaced, or None if new.
    backups: dict[Path, Path | None] = {}
    current = next(iter(files), Path())
    try:
        for current, data in files.items():
            temporaries[current] = _write_temporary(current, data)
        for current, temporary in temporaries.items():
            backup = _backup(current)
            try:
                temporary.replace(current)
            except OSError:
                if backup:
                    backup.unlink(missing_ok=True)
                raise
            if backup is not False:
                backups[current] = backup
    except OSError as error:
        _restore(backups)
        raise OutputError(f"cannot write {current}: {error.strerror or error}") from None
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        for backup in backups.values():
            if backup:
                backup.unlink(missing_ok=True)


def _check_replaceable(path: Path) -> None:
    """Refuse a target that a rename would not replace, or that someone protected."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        problem = "it is a directory — move it away and run again"
    elif not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        problem = "it is not a regular file — move it away and run again"
    # The owner's write bit, not access(): root may write anything, yet a file made
    # read-only was protected on purpose.
    elif stat.S_ISREG(mode) and not mode & stat.S_IWUSR:
        problem = "it is read-only — make it writable (chmod u+w) or move it away, and run again"
    else:
        return
    raise OutputError(f"cannot write {path}: {problem}; nothing was written")


def _backup(path: Path) -> Path | Literal[False] | None:
    """A hard link to the file about to be replaced, to put back if the set fails.

    None when there is no such file; False when no link can be made (a file system
    without hard links): that file is replaced without a way back.
    """
    if not path.exists() and not path.is_symlink():
        return None
    backup = path.with_name(f".{path.name}.{os.getpid()}.old")
    try:
        backup.unlink(missing_ok=True)
        os.link(path, backup, follow_symlinks=False)
    except OSError:
        return False
    return backup


def _restore(backups: dict[Path, Path | None]) -> None:
    """Undo the renames done so far: old files back, files that were new removed."""
    for path, backup in reversed(backups.items()):
        with suppress(OSError):
            if backup is None:
                path.unlink(missing_ok=True)
            else:
                backup.replace(path)


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
