"""Reading the files a user names, and showing text that came out of them.

Every file ethos reads because a user named it (a values file, a PDF to extract or to
acknowledge, a ledger, a manifest) goes through :func:`read_input_file`: it must be a
regular file, and no more than a limit is ever read. A FIFO, ``/dev/zero`` or a socket is
refused without blocking; a huge or sparse file is refused by its size before a byte is
read. Text taken from such a file is shown through :func:`printable`, so a crafted file
cannot send escape sequences to the terminal.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import InvalidInputError, Problem, UnreadableInputError

_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
_REASONS = {errno.ENOENT: "no such file", errno.EACCES: "permission denied"}


def read_input_file(path: Path, *, limit: int, kind: str, hint: str) -> bytes:
    """The bytes of the regular file ``path``, of at most ``limit`` bytes.

    ``kind`` names what was expected ("a values file"), ``hint`` says what is normal for
    it when the file is too big ("a values file is a few kilobytes").

    The file is opened without blocking (a FIFO with no writer would wait forever) and
    checked on the open descriptor, so it cannot be swapped between check and read.

    Raises:
        UnreadableInputError: missing, unreadable, or not a regular file (exit 2).
        InvalidInputError: larger than ``limit`` (exit 1).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except ValueError:  # os.open refuses a path with a NUL byte
        raise UnreadableInputError(
            str(path).replace("\0", "\\0"), "the path contains a NUL byte — check the path"
        ) from None
    except IsADirectoryError:
        raise UnreadableInputError(path, f"not a file — give the path of {kind}") from None
    except OSError as error:  # a symlink loop, a name too long, an I/O error
        reason = _REASONS.get(error.errno or 0, f"{unreadable_reason(error)} — check the path")
        raise UnreadableInputError(path, reason) from None
    try:
        status = os.fstat(descriptor)
        mode = stat.S_IFMT(status.st_mode)
        if mode != stat.S_IFREG:
            # A directory is named plainly, as a typo; anything else is worth naming.
            what = "" if mode == stat.S_IFDIR else f" ({_KINDS.get(mode, 'a special file')})"
            raise UnreadableInputError(path, f"not a file{what} — give the path of {kind}")
        if status.st_size > limit:
            raise _too_big(path, f"{status.st_size:,} bytes", limit, hint)
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    except OSError as error:  # an I/O error
        raise UnreadableInputError(path, f"{unreadable_reason(error)} — check the path") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew while being read, or its size was not the truth
        raise _too_big(path, f"more than {limit:,} bytes", limit, hint)
    return data


def unreadable_reason(error: OSError) -> str:
    """Why a path cannot be read, in words ("cannot be read: file name too long")."""
    return f"cannot be read: {(error.strerror or 'an error').lower()}"


def _too_big(path: Path, size: str, limit: int, hint: str) -> InvalidInputError:
    message = f"file is {size}, over the {limit:,}-byte limit — {hint}"
    return InvalidInputError([Problem(str(path), 1, 1, "", message)])


def printable(text: object) -> str:
    """``text`` safe for a terminal: every control or invisible character is shown as an
    escape (``\\x1b``, ``\\n``, ``\\u202e``), never sent as itself."""
    return "".join(
        character if character.isprintable() else _escaped(character) for character in str(text)
    )


def _escaped(character: str) -> str:
    code = ord(character)
    if character in "\n\r\t":
        return repr(character)[1:-1]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
