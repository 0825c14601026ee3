"""YAML text -> plain data, with the position of every node.

PyYAML's ``safe_load`` would resolve YAML 1.1 surprises (``no`` -> False, ``12:30`` ->
750, ``1.10`` -> 1.1), silently keep the last of two duplicate keys and forget where
everything was. We compose the node tree ourselves instead, resolve scalars by the
YAML 1.2 core schema, and convert nodes to data while recording their positions so
that every later problem can name ``file:line:col``. Tags are refused, and the depth
and the number of nodes (aliases expanded) are limited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ..errors import InvalidInputError, Problem
from .yaml_syntax import syntax_problem

MAX_DEPTH = 32
# Counts nodes as they are expanded, so a "billion laughs" alias bomb stops early.
MAX_NODES = 50_000

KeyPath = tuple[str | int, ...]
"""Where a value stands in a document: ``("values", 2, "id")``."""

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


@dataclass(frozen=True)
class ParsedYaml:
    """A YAML document as plain data, with where each value and each key stands."""

    data: Any
    values: dict[KeyPath, Position]
    keys: dict[KeyPath, Position]


def dotted(path: KeyPath) -> str:
    """``("values", 2, "id")`` -> ``values[2].id``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def parse_yaml(text: str, filename: str) -> ParsedYaml | None:
    """Parse YAML ``text`` into data and positions; None for an empty document.

    Raises:
        InvalidInputError: every problem found (syntax, a character YAML does not allow,
            a tag, a duplicate key, too deep, too many nodes), located in ``filename``.
    """
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
        return None
    converter = _Converter(filename)
    data = converter.convert(root, ())
    if converter.problems:
        raise InvalidInputError(converter.problems)
    return ParsedYaml(data, converter.values, converter.keys)


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


class _Converter:
    """Node tree -> plain data, recording positions and collecting problems."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.values: dict[KeyPath, Position] = {}
        self.keys: dict[KeyPath, Position] = {}
        self.problems: list[Problem] = []
        self.nodes_seen = 0

    def _problem(self, node: Node, path: KeyPath, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.filename, mark.line + 1, mark.column + 1, dotted(path), message)
        )

    def convert(self, node: Node, path: KeyPath) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            raise InvalidInputError(
                [
                    Problem(
                        self.filename,
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
        self.values[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
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
            self.keys[(*path, key)] = Position(line, key_node.start_mark.column + 1)
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
