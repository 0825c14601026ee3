"""``ethos init``: a commented starter values file and the schema beside it."""

from __future__ import annotations

import json
import shlex
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic._internal._docs_extraction import extract_docstrings_from_cls

from ..errors import OutputError
from ..resources import builtin_templates_dir
from ..system.write import write_atomic
from ..wording.catalog import load_catalog
from ..wording.localization import SOURCE_LANGUAGE
from .fields import stated
from .model import ValuesFile

SCHEMA_FILENAME = "values.schema.json"


def _documented(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    """Give every field of ``model`` (and the models it holds) its attribute docstring as
    description. Done here, for the schema only: reading the docstrings at import time
    would slow every command down by reading and parsing the model sources."""
    if model in seen:
        return
    seen.add(model)
    docstrings: dict[str, str] = {}
    for cls in reversed(model.__mro__):  # a subclass's docstring wins over its base's
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not BaseModel:
            docstrings.update(extract_docstrings_from_cls(cls, use_inspect=True))
    for name, field in model.__pydantic_fields__.items():
        if field.description is None and name in docstrings:
            field.description = docstrings[name]
        for argument in _models_in(field.annotation):
            _documented(argument, seen)
    model.model_rebuild(force=True)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in typing.get_args(annotation) for model in _models_in(argument)]


def values_schema(model: type[ValuesFile] = ValuesFile) -> dict[str, Any]:
    """The JSON Schema of a values file, for editors and other tools.

    ``model`` is one file's (:func:`~ethos.values.own_models.values_model`): its own
    policies' stances and parameters are then named. The general schema takes a policy of
    any id under ``policies:`` (it may be the file's own); only ``check`` knows which are.
    """
    seen: set[type[BaseModel]] = set()
    _documented(model, seen)
    for documented in sorted(seen, key=lambda cls: cls.__name__, reverse=True):
        documented.model_rebuild(force=True)  # models holding models see the descriptions too
    schema = model.model_json_schema()
    _catalog_ids(schema)
    _inherited_requirements(schema)
    if model is ValuesFile:
        policies = schema["$defs"]["Policies"]
        policies["additionalProperties"] = {
            "type": "object",
            "properties": {"stance": {"type": "string"}},
            "required": ["stance"],
        }
        # A file that neither defines policies of its own nor extends a group (whose own
        # policies it may state) states built-in ones only: a misspelt id stays an error
        # in the editor.
        schema["allOf"].append(
            {
                "if": {"anyOf": [{"required": ["own_policies"]}, {"required": ["extends"]}]},
                "else": {
                    "properties": {
                        "policies": {"propertyNames": {"enum": list(policies["properties"])}}
                    }
                },
            }
        )
    else:
        # The file's own model, named after its content: named as the general one.
        policies = schema["properties"]["policies"]["$ref"].rsplit("/", 1)[-1]
        schema["$defs"]["Policies"] = schema["$defs"].pop(policies)
        schema["properties"]["policies"]["$ref"] = "#/$defs/Policies"
        schema["properties"]["policies"].pop("default", None)
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ethos values file",
    }


def _inherited_requirements(schema: dict[str, Any]) -> None:
    """What a file needs of its own only when it extends no group: a file that `extends`
    one may leave out whatever the group gives (its values, the company's ethics contact,
    the document's version and date), which only ``check`` can see."""
    defs = schema["$defs"]
    company, document = defs["Company"].pop("required"), defs["Document"].pop("required")
    schema.setdefault("allOf", []).append(
        {
            "if": {"required": ["extends"]},
            "then": {"required": ["ethos"]},
            "else": {
                "required": schema.pop("required"),
                "properties": {
                    "company": {"required": company},
                    "document": {"required": document},
                },
            },
        }
    )


def _catalog_ids(schema: dict[str, Any]) -> None:
    """What ``ethos check`` asks of value ids, in the schema: a bare id is a catalog id;
    an id not in the catalog needs a title and a statement; no catalog id twice."""
    # Value ids are the same in every language; the English catalog is always complete.
    known = list(load_catalog(SOURCE_LANGUAGE).values)
    values = schema["properties"]["values"]
    bare, _ = values["items"]["anyOf"]
    bare["enum"] = known
    schema["$defs"]["ValueEntry"].update(
        {"if": {"properties": {"id": {"enum": known}}}, "else": stated("title", "statement")}
    )
    values["allOf"] = [
        {
            "contains": {
                "anyOf": [
                    {"const": value_id},
                    {
                        "type": "object",
                        "properties": {"id": {"const": value_id}},
                        "required": ["id"],
                    },
                ]
            },
            "minContains": 0,
            "maxContains": 1,
        }
        for value_id in known
    ]


def schema_text(model: type[ValuesFile] = ValuesFile) -> str:
    """The schema as stable, pretty JSON."""
    return json.dumps(values_schema(model), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def command_path(path: Path) -> str:
    """``path`` as typed on the command line, quoted for the shell where it needs it."""
    return shlex.quote(str(path))


def write_starter(path: Path, *, force: bool = False) -> list[Path]:
    """Write a starter values file at ``path`` and the JSON Schema next to it.

    Raises:
        OutputError: ``path`` exists and ``force`` is false.
    """
    if path.exists() and not force:
        raise OutputError(f"{path} already exists — choose another name or pass --force")
    text = (builtin_templates_dir() / "starter.yaml").read_text(encoding="utf-8")
    # The commands in the file's header name it as the user did, so they run from there.
    text = text.replace("@schema@", f"./{SCHEMA_FILENAME}").replace(
        "@filename@", command_path(path)
    )
    write_atomic(path, text.encode("utf-8"))
    schema_path = path.parent / SCHEMA_FILENAME
    write_atomic(schema_path, schema_text().encode("utf-8"))
    return [path, schema_path]
