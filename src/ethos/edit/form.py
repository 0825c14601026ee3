"""The editor's form, made from what ethos already knows: the values file's JSON Schema,
the policy definitions and the wording catalog. Nothing here is written for one policy
or one setting; a new policy (a data file) or a new setting (a model field) appears in
the form by itself.

:func:`build_form` turns the data the editor holds into a tree of :class:`Field`; the
template ``templates/edit/form.html.j2`` draws it. Each field knows its key path, so a
problem ``ethos check`` reports at ``policies.returns.window_days`` is shown at that field.
"""

from collections.abc import Mapping
from typing import Any

from ..values.local_text import raw_value
from ..values.policy_definition import Parameter, PolicyDefinition
from ..values.yaml_nodes import KeyPath
from ..wording.languages import text_language
from .fields import LONG_TEXT, Field, FormContext, Option
from .schema_form import SchemaForm, _singular, shown_text

TOP_LEVEL = ("company", "document", "values", "policies", "own_policies", "sections", "revisions")
ADVANCED = ("extends", "templates")


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


class _Builder(SchemaForm):
    """The schema's fields, and the values and policies as the catalog and the policy
    definitions describe them."""

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
                        box.hint = built_in.get(key, {}).get(str(child.path[-1]), "")
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
                catalog[str(item)].title if str(item) in catalog else shown_text(item, "en")
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


def _forbidden(definition: PolicyDefinition, stance: str, name: str) -> bool:
    return any(stance in rule.when and name in rule.forbids for rule in definition.rules)


def _own_title(item: Any, language: str) -> str:
    title = item.get("title") if isinstance(item, Mapping) else None
    if isinstance(title, Mapping):
        return str(title.get(language) or next(iter(title.values()), ""))
    return str(title or "")
