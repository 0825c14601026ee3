"""`ethos check` and the JSON Schema give the same verdict on every values file.

The corpus (tests/schema_corpus/, plus the examples) holds valid files (``ok-*``) and
invalid ones (``bad-*``): YAML 1.1 coercions, wrong types, misspelt ids and keys, wrong
enums, missing keys, the models' cross-field rules and the shapes of per-language text.
Each file is read as a YAML 1.2 editor reads it, by the `yaml` package that
yaml-language-server uses (not by ethos's loader), then validated by two real JSON
Schema validators: ajv (Draft 2020-12, default settings, so every pattern must compile
as a unicode regular expression) and Python's jsonschema with its format checker. Both
validators, `ethos check` and the file's name must agree. A property test then alters
or removes any key of the valid files (`make fuzz`-style volumes with
`--hypothesis-profile=fuzz`) and compares ethos's verdict with jsonschema's.

Rules the schema cannot state are left out of the corpus and listed in the README
(`extends`, a template folder that must exist, and free text missing in a translation).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ethos.errors import InvalidInputError
from ethos.values.load import LoadedDocument, load_values_text
from ethos.values.loading import check
from ethos.values.local_text import missing_text
from ethos.values.validate import validate
from ethos.values.yaml_nodes import KeyPath

from conftest import EXAMPLES, REPOSITORY
from helpers import require_tools

BROWSER = REPOSITORY / "tests" / "browser"
SCHEMA = REPOSITORY / "schema" / "values.schema.json"
CORPUS = sorted((REPOSITORY / "tests" / "schema_corpus").glob("*.yaml"))
FILES = [*CORPUS, *EXAMPLES]


@pytest.fixture(scope="module")
def editor_verdicts() -> dict[str, dict[str, Any]]:
    """ajv's verdict and the editor's reading of each file, by path."""
    node = shutil.which("node")
    require_tools(
        ("Node.js (node)", node is not None),
        ("tests/browser/node_modules/ajv", (BROWSER / "node_modules" / "ajv").is_dir()),
    )
    finished = subprocess.run(
        [str(node), str(BROWSER / "schema.mjs"), str(SCHEMA), *map(str, FILES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, f"ajv could not load the schema:\n{finished.stderr}"
    verdicts: dict[str, dict[str, Any]] = json.loads(finished.stdout)
    return verdicts


def _ethos_accepts(path: Path) -> bool:
    try:
        check([path])
    except InvalidInputError:
        return False
    return True


def test_corpus_covers_valid_and_invalid_files() -> None:
    names = [path.name for path in CORPUS]
    assert all(name.startswith(("ok-", "bad-")) for name in names)
    assert len(FILES) >= 40
    assert sum(name.startswith("ok-") for name in names) >= 20


def test_validators_and_ethos_check_agree_on_every_file(
    editor_verdicts: dict[str, dict[str, Any]],
) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    verdicts = {}
    for path in FILES:
        editor = editor_verdicts[str(path)]
        readable = editor["data"] is not None
        verdicts[path.name] = {
            "expected": not path.name.startswith("bad-"),
            "ethos check": _ethos_accepts(path),
            "ajv": editor["valid"],
            "jsonschema": readable and validator.is_valid(editor["data"]),
        }
    disagreements = {
        name: verdict for name, verdict in verdicts.items() if len(set(verdict.values())) > 1
    }
    assert disagreements == {}
    assert len(verdicts) == len(FILES)


def test_ajv_refuses_a_pattern_javascript_cannot_compile(tmp_path: Path) -> None:
    """The check above would catch a `\\"` in a pattern: ajv refuses the whole schema."""
    node = shutil.which("node")
    require_tools(("Node.js (node)", node is not None))
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"type": "string", "pattern": '^[^\\"]+$'}))
    finished = subprocess.run(
        [str(node), str(BROWSER / "schema.mjs"), str(schema), str(EXAMPLES[0])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode != 0
    assert "Invalid regular expression" in finished.stderr


def test_ethos_reads_every_file_as_a_yaml_12_editor_does(
    editor_verdicts: dict[str, dict[str, Any]],
) -> None:
    """ethos's loader and the editor's parser give the same data (or both refuse the file)."""
    differ = []
    for path in FILES:
        try:
            ours = load_values_text(path.read_text(encoding="utf-8"), path.name).data
        except InvalidInputError:
            ours = None
        if ours != editor_verdicts[str(path)]["data"]:
            differ.append(path.name)
    assert differ == []


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# A file that extends a group is valid only with its group merged in, which the schema
# cannot see: the test above compares the verdicts on those files whole.
VALID = [data for path in FILES if not path.name.startswith("bad-")
         if "extends" not in (data := load_values_text(path.read_text(encoding="utf-8"),
                                                       path.name).data)]  # fmt: skip
REMOVE = object()
# Values that were, or could be, read differently by ethos and by the schema.
TRICKY = [True, False, None, 0, 1, -1, 0.5, 1.5, 30.0, 100, 4000, 1e400, "", " ", " x ", "yes",
          "24", "1.10", "2026-02-30", "2026-03-01", "2026-03-01 00:00:00", "\x07", "\u00a0",
          "\ufeff", "x\u2028y", "A" * 201, "honesty", "honsety", "stewardship", "limited",
          "unconditional", "final_sale", "guaranteed", "best_effort", "ongoing", "none", "en",
          "it", "https://x.io", " https://x.io", "a@b.io", "+1 555 0142", [], {}, ["x"], ["en"],
          ["it", "it"], {"en": "x"}, {"fr": "x"}, {"en": ""}, {"en": "x", "it": "y"},
          [{"id": "x", "title": "T", "statement": "S"}], REMOVE]  # fmt: skip
REPLACEMENTS = (
    st.sampled_from(TRICKY)
    | st.from_type(type(None))
    | st.booleans()
    | st.integers(-5, 5000)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
)


def _paths(data: Any, path: KeyPath = ()) -> list[KeyPath]:
    found = [path] if path else []
    children = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else []
    )
    for key, child in children:
        found.extend(_paths(child, (*path, key)))
    return found


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.data())
def test_ethos_and_the_schema_agree_on_altered_files(data: st.DataObject) -> None:
    """Any key of a valid file, given a tricky value or removed: the same verdict."""
    altered = copy.deepcopy(data.draw(st.sampled_from(VALID)))
    path = data.draw(st.sampled_from(_paths(altered)))
    value = data.draw(REPLACEMENTS)
    parent = altered
    for part in path[:-1]:
        parent = parent[part]
    if value is REMOVE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(value)
    document = LoadedDocument("altered.yaml", altered)
    try:
        values_file = validate(document)
    except InvalidInputError:
        accepted = False
    else:
        # Free text missing in a translation is a rule the schema cannot state.
        languages = values_file.document.languages()
        if missing_text(document, values_file, languages):
            return
        accepted = True
    assert accepted == _validator().is_valid(altered), (path, value)
