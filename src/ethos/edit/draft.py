"""The values file as the editor holds it: the text on disk, and the changes made in the
page since, applied to a ruamel.yaml round trip of that text.

A change names a key path and what to do there (:class:`Change`); applying it touches
that key and nothing else, so the saved file differs from the old one by exactly the
changes made: comments, key order, quoting and layout of everything else stay. The page
sends its changes as JSON; :func:`parse_change` refuses one that is malformed with a
message, never a traceback.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import EthosError
from ..values.round_trip import dumped, round_tripper
from ..values.yaml_nodes import KeyPath, dotted

OPERATIONS = ("set", "set_text", "delete", "append", "move")
KINDS = ("text", "integer", "number", "switch", "date", "choice", "choices", "mapping")
MAX_PATH = 12


class ChangeError(EthosError):
    """A change the page sent cannot be applied: the message says why."""


@dataclass(frozen=True)
class Change:
    """One edit made in the page.

    ``set``: the value at ``path`` becomes ``value`` (a blank or empty one removes the key);
    ``set_text``: the free text at ``path`` in ``language`` (a text in one language becomes
    one by language when a second is written); ``delete``: the key or list item goes;
    ``append``: ``value`` is added at the end of the list at ``path``; ``move``: the list
    item at ``path`` moves to position ``to``.
    """

    operation: str
    path: KeyPath
    value: Any = None
    kind: str = "text"
    language: str | None = None
    to: int | None = None


def parse_change(data: object) -> Change:
    """The :class:`Change` a request's JSON describes.

    Raises:
        ChangeError: a field is missing, of the wrong type, or names no operation.
    """
    if not isinstance(data, dict):
        raise ChangeError("a change is a JSON object")
    operation = data.get("op")
    if operation not in OPERATIONS:
        raise ChangeError(f"`op` is one of {', '.join(OPERATIONS)}")
    path = data.get("path")
    if (
        not isinstance(path, list)
        or not 0 < len(path) <= MAX_PATH
        or not all(
            (isinstance(part, str) and 0 < len(part) <= 64)
            or (isinstance(part, int) and not isinstance(part, bool) and 0 <= part < 10_000)
            for part in path
        )
    ):
        raise ChangeError("`path` is a list of keys and list positions")
    kind = data.get("kind", "text")
    if kind not in KINDS:
        raise ChangeError(f"`kind` is one of {', '.join(KINDS)}")
    language = data.get("language")
    if operation == "set_text" and not isinstance(language, str):
        raise ChangeError("`set_text` needs the `language` of the text")
    to = data.get("to")
    if operation == "move" and (not isinstance(to, int) or isinstance(to, bool) or to < 0):
        raise ChangeError("`move` needs `to`, the new position")
    return Change(operation, tuple(path), data.get("value"), kind, language, to)


def digest(text: str) -> str:
    """A short fingerprint of a file's text: what the page saw, compared to what is on disk."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Draft:
    """The file's text when loaded (``original``) and the data with the page's changes."""

    def __init__(self, original: str, written_in: str) -> None:
        self.original = original
        self.written_in = written_in
        """The file's own language: a text in it alone stays a plain string."""
        self.yaml = round_tripper(original)
        self.data = self.yaml.load(original)
        self._text = original

    @property
    def text(self) -> str:
        """The file as it would be saved."""
        return self._text

    @property
    def changed(self) -> bool:
        return self._text != self.original

    def restore(self, text: str) -> None:
        """The data as ``text`` has it: undoes a change that failed half way."""
        self.data = self.yaml.load(text)
        self._text = text

    def apply(self, change: Change) -> None:
        """Apply one change to the data; the text follows.

        Raises:
            ChangeError: the path leads through something that is not a mapping or a list,
                or names a list position that does not exist.
        """
        if not isinstance(self.data, dict):
            raise ChangeError("the file is not a mapping of keys: edit it as text first")
        operation = {
            "set": self._set,
            "set_text": self._set_text,
            "delete": self._delete,
            "append": self._append,
            "move": self._move,
        }[change.operation]
        operation(change)
        self._text = dumped(self.yaml, self.data)

    def _delete(self, change: Change) -> None:
        *parents, last = change.path
        parent = self._node(parents, create=False)
        if parent is not None:
            _remove(parent, last)
            self._prune(parents)

    def _set(self, change: Change) -> None:
        """The value at the path; a blank one removes the key. An unchanged value is left
        as written (its quotes, its style); a list is changed in place, so a ``[flow,
        list]`` stays one."""
        value = _coerce(change.value, change.kind)
        if _blank(value):
            self._delete(change)
            return
        *parents, last = change.path
        parent = self._node(parents, create=True)
        current = _get(parent, last)
        if isinstance(current, list) and isinstance(value, list):
            if list(current) != value:
                del current[:]
                current.extend(value)
        elif current != value or type(current) is not type(value):
            _put(parent, last, _mapping(value))

    def _append(self, change: Change) -> None:
        target = self._node(change.path, create=True, leaf=[])
        if not isinstance(target, list):
            raise ChangeError(f"{dotted(change.path)} is not a list")
        target.append(_mapping(change.value))

    def _move(self, change: Change) -> None:
        *parents, last = change.path
        parent = self._node(parents, create=False)
        if not isinstance(parent, list) or not isinstance(last, int) or last >= len(parent):
            raise ChangeError(f"{dotted(change.path)} is no item of a list")
        to = min(int(change.to or 0), len(parent) - 1)
        parent.insert(to, parent.pop(last))

    def _set_text(self, change: Change) -> None:
        """The free text at the path in the change's language; an empty text removes that
        language. A text in the file's own language alone stays a plain string; a second
        language makes it a text by language (as ``ethos translate merge`` does)."""
        *parents, last = change.path
        language, text = str(change.language), _text(change.value)
        parent = self._node(parents, create=bool(text))
        if parent is None:
            return
        current = _get(parent, last)
        if isinstance(current, dict):
            texts = current
        elif isinstance(current, str) and current:
            texts = {self.written_in: current}
        else:
            texts = {}
        if text:
            texts[language] = text
        else:
            texts.pop(language, None)
        if texts is current:
            if not texts:
                _remove(parent, last)
        elif not texts:
            _remove(parent, last)
        elif list(texts) == [self.written_in]:
            if texts[self.written_in] != current:
                _put(parent, last, texts[self.written_in])
        else:
            _put(parent, last, _mapping(texts))
        self._prune(parents)

    def _node(self, path: Any, *, create: bool, leaf: Any = None) -> Any:
        """The mapping or list at ``path``; missing mappings made when ``create``."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        node: Any = self.data
        for index, part in enumerate(path):
            child = _get(node, part)
            if child is None:
                if not create:
                    return None
                last = index == len(path) - 1
                child = (
                    (CommentedSeq() if leaf == [] else CommentedMap()) if last else CommentedMap()
                )
                _put(node, part, child)
            if not isinstance(child, dict | list):
                raise ChangeError(f"{dotted(tuple(path[: index + 1]))} holds no keys")
            node = child
        return node

    def _prune(self, parents: Any) -> None:
        """Mappings emptied by a removal go too (a policy's `wording:` with nothing left),
        up to the top-level sections, which stay."""
        for depth in range(len(parents), 1, -1):
            node = self._node(parents[:depth], create=False)
            if node is None or node or not isinstance(node, dict):
                return
            _remove(self._node(parents[: depth - 1], create=False), parents[depth - 1])


def _get(node: Any, key: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int):
        return node[key] if key < len(node) else None
    raise ChangeError(f"`{key}` is not a key here")


def _put(node: Any, key: str | int, value: Any) -> None:
    if isinstance(node, dict):
        node[key] = value
    elif isinstance(node, list) and isinstance(key, int) and key <= len(node):
        if key == len(node):
            node.append(value)
        else:
            node[key] = value
    else:
        raise ChangeError(f"`{key}` is not a position in this list")


def _remove(node: Any, key: str | int) -> None:
    if isinstance(node, dict):
        node.pop(key, None)
    elif isinstance(node, list) and isinstance(key, int) and key < len(node):
        del node[key]


def _coerce(value: Any, kind: str) -> Any:
    """The page's value as the YAML value: a number or date typed in stays text when it is
    none (the check then says what is wrong, at the field)."""
    if kind == "switch":
        return None if value is None else value is True or value == "true"
    if kind == "choices":
        return [str(item) for item in value] if isinstance(value, list) else []
    if not isinstance(value, str):
        return value
    text = _text(value)
    readers: dict[str, Callable[[str], Any]] = {
        "integer": int,
        "number": _number,
        "date": datetime.date.fromisoformat,
    }
    read = readers.get(kind)
    if read is None or not text:
        return text
    try:
        return read(text)
    except ValueError:
        return text


def _mapping(value: Any) -> Any:
    """A mapping from the page as one ruamel.yaml writes in block style, like the rest."""
    from ruamel.yaml.comments import CommentedMap

    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        mapping = CommentedMap()
        mapping.update(value)
        return mapping
    return value


def _number(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def _text(value: Any) -> str:
    """Text from the page: its line endings as the file's, no trailing blanks."""
    text = "" if value is None else str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _blank(value: Any) -> bool:
    return value is None or value in ("", [])
