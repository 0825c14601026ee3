"""Load stage: a values file's YAML -> plain data, with the position of every node.

PyYAML's ``safe_load`` would resolve YAML 1.1 surprises (``no`` -> False, ``12:30`` ->
750, ``1.10`` -> 1.1), silently keep the last of two duplicate keys and forget where
everything was. We compose the node tree ourselves instead, resolve scalars by the
YAML 1.2 core schema, and convert nodes to data while recording their positions so
that every later problem can name ``file:line:col``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ..errors import InvalidInputError, Problem
from ..system.input_files import read_input_file
from .yaml_syntax import syntax_problem

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
# Counts nodes as they are expanded, so a "billion laughs" alias bomb stops early.
MAX_NODES = 50_000

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_ALLOWED_EXPLICIT_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}


class _CoreSchemaResolver(BaseResolver):
    """Implicit scalar types of the YAML 1.2 core schema; everything else is text."""


_CoreSchemaResolver.add_implicit_resolver(
    f"{_TAG}bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreSchemaResolver.add_implicit_resolver(
    f"{_TAG}null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_CoreSchemaResolver.add_implicit_resolver(
    f"{_TAG}int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_CoreSchemaResolver.add_implicit_resolver(
    f"{_TAG}float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


class _NodeLoader(Reader, Scanner, Parser, Composer, _CoreSchemaResolver):
    """Builds the node tree only; no Python objects are ever constructed from tags."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreSchemaResolver.__init__(self)


@dataclass(frozen=True)
class Position:
    """1-based line and column of a node in its file."""

    line: int
    column: int


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


def dotted(path: KeyPath) -> str:
    """``("values", 2, "id")`` -> ``values[2].id``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


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


def _unreadable_character(text: str, filename: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a control character), located."""
    position = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = error.character if isinstance(error.character, str) else chr(error.character)
    return Problem(
        filename,
        line,
        column,
        "",
        f"the file contains the control character U+{ord(character):04X}, which YAML does "
        "not allow — remove it (it is invisible in most editors)",
    )


def load_values_file(path: Path) -> LoadedDocument:
    """Read and parse a values file from disk."""
    return load_values_text(read_values_text(path), str(path))


def load_values_text(text: str, filename: str) -> LoadedDocument:
    """Parse values-file YAML into data and positions; raise every problem found."""
    try:
        loader = _NodeLoader(text)
    except yaml.reader.ReaderError as error:
        raise InvalidInputError([_unreadable_character(text, filename, error)]) from None
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise InvalidInputError([syntax_problem(text, filename, error)]) from None
    except yaml.reader.ReaderError as error:
        raise InvalidInputError([_unreadable_character(text, filename, error)]) from None
    except yaml.YAMLError as error:
        raise InvalidInputError([Problem(filename, 1, 1, "", f"YAML error: {error}")]) from None
    except RecursionError:
        raise InvalidInputError(
            [Problem(filename, 1, 1, "", f"nesting is too deep — keep it under {MAX_DEPTH} levels")]
        ) from None
    finally:
        loader.dispose()

    if root is None:
        raise InvalidInputError(
            [Problem(filename, 1, 1, "", "file is empty — run `ethos init` for a starter file")]
        )
    document = LoadedDocument(filename, {}, source=text)
    converter = _Converter(document)
    data = converter.convert(root, ())
    if converter.problems:
        raise InvalidInputError(converter.problems)
    if not isinstance(data, dict):
        raise NotAValuesFileError(
            document.problem(
                (),
                "the file must be a mapping of keys such as `company:` "
                "and `values:` — see `ethos init`",
            ),
            "its top level is not a mapping of keys",
        )
    document.data = data
    return document


class _Converter:
    """Node tree -> plain data, recording positions and collecting problems."""

    def __init__(self, document: LoadedDocument) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.nodes_seen = 0

    def _problem(self, node: Node, path: KeyPath, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.document.filename, mark.line + 1, mark.column + 1, dotted(path), message)
        )

    def convert(self, node: Node, path: KeyPath) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            raise InvalidInputError(
                [
                    Problem(
                        self.document.filename,
                        node.start_mark.line + 1,
                        node.start_mark.column + 1,
                        dotted(path[:1]),
                        f"the document expands to over {MAX_NODES:,} values through its "
                        "anchors and aliases (an alias bomb?) — write the values out instead "
                        "of repeating anchors",
                    )
                ]
            )
        if len(path) > MAX_DEPTH:
            self._problem(node, path[:2], f"nesting is too deep — keep it under {MAX_DEPTH} levels")
            return None
        self.document.values[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if node.tag not in (f"{_TAG}map", f"{_TAG}seq"):
            self._problem(node, path, f"YAML tag {node.tag!r} is not allowed — remove the tag")
            return None
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        return self._mapping(node, path)

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != f"{_TAG}str":
                self._problem(key_node, path, "keys must be plain words such as `name:`")
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in first_seen:
                self._problem(
                    key_node,
                    (*path, key),
                    f"duplicate key (first set on line {first_seen[key]}) — keep only one",
                )
                continue
            first_seen[key] = line
            self.document.keys[(*path, key)] = Position(line, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _scalar(self, node: ScalarNode, path: KeyPath) -> Any:  # noqa: PLR0911 - one per YAML type
        tag, text = node.tag, node.value
        if tag == f"{_TAG}str":
            return text
        if tag not in _ALLOWED_EXPLICIT_TAGS:
            self._problem(node, path, f"YAML tag {tag!r} is not allowed — remove the tag")
            return None
        if tag == f"{_TAG}bool":
            return text.lower() == "true"
        if tag == f"{_TAG}null":
            return None
        if tag == f"{_TAG}int":
            try:
                return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
            except ValueError:
                self._problem(node, path, f"{text!r} is not a whole number")
                return None
        try:
            return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
        except ValueError:
            self._problem(node, path, f"{text!r} is not a number")
            return None
