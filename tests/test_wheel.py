"""The wheel ships the templates, so an installed ethos works outside the repository."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPOSITORY

pytestmark = pytest.mark.wheel


def test_wheel_contains_templates_and_catalog(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(tmp_path),
            str(REPOSITORY),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("ethos-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        path.relative_to(REPOSITORY).as_posix()
        for path in (REPOSITORY / "templates").rglob("*")
        if path.is_file()
    }
    assert shipped, "no templates found in the repository"
    assert {f"ethos/{name}" for name in shipped} <= names
    modules = {
        path.relative_to(REPOSITORY / "src").as_posix()
        for path in (REPOSITORY / "src" / "ethos").rglob("*.py")
    }
    assert "ethos/cli/app.py" in modules
    assert modules <= names
    assert {"ethos/templates/catalog/en/policies.yaml", "ethos/templates/page.html.j2"} <= names
