"""The layer contract of src/ethos (pyproject.toml, ``[tool.importlinter]``; README,
"Architecture"), checked with import-linter, and shown to catch what it forbids."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """import-linter run on ``project`` (its pyproject.toml and src/ethos)."""
    environment = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(project / "pyproject.toml")],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_layers_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "src" / "ethos", tmp_path / "src" / "ethos",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    return tmp_path


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # A lower layer importing a higher one: the values file and the build pipeline.
        ("values/model.py", "from ..publish import build", "ethos.values is not allowed to import ethos.publish"),
        # Inside a function, as ethos imports heavy modules, is an import all the same.
        ("render/pdf.py", "def _late() -> None:\n    from ..publish import manifest", "ethos.render is not allowed to import ethos.publish"),
        # Sibling features: change reports and the publishing pipeline.
        ("changes/compare.py", "from ..publish.build import build", "ethos.changes is not allowed to import ethos.publish"),
        ("publish/build.py", "from ..preview import serve", "ethos.publish is not allowed to import ethos.preview"),
        # Nothing imports the CLI.
        ("preview/serve.py", "from ..cli import common", "ethos.preview is not allowed to import ethos.cli"),
        ("system/write.py", "from ..wording import catalog", "ethos.system is not allowed to import ethos.wording"),
    ],
)  # fmt: skip
def test_a_forbidden_import_breaks_the_contract(
    copy: Path, module: str, line: str, broken: str
) -> None:
    path = copy / "src" / "ethos" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 1 broken." in result.stdout
    assert broken in result.stdout
