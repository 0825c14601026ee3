"""The editor's form, made from what ethos already knows: the values file's JSON Schema,
the policy definitions and the wording catalog. Nothing here is written for one policy
or one setting; a new policy (a data file) or a new setting (a model field) appears in
the form by itself.

:func:`build_form` turns the data the editor holds into a tree of :class:`Field`; the
template ``templates/edit/form.html.j2`` draws it. Each field knows its key path, so a
problem ``ethos check`` reports at ``policies.returns.window_days`` is shown at that field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..values.local_text import raw_value
from ..values.policy_definition import Parameter, PolicyDefinition
from ..values.yaml_nodes import KeyPath, dotted
from ..wording.catalog import Catalog
from ..wording.languages import CHAPTER_LANGUAGES, text_language

TOP_LEVEL = ("company", "document", "values", "policies", "own_policies", "sections", "revisions")
ADVANCED = ("extends", "templates")
LONG_TEXT = 200  # a text allowed more characters than this gets a text area
PLACEHOLDER = "…"


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
    placeholder: str = ""
    """Shown in an empty box: the built-in wording a value's override replaces, or the
    text the group file gives."""


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


def build_form(data: Mapping[str, Any], context: FormContext) -> list[Field]:
    """The form for ``data`` (the file as the editor holds it): one group per top-level
    section, in the order a values file is read."""
    builder = _Builder(context)
    properties = context.schema.get("properties", {})
    groups = []
    for key in TOP_LEVEL:
        if key == "values":
            groups.append(builder.values(data.get("values")))
        elif key == "policies":
            groups.append(builder.policies(data.get("policies")))
        elif key in properties:
            groups.append(builder.node(properties[key], (key,), data.get(key), top=True))
    advanced = [
        builder.node(properties[key], (key,), data.get(key))
        for key in ADVANCED
        if key in properties
    ]
    groups.append(Field("group", ("advanced",), "Advanced", "Settings most files leave out.",
                        children=advanced))  # fmt: skip
    return groups


class _Builder:
    def __init__(self, context: FormContext) -> None:
        self.context = context
        self.defs: dict[str, Any] = context.schema.get("$defs", {})

    # --- the schema, walked -------------------------------------------------------------

    def resolve(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        """``schema`` with a ``$ref`` replaced by what it names (its own keys kept)."""
        resolved = dict(schema)
        while "$ref" in resolved:
            name = str(resolved.pop("$ref")).rsplit("/", 1)[-1]
            resolved = {**self.defs.get(name, {}), **resolved}
        return resolved

    def node(
        self,
        schema: Mapping[str, Any],
        path: KeyPath,
        value: Any,
        *,
        label: str | None = None,
        required: bool = False,
        top: bool = False,
    ) -> Field:
        made = self._node(schema, path, value, label=label, required=required, top=top)
        if value is None and made.kind in ("plain", "number", "choice", "text", "choices"):
            given = raw_value(self.context.inherited, path)
            if given is not None:
                made.inherited = _shown(given, self.context.languages[0])
                made.required = False  # the group gives it
                for box in made.texts:
                    box.placeholder = _shown(given, box.language)
        return made

    def _node(  # noqa: PLR0911 - one branch per kind of schema
        self,
        schema: Mapping[str, Any],
        path: KeyPath,
        value: Any,
        *,
        label: str | None = None,
        required: bool = False,
        top: bool = False,
    ) -> Field:
        schema = self.resolve(schema)
        title = label or _label(path, schema)
        help_text = _help(schema)
        options = self._alternatives(schema)
        if self._is_local_text(schema):
            return self.text(path, title, help_text, value, _max_length(options), required)
        concrete = [option for option in options if option.get("type") != "null"]
        if len(concrete) == 1 and options:
            merged = {
                **self.resolve(concrete[0]),
                **{k: v for k, v in schema.items() if k != "anyOf"},
            }
            return self._node(merged, path, value, label=title, required=required, top=top)
        if "enum" in schema:
            return self.choice(path, title, help_text, value, [str(v) for v in schema["enum"]],
                               required)  # fmt: skip
        kind = schema.get("type")
        if kind == "boolean":
            default_off = not schema.get("default", False)
            return Field("switch", path, title, help_text, value=bool(value) if value is not None
                         else not default_off, default_off=default_off)  # fmt: skip
        if kind in ("integer", "number"):
            return Field(
                "number", path, title, help_text, value=value, required=required,
                minimum=_bound(schema, "minimum", "exclusiveMinimum", kind),
                maximum=schema.get("maximum"), step="1" if kind == "integer" else "any",
            )  # fmt: skip
        if kind == "array":
            return self.array(schema, path, title, help_text, value)
        if kind == "object" and "properties" in schema:
            return self.group(schema, path, title, help_text, value, top=top)
        if kind == "object":
            return self.mapping(schema, path, title, help_text, value)
        input_type = "date" if schema.get("format") == "date" else _input_type(path)
        shown = value.isoformat() if hasattr(value, "isoformat") else value
        return Field("plain", path, title, help_text, value=shown, required=required,
                     input_type=input_type)  # fmt: skip

    def group(
        self,
        schema: Mapping[str, Any],
        path: KeyPath,
        title: str,
        help_text: str,
        value: Any,
        *,
        top: bool = False,
    ) -> Field:
        data = value if isinstance(value, Mapping) else {}
        required = set(schema.get("required", ()))
        children = [
            self.node(sub, (*path, key), data.get(key), required=key in required)
            for key, sub in schema.get("properties", {}).items()
            if "const" not in sub and key != "source"
        ]
        return Field("group", path, title, help_text, children=children, stated=bool(data) or top)

    def mapping(
        self, schema: Mapping[str, Any], path: KeyPath, title: str, help_text: str, value: Any
    ) -> Field:
        """A mapping by id (own policies, their stances, replaced sections): one group per
        entry, and a box to add one."""
        data = value if isinstance(value, Mapping) else {}
        patterns = schema.get("patternProperties") or {}
        entry_schema = next(iter(patterns.values()), schema.get("additionalProperties") or {})
        names = self.resolve(schema.get("propertyNames") or {}).get("enum")
        children = []
        for key, entry in data.items():
            child = self.node(entry_schema, (*path, str(key)), entry, label=str(key))
            child.removable = True
            children.append(child)
        options = [Option(name, name) for name in names or () if name not in data]
        return Field("map", path, title, help_text, children=children, options=options)

    def array(
        self, schema: Mapping[str, Any], path: KeyPath, title: str, help_text: str, value: Any
    ) -> Field:
        items = self.resolve(schema.get("items") or {})
        choices = items.get("enum")
        if choices is not None:
            chosen = [str(item) for item in value] if isinstance(value, list) else []
            members = [str(choice) for choice in choices]
            options = [Option(c, self.choice_label(c), c in chosen) for c in members]
            return Field("choices", path, title, help_text, options=options)
        data = value if isinstance(value, list) else []
        children = []
        for index, entry in enumerate(data):
            child = self.node(items, (*path, index), entry, label=f"{_singular(title)} {index + 1}")
            child.removable = True
            children.append(child)
        item = None if self._is_local_text(items) else _starter(items, self)
        return Field("list", path, title, help_text, children=children, item=item,
                     count=len(data))  # fmt: skip

    def text(  # noqa: PLR0917 - a field's path, label, help, value and limits, as the others
        self,
        path: KeyPath,
        title: str,
        help_text: str,
        value: Any,
        max_length: int | None,
        required: bool,
    ) -> Field:
        """A free-text field: one box per language of the chapter."""
        written_in = self.context.languages[0]
        boxes = []
        for language in self.context.languages:
            if isinstance(value, Mapping):
                text = value.get(language) or value.get(text_language(language)) or ""
            elif isinstance(value, str):
                text = value if text_language(language) == text_language(written_in) else ""
            else:
                text = ""
            stated = value not in (None, "", {})
            boxes.append(
                LanguageText(
                    language,
                    self.context.names.get(language, language),
                    str(text),
                    self.context.directions.get(language, "ltr"),
                    stated and not text,
                    field_id(path, language),
                )
            )
        long = max_length is None or max_length > LONG_TEXT
        return Field("text", path, title, help_text, required=required, texts=boxes,
                     multiline=long)  # fmt: skip

    def choice(  # noqa: PLR0917 - a field's path, label, help, value and choices, as the others
        self,
        path: KeyPath,
        title: str,
        help_text: str,
        value: Any,
        choices: list[str],
        required: bool,
    ) -> Field:
        chosen = "" if value is None else str(value)
        return Field(
            "choice", path, title, help_text, required=required,
            options=[Option(c, self.choice_label(c), c == chosen) for c in choices],
        )  # fmt: skip

    def choice_label(self, member: str) -> str:
        """A vocabulary member or language as people read it."""
        if member in CHAPTER_LANGUAGES:
            return f"{self.context.names.get(member, member)} ({member})"
        for terms in self.context.catalog.terms.values():
            if member in terms.labels:
                return terms.labels[member]
        return member.replace("_", " ")

    def _alternatives(self, schema: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [self.resolve(option) for option in schema.get("anyOf", ())]

    def _is_local_text(self, schema: Mapping[str, Any]) -> bool:
        for option in self._alternatives(schema):
            names = option.get("propertyNames") or {}
            if option.get("type") == "object" and str(names.get("$ref", "")).endswith("/Language"):
                return True
        return False

    # --- values, from the catalog --------------------------------------------------------

    def values(self, value: Any) -> Field:
        catalog = self.context.catalog.values
        chosen = value if isinstance(value, list) else []
        entry_schema = self.defs.get("ValueEntry", {})
        children = []
        taken = set()
        for index, item in enumerate(chosen):
            key = item.get("id") if isinstance(item, Mapping) else item
            key = str(key)
            taken.add(key)
            wording = catalog.get(key)
            own = wording is None
            entry = Field(
                "value",
                ("values", index),
                wording.title if wording else _own_title(item, self.context.languages[0]) or key,
                wording.summary if wording else "A value of the company's own.",
                value=key,
                removable=True,
                movable=True,
                position=index,
                count=len(chosen),
                stated=isinstance(item, Mapping),
                note="own" if own else "catalog",
            )
            if isinstance(item, Mapping):
                entry.children = [
                    self.node(
                        sub,
                        ("values", index, name),
                        item.get(name),
                        required=own and name in ("title", "statement"),
                    )
                    for name, sub in entry_schema.get("properties", {}).items()
                    if name not in ("id", "source")
                ]
                for child in entry.children:
                    for box in child.texts:
                        built_in = self.context.built_in.get(text_language(box.language), {})
                        box.placeholder = built_in.get(key, {}).get(str(child.path[-1]), "")
            children.append(entry)
        options = [
            Option(key, wording.title, detail=wording.summary)
            for key, wording in catalog.items()
            if key not in taken
        ]
        made = Field(
            "values", ("values",), "Values",
            "The values the company chooses, in the order the chapter presents them.",
            children=children, options=options, count=len(chosen), required=True,
        )  # fmt: skip
        given = raw_value(self.context.inherited, ("values",))
        if value is None and isinstance(given, list):
            made.inherited = ", ".join(
                catalog[str(item)].title if str(item) in catalog else _shown(item, "en")
                for item in given
            )
        return made

    # --- policies, from their definitions ------------------------------------------------

    def policies(self, value: Any) -> Field:
        stated = value if isinstance(value, Mapping) else {}
        children = [
            self.policy(definition, stated.get(definition.id))
            for definition in self.context.definitions
        ]
        return Field(
            "policies", ("policies",), "Policies",
            "Each policy's stance, from the most to the least favourable, and its details.",
            children=children,
        )  # fmt: skip

    def policy(self, definition: PolicyDefinition, value: Any) -> Field:
        key = definition.id
        data = value if isinstance(value, Mapping) else {}
        stance = str(data.get("stance") or "")
        path: KeyPath = ("policies", key)
        wording = self.context.catalog.policies.get(key)
        own = self.context.own_stances.get(key, {})
        if wording is not None:
            title, summary = wording.title, wording.summary
        else:
            title, summary = self.context.own_titles.get(key, (key, definition.meaning))
        options = []
        for name, entry in definition.stances.items():
            if wording is not None:
                label, detail = wording.stances[name].label, wording.stances[name].summary
                rules = self.context.conduct.get((key, name), [])
            else:
                label, detail, rules = own.get(name, (name, "", []))
            options.append(Option(name, label, name == stance, detail, rules, list(entry.slots)))
        labels = wording.parameters if wording is not None else {}
        given = raw_value(self.context.inherited, (*path, "stance")) if not stance else None
        inherited = next((o.label for o in options if o.value == given), "")
        children = [
            self.parameter(path, name, parameter, labels.get(name), data.get(name))
            for name, parameter in definition.parameters.items()
            if stance and (name in data or not _forbidden(definition, stance, name))
        ]
        # The note and the company's own wording every policy takes, as its schema has them.
        own_schema = self.defs.get(definition.model_name, {}).get("properties", {})
        for name in ("note", "wording"):
            if stance and name in own_schema:
                children.append(self.node(own_schema[name], (*path, name), data.get(name)))
        return Field(
            "policy", path, title, summary, value=stance, options=options, children=children,
            stated=bool(stance), note=definition.favours, inherited=inherited,
        )  # fmt: skip

    def parameter(
        self, path: KeyPath, name: str, parameter: Parameter, label: str | None, value: Any
    ) -> Field:
        """A parameter as a typed input: its unit, range and meaning from its definition."""
        where = (*path, name)
        title = label or name.replace("_", " ").capitalize()
        help_text = parameter.description
        required = parameter.required
        if parameter.type in ("integer", "number"):
            bounds = parameter.range
            assert bounds is not None  # a definition's numbers always have a range
            step = "1" if parameter.type == "integer" else "any"
            low = bounds.at_least
            if bounds.above is not None:
                low = bounds.above + 1 if parameter.type == "integer" else bounds.above
            return Field("number", where, title, help_text, value=value, required=required,
                         minimum=low, maximum=bounds.at_most, step=step,
                         unit=parameter.unit or "")  # fmt: skip
        if parameter.type == "switch":
            return Field("switch", where, title, help_text, value=bool(value))
        if parameter.type == "text":
            return self.text(where, title, help_text, value, None, required)
        if parameter.type == "choice":
            return self.choice(where, title, help_text, value, list(parameter.choices), required)
        if parameter.items == "text":
            data = value if isinstance(value, list) else []
            children = []
            for index, entry in enumerate(data):
                child = self.text((*where, index), f"{_singular(title)} {index + 1}", "", entry,
                                  LONG_TEXT, True)  # fmt: skip
                child.removable = True
                children.append(child)
            return Field("list", where, title, help_text, children=children, count=len(data))
        chosen = [str(item) for item in value] if isinstance(value, list) else []
        return Field(
            "choices", where, title, help_text,
            options=[Option(c, self.choice_label(c), c in chosen) for c in parameter.choices],
        )  # fmt: skip


def _shown(value: Any, language: str) -> str:
    if isinstance(value, Mapping):
        return str(value.get(language) or next(iter(value.values()), ""))
    if isinstance(value, list):
        return ", ".join(_shown(item, language) for item in value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _forbidden(definition: PolicyDefinition, stance: str, name: str) -> bool:
    return any(stance in rule.when and name in rule.forbids for rule in definition.rules)


def _own_title(item: Any, language: str) -> str:
    title = item.get("title") if isinstance(item, Mapping) else None
    if isinstance(title, Mapping):
        return str(title.get(language) or next(iter(title.values()), ""))
    return str(title or "")


def _label(path: KeyPath, schema: Mapping[str, Any]) -> str:
    name = path[-1]
    if isinstance(name, int):
        return str(name + 1)
    return str(name).replace("_", " ").capitalize()


def _help(schema: Mapping[str, Any]) -> str:
    return " ".join(str(schema.get("description", "")).split())


def _max_length(options: list[dict[str, Any]]) -> int | None:
    for option in options:
        if option.get("type") == "string" and "maxLength" in option:
            return int(option["maxLength"])
    return None


def _bound(schema: Mapping[str, Any], inclusive: str, exclusive: str, kind: str) -> float | None:
    if inclusive in schema:
        return float(schema[inclusive])
    if exclusive in schema:
        return float(schema[exclusive]) + (1 if kind == "integer" else 0)
    return None


def _input_type(path: KeyPath) -> str:
    name = path[-1]
    return {"email": "email", "phone": "tel", "url": "url"}.get(str(name), "text")


def _singular(title: str) -> str:
    for plural, singular in (("ies", "y"), ("s", "")):
        if title.endswith(plural) and len(title) > len(plural) + 2:
            return title[: -len(plural)] + singular
    return title


def _starter(items: Mapping[str, Any], builder: _Builder) -> dict[str, Any] | None:
    """What "Add" appends to a list of mappings: its required keys that take text, empty
    (the check then asks for them at their fields)."""
    if items.get("type") != "object":
        return None
    return {}
