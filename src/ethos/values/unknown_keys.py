"""Keys the schema does not allow where they stand: where they belong, or what was meant.

A key written one level too far left (a policy beside ``policies:`` instead of under it,
``stance:`` under an empty ``returns:``) is told where to go; a misspelt key gets the
closest allowed one.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel

from .load import LoadedDocument
from .model import ValuesFile
from .yaml_nodes import KeyPath, dotted


def unknown_key_message(
    document: LoadedDocument, path: KeyPath, root: type[BaseModel] = ValuesFile
) -> str:
    """What to do about the key at ``path``, which the schema does not allow there.

    ``root`` is the file's model: with the file's own policies when it defines some.
    """
    parent = _model_at(path[:-1], root)
    allowed = list(parent.model_fields) if parent else []
    key = str(path[-1])
    if key == "locked":
        return "`locked` only has a meaning in a group file that other values files extend"
    # A key indented too little: under the empty key above it, or the one section taking it.
    home = _left_empty_above(document, path, allowed)
    if home is None and (section := _section_holding(parent, key)):
        home = (*path[:-1], section)
    if home == ("policies",):
        return f"`{key}` is a policy — move it under `policies:` and indent it"
    if home:
        return f"`{key}` belongs in `{dotted(home)}` — move it under `{home[-1]}:` and indent it"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key `{key}` — did you mean `{close[0]}`?"
    if allowed:
        return f"unknown key `{key}` — allowed here: {', '.join(allowed)}"
    return f"unknown key `{key}` — remove it"


def not_a_values_file(data: dict[str, Any]) -> str | None:
    """Why ``data`` (a file's top-level mapping) is not a values file, or None if it is.

    A file is taken for a values file when at least half of its top-level keys are keys
    of one, very close to one (a misspelling) or keys that belong one level down (a policy
    beside ``policies:``). Anything else, ``/etc/shadow`` read as YAML say, is reported
    as a whole, without a word of its content: its "keys" may be secrets.
    """
    if not data:
        return None
    recognised = sum(_values_file_key(str(key)) for key in data)
    if recognised * 2 >= len(data):
        return None
    unknown = len(data) - recognised
    return (
        f"{unknown} of its {len(data)} top-level keys are not keys of a values file, so "
        "none is shown"
    )


def _values_file_key(key: str) -> bool:
    allowed = list(ValuesFile.model_fields)
    return (
        key in allowed
        or _section_holding(ValuesFile, key) is not None
        # Closer than a "did you mean": `region` is not taken for `revisions`.
        or bool(difflib.get_close_matches(key, allowed, n=1, cutoff=0.8))
    )


def _model_at(path: KeyPath, root: type[BaseModel] = ValuesFile) -> type[BaseModel] | None:
    """The model of the mapping at ``path``, if the schema has one there."""
    model: type[BaseModel] | None = root
    keyed = False  # the part is a key of a mapping of the company's own (an own policy's id)
    for part in path:
        if model is None:
            return None
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        field = model.model_fields.get(part)
        keyed = field is not None and typing.get_origin(field.annotation) is dict
        model = _model_in(field.annotation) if field else None
    return model


def _left_empty_above(
    document: LoadedDocument, path: KeyPath, allowed: list[str]
) -> KeyPath | None:
    """The key above ``path`` in the file, when it was left empty and takes ``path``'s key.

    Other keys misplaced beside ``path`` are passed over, so each line of a block
    written too far left points at the same key.
    """
    where = document.keys.get(path)
    if where is None or document.origin(path) is not document:
        return None
    above = sorted(
        (candidate for candidate, at in document.keys.items()
         if (at.line, at.column) < (where.line, where.column)),
        key=lambda candidate: (document.keys[candidate].line, document.keys[candidate].column),
    )  # fmt: skip
    for candidate in reversed(above):
        if candidate[:-1] == path[:-1] and candidate[-1] not in allowed:
            continue
        model = _model_at(candidate)
        if _value_at(document.data, candidate) is None and model and path[-1] in model.model_fields:
            return candidate
        return None
    return None


def _value_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path``; the key itself when merging a group file left it out."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return path
    return data


def _section_holding(parent: type[BaseModel] | None, key: str) -> str | None:
    """The one key of ``parent`` whose mapping allows ``key``: where a key indented one
    level too little belongs (None when no section, or several, allow it)."""
    sections = [
        name
        for name, field in (parent.model_fields if parent else {}).items()
        if typing.get_origin(field.annotation) not in (list, dict)  # items or entries: no place
        and (section := _model_in(field.annotation)) is not None
        and key in section.model_fields
    ]
    return sections[0] if len(sections) == 1 else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found:
            return found
    return None
