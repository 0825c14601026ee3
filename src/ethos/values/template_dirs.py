"""The template directories a build uses: those given on the command line, then the
one a values file names (``templates:``), confined to the file's own folder tree."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import InvalidInputError, Problem, UnreadableInputError
from .load import LoadedDocument
from .model import ValuesFile


def template_directories(
    source: Path,
    values_file: ValuesFile,
    extra: Sequence[Path],
    document: LoadedDocument | None = None,
) -> list[Path]:
    """User template directories, most specific first: the CLI's, then the file's.

    A values file may name a directory only inside its own folder tree (no absolute path,
    no ``..``, no symlink out of it): a directory elsewhere is the user's to pass with
    ``--templates``. ``document`` locates a refused ``templates:`` at its line.
    """
    directories = []
    for directory in extra:
        if not _is_directory(directory):
            raise UnreadableInputError(directory, "no such template directory (--templates)")
        directories.append(directory)
    if values_file.templates is not None:
        directories.append(_file_templates(source, values_file.templates, document))
    return directories


def _is_directory(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long, a loop, an I/O error
        return False


def _file_templates(source: Path, named: Path, document: LoadedDocument | None) -> Path:
    """The ``templates:`` directory of a values file, confined to the file's folder tree."""

    def refused(message: str) -> InvalidInputError:
        if document is not None:
            return InvalidInputError([document.problem(("templates",), message)])
        return InvalidInputError([Problem(str(source), 1, 1, "templates", message)])

    shown = shown_path(named)
    if "\x00" in str(named):
        raise refused(f"template directory {shown} contains a NUL character — remove it")
    try:
        directory, inside = inside_folder(source.parent, named)
        found = inside and directory.is_dir()
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise refused(f"template directory {shown} cannot be read ({reason})") from None
    if not inside:
        raise refused(
            f"template directory {shown} is outside the folder of this values file — "
            "a values file names template directories only inside its own folder; "
            "pass another directory with --templates"
        )
    if not found:
        raise refused(f"template directory {shown} does not exist (looked in {directory})")
    return directory


def inside_folder(folder: Path, named: Path) -> tuple[Path, bool]:
    """The real path of ``named`` (relative to ``folder``), and whether a values file in
    ``folder`` may name it: not absolute, no ``..``, no symlink out of the folder's tree.

    Raises:
        OSError, ValueError: the path cannot be resolved (a loop, a name too long).
    """
    root = Path(os.path.realpath(folder))
    real = Path(os.path.realpath(folder / named))
    inside = not named.is_absolute() and ".." not in named.parts and real.is_relative_to(root)
    return real, inside


def shown_path(named: Path) -> str:
    """A path from a values file as a message shows it: control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(named))
