"""Adding a built-in policy is one data file plus its wording, and no Python (issue 15).

The files under ``tests/new_policy/`` are what a contributor writes to add a warranty
policy: its definition (``warranty.yaml``, for ``templates/policies/``) and its wording in
each language (``<language>.yaml``, appended to ``templates/catalog/<language>/
policies.yaml``, each translation with the ``source`` of the English it was made from).
The test adds them to a copy of ethos's sources and templates and runs that copy, in a
process of its own (the policy models are made once per process, from the definitions),
through the schema, check, build, diff, compare and the catalog.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPOSITORY
from helpers import values_data, write_values

NEW_POLICY = Path(__file__).parent / "new_policy"
LANGUAGES = ("en", "it", "tl", "ur", "zh")


@pytest.fixture(scope="module")
def ethos_with_warranty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ethos (src and templates) with the warranty policy added as data."""
    root = tmp_path_factory.mktemp("repository")
    shutil.copytree(REPOSITORY / "src", root / "src", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copytree(REPOSITORY / "templates", root / "templates")
    shutil.copy(NEW_POLICY / "warranty.yaml", root / "templates" / "policies" / "warranty.yaml")
    for language in LANGUAGES:
        wording = (NEW_POLICY / f"{language}.yaml").read_text(encoding="utf-8")
        catalog = root / "templates" / "catalog" / language / "policies.yaml"
        with catalog.open("a", encoding="utf-8") as stream:
            stream.write("\n" + wording)
    return root


def run(root: Path, *arguments: object) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(root / "src"), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", "from ethos.cli.app import main; main()", *map(str, arguments)],
        capture_output=True, text=True, env=environment, cwd=root, timeout=300, check=False,
    )  # fmt: skip


def warranty_file(directory: Path, name: str, **warranty: object) -> Path:
    data = values_data(policies={"warranty": warranty})
    data["document"]["translations"] = ["it"]
    return write_values(directory, data, f"{name}.yaml")


def test_the_copy_runs_its_own_sources(ethos_with_warranty: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(ethos_with_warranty / "src")}
    where = subprocess.run(
        [sys.executable, "-c", "import ethos.resources as r; print(r.builtin_templates_dir())"],
        capture_output=True, text=True, env=environment, check=True,
    ).stdout.strip()  # fmt: skip
    assert Path(where) == ethos_with_warranty / "templates"


def test_the_schema_and_the_catalog_offer_the_new_policy(ethos_with_warranty: Path) -> None:
    schema = json.loads(run(ethos_with_warranty, "schema").stdout)
    text = json.dumps(schema)
    assert '"warranty"' in text and '"legal_minimum"' in text
    listing = run(ethos_with_warranty, "catalog")
    assert listing.returncode == 0, listing.stderr
    assert "warranty:" in listing.stdout and "Extended warranty" in listing.stdout
    italian = run(ethos_with_warranty, "catalog", "--lang", "it")
    assert "Garanzia estesa" in italian.stdout


def test_check_applies_the_new_policys_rules_and_its_translations_are_complete(
    ethos_with_warranty: Path, tmp_path: Path
) -> None:
    good = warranty_file(tmp_path, "good", stance="extended", months=36)
    result = run(ethos_with_warranty, "check", good, "--lang", "all", "--strict")
    assert result.returncode == 0, result.stderr
    bad = warranty_file(tmp_path, "bad", stance="extended")
    refused = run(ethos_with_warranty, "check", bad)
    assert refused.returncode == 1
    assert "an `extended` warranty needs `months`, e.g. months: 36" in refused.stderr


def test_the_new_policy_is_built_diffed_and_compared(
    ethos_with_warranty: Path, tmp_path: Path
) -> None:
    old = warranty_file(tmp_path, "old", stance="extended", months=36)
    built = run(ethos_with_warranty, "build", old, "-f", "md,docx", "--lang", "en,it",
                "-o", tmp_path / "out")  # fmt: skip
    assert built.returncode == 0, built.stderr
    english = (tmp_path / "out" / "test-co" / "ethics-code.en.md").read_text(encoding="utf-8")
    assert "### Warranty" in english and "for 36 months after purchase" in english
    italian = (tmp_path / "out" / "test-co" / "ethics-code.it.md").read_text(encoding="utf-8")
    assert "### Garanzia" in italian and "per 36 mesi dall'acquisto" in italian
    assert (tmp_path / "out" / "test-co" / "ethics-code.it.docx").stat().st_size > 0
    new = warranty_file(tmp_path, "new", stance="extended", months=12)
    changes = run(ethos_with_warranty, "diff", old, new)
    assert changes.returncode == 0, changes.stderr
    assert (
        "Warranty · Warranty period: 36 months → 12 months (less favourable to customers)"
        in changes.stdout
    )
    minimum = warranty_file(tmp_path, "minimum", stance="legal_minimum")
    compared = run(ethos_with_warranty, "compare", old, minimum, "--format", "json")
    assert compared.returncode == 0, compared.stderr
    rows = {row["key"]: row for row in json.loads(compared.stdout)["rows"]}
    assert rows["warranty"]["cells"] == ["Extended warranty: 36 months", "Legal guarantee"]
