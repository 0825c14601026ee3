"""``ethos init``: a commented starter values file and the schema beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import OutputError
from .model import ValuesFile
from .resources import builtin_templates_dir
from .write import write_atomic

SCHEMA_FILENAME = "values.schema.json"


def values_schema() -> dict[str, Any]:
    """The JSON Schema of a values file, for editors and other tools."""
    schema = ValuesFile.model_json_schema()
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ethos values file",
    }


def schema_text() -> str:
    """The schema as stable, pretty JSON."""
    return json.dumps(values_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_starter(path: Path, *, force: bool = False) -> list[Path]:
    """Write a starter values file at ``path`` and the JSON Schema next to it.

    Raises:
        OutputError: ``path`` exists and ``force`` is false.
    """
    if path.exists() and not force:
        raise OutputError(f"{path} already exists — choose another name or pass --force")
    text = (builtin_templates_dir() / "starter.yaml").read_text(encoding="utf-8")
    text = text.replace("@schema@", f"./{SCHEMA_FILENAME}").replace("@filename@", path.name)
    write_atomic(path, text.encode("utf-8"))
    schema_path = path.parent / SCHEMA_FILENAME
    write_atomic(schema_path, schema_text().encode("utf-8"))
    return [path, schema_path]
