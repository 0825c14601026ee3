"""Load stage: a values file -> a :class:`LoadedDocument`, its data and where each value
stands.

The file is read with its size, binary content and encoding checked before anything
parses it, then parsed by the YAML 1.2 core schema with the position of every node
(:mod:`ethos.values.yaml_nodes`), so that every later problem can name
``file:line:col``, in whichever of the files ``extends`` merged the value was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError, Problem
from ..system.input_files import read_input_file
from .yaml_nodes import KeyPath, Position, dotted, parse_yaml

MAX_FILE_BYTES = 1024 * 1024


@dataclass
class LoadedDocument:
    """A values file as plain data, with where each value and key stands.

    A file that ``extends`` a group file is one merged document; ``origins`` maps the
    key paths that came from another file to that file's document, so every problem
    points at the file and line the value was written in.
    """

    filename: str
    data: dict[str, Any]
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)
    source: str = ""
    origins: dict[KeyPath, LoadedDocument] = field(default_factory=dict)
    group: LoadedDocument | None = None
    """The merged group file this one extends, if any."""
    locks: dict[KeyPath, LoadedDocument] = field(default_factory=dict)
    """Policies (``("policies", name)``) and values (``("values", id)``) a group locked,
    with the group document that locked them."""

    def chain(self) -> Iterator[LoadedDocument]:
        """This document, then each group file it extends, nearest first."""
        current: LoadedDocument | None = self
        while current is not None:
            yield current
            current = current.group

    def origin(self, path: KeyPath) -> LoadedDocument:
        """The document ``path`` was written in: this one or a group it extends."""
        for end in range(len(path), 0, -1):
            found = self.origins.get(path[:end])
            if found is not None:
                return found.origin(path)
        return self

    def position(self, path: KeyPath, *, key: bool = False) -> Position:
        """Where ``path`` stands, or the nearest enclosing node that exists."""
        document = self.origin(path)
        table = document.keys if key else document.values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or document.values.get(path[:end])
            if found:
                return found
        return Position(1, 1)

    def problem(self, path: KeyPath, message: str, *, key: bool = False) -> Problem:
        """A problem located at ``path`` in the file it was written in."""
        where = self.position(path, key=key)
        filename = self.origin(path).filename
        return Problem(filename, where.line, where.column, dotted(path), message)

    def where(self, path: KeyPath) -> str:
        """``file:line`` of ``path``, for messages that name more than one place."""
        return f"{self.origin(path).filename}:{self.position(path, key=True).line}"


class NotAValuesFileError(InvalidInputError):
    """A file read as a values file is something else: one problem, none of its content.

    ``reason`` says why without quoting the file, for a message in the file that named it
    (``extends:``).
    """

    def __init__(self, problem: Problem, reason: str) -> None:
        self.reason = reason
        super().__init__([problem])


def read_values_text(path: Path) -> str:
    """Read a values file as UTF-8 text, refusing oversized or binary files up front."""
    raw = read_input_file(
        path, limit=MAX_FILE_BYTES, kind="a values file", hint="a values file is a few kilobytes"
    )
    return decode_values_bytes(raw, str(path))


def oversized_file_error(filename: str, size: int) -> InvalidInputError:
    """The error for a values file of ``size`` bytes, over :data:`MAX_FILE_BYTES`."""
    return InvalidInputError(
        [
            Problem(
                filename,
                1,
                1,
                "",
                f"file is {size:,} bytes, over the "
                f"{MAX_FILE_BYTES:,}-byte limit — a values file is a few kilobytes",
            )
        ]
    )


def decode_values_bytes(raw: bytes, filename: str) -> str:
    """A values file's bytes (from disk or from git) as text; size, binary and UTF-8 checked."""
    if len(raw) > MAX_FILE_BYTES:
        raise oversized_file_error(filename, len(raw))
    if b"\0" in raw:
        raise InvalidInputError(
            [Problem(filename, 1, 1, "", "binary file — a values file is UTF-8 YAML text")]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InvalidInputError(
            [
                Problem(
                    filename,
                    line,
                    column,
                    "",
                    "not valid UTF-8 — save the file with UTF-8 encoding",
                )
            ]
        ) from None


def load_values_file(path: Path) -> LoadedDocument:
    """Read and parse a values file from disk."""
    return load_values_text(read_values_text(path), str(path))


def load_values_text(text: str, filename: str) -> LoadedDocument:
    """Parse values-file YAML into data and positions; raise every problem found."""
    parsed = parse_yaml(text, filename)
    if parsed is None:
        raise InvalidInputError(
            [Problem(filename, 1, 1, "", "file is empty — run `ethos init` for a starter file")]
        )
    document = LoadedDocument(filename, {}, parsed.values, parsed.keys, source=text)
    if not isinstance(parsed.data, dict):
        raise NotAValuesFileError(
            document.problem(
                (),
                "the file must be a mapping of keys such as `company:` "
                "and `values:` — see `ethos init`",
            ),
            "its top level is not a mapping of keys",
        )
    document.data = parsed.data
    return document
