"""The values file's JSON Schema, walked into form fields: a group per object, a box per
language for a free text, a number box with its bounds, a choice, a list or a mapping by id
with its "Add" and "Remove". Nothing here knows a particular setting; a new model field
appears in the form by itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..values.local_text import raw_value
from ..values.yaml_nodes import KeyPath
from ..wording.languages import CHAPTER_LANGUAGES, text_language
from .fields import LONG_TEXT, Field, FormContext, LanguageText, Option, field_id


class SchemaForm:
    """Form fields for the parts of the file the schema describes."""

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
                made.inherited = shown_text(given, self.context.languages[0])
                made.required = False  # the group gives it
                for box in made.texts:
                    box.hint = shown_text(given, box.language)
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
        # "Add" appends an empty mapping to a list of mappings (the check then asks for its
        # keys at their fields), and an empty text to any other list.
        item: dict[str, Any] | None = {} if items.get("type") == "object" else None
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


def shown_text(value: Any, language: str) -> str:
    """A value as one line of text: a free text in ``language`` (else its first language),
    a list joined with commas, a date in ISO form."""
    if isinstance(value, Mapping):
        chosen = value.get(language) or value.get(text_language(language))
        return str(chosen or next(iter(value.values()), ""))
    if isinstance(value, list):
        return ", ".join(shown_text(item, language) for item in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return "" if value is None else str(value)


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
