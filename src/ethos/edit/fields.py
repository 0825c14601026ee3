"""What the editor's form is made of: fields with their key paths, the language boxes of a
free text, the choices of a stance or a vocabulary, and what the form is made from
(:class:`FormContext`). :mod:`ethos.edit.schema_form` and :mod:`ethos.edit.form` make
them; ``templates/edit/form.html.j2`` draws them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..values.policy_definition import PolicyDefinition
from ..values.yaml_nodes import KeyPath, dotted
from ..wording.catalog import Catalog

LONG_TEXT = 200  # a text allowed more characters than this gets a text area
UNSTATED = "…"
"""Stands in a conduct rule for a parameter the file does not state."""


@dataclass
class Option:
    value: str
    label: str
    chosen: bool = False
    detail: str = ""
    rules: list[str] = field(default_factory=list)
    in_text: list[str] = field(default_factory=list)


@dataclass
class LanguageText:
    """One language's box of a free-text field."""

    language: str
    name: str
    value: str
    direction: str
    missing: bool
    id: str
    hint: str = ""
    """Shown in the empty box (its HTML ``placeholder``): the built-in wording a value's
    override replaces, or the text the group file gives."""


@dataclass
class Field:
    """One thing the form shows: an input, or a group of them."""

    kind: str
    path: KeyPath
    label: str
    help: str = ""
    value: Any = None
    required: bool = False
    children: list[Field] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    texts: list[LanguageText] = field(default_factory=list)
    multiline: bool = False
    minimum: float | None = None
    maximum: float | None = None
    step: str = "1"
    unit: str = ""
    item: dict[str, Any] | None = None
    """For a list: what "Add" appends (None: a text in the file's language)."""
    removable: bool = False
    movable: bool = False
    position: int = 0
    count: int = 0
    stated: bool = True
    input_type: str = "text"
    default_off: bool = True
    note: str = ""
    inherited: str = ""
    """What the group file the values file extends gives this field, when it is left out."""

    @property
    def id(self) -> str:
        return field_id(self.path)

    @property
    def key(self) -> str:
        return dotted(self.path)

    def walk(self) -> Iterator[Field]:
        yield self
        for child in self.children:
            yield from child.walk()


def field_id(path: KeyPath, language: str | None = None) -> str:
    """An HTML id for the field at ``path``: ``f-policies-returns-window_days``."""
    parts = [re.sub(r"[^A-Za-z0-9_]", "_", str(part)) for part in path]
    return "-".join(["f", *parts, *([f"_{language}"] if language else [])])


@dataclass(frozen=True)
class FormContext:
    """What the form is made from."""

    schema: dict[str, Any]
    definitions: Sequence[PolicyDefinition]
    catalog: Catalog
    languages: Sequence[str]
    """The chapter's languages, its own first: a free-text field has a box for each."""
    names: Mapping[str, str]
    """Each language's name, as the page's language writes it."""
    directions: Mapping[str, str]
    conduct: Mapping[tuple[str, str], list[str]]
    """Each built-in policy's stance's conduct rules, filled with the file's parameters."""
    own_stances: Mapping[str, Mapping[str, tuple[str, str, list[str]]]]
    """Each own policy's stances: label, text and conduct rules, in the file's language."""
    own_titles: Mapping[str, tuple[str, str]]
    built_in: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    """Each catalog value's title and statement, by language: shown in the boxes of an
    override until the company writes its own."""
    inherited: Mapping[str, Any] = field(default_factory=dict)
    """The group file's data merged with the draft's, when the file extends one: what a
    field left empty takes from the group is shown in it."""
