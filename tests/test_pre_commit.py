"""The pre-commit hooks of .pre-commit-hooks.yaml, run as pre-commit runs them."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ethos import build

from conftest import REPOSITORY
from helpers import values_data, write_values

HOOKS = {
    hook["id"]: hook
    for hook in yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
}


def runs_for(hook: dict[str, Any], path: str) -> bool:
    """Whether pre-commit runs ``hook`` when ``path`` is staged (it searches `files`)."""
    return re.search(hook["files"], path) is not None


def run_hook(hook: dict[str, Any], cwd: Path, *staged: str) -> subprocess.CompletedProcess[str]:
    """The hook's command as pre-commit builds it: entry, args, then the staged names
    unless `pass_filenames: false`; the hook's environment's scripts come first on PATH."""
    command = [*shlex.split(hook["entry"]), *hook.get("args", [])]
    if hook.get("pass_filenames", True):
        command += staged
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    environment = {**os.environ, "PATH": path}
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )


def test_the_hooks() -> None:
    assert list(HOOKS) == ["ethos-check", "ethos-build-check"]
    assert {hook["language"] for hook in HOOKS.values()} == {"python"}


@pytest.mark.parametrize(
    ("path", "check", "build_check"),
    [
        ("values/acme-outfitters.yaml", True, True),
        ("values/groups/retail.yml", True, True),
        ("output/acme/ethics-code.md", False, True),
        ("output/acme-outfitters/ethics-code.en.pdf", False, True),
        ("output/acme-outfitters/manifest.json", False, True),
        ("README.md", False, False),
        ("src/ethos/publish/build.py", False, False),
        ("docs/values/notes.yaml", False, False),
    ],
)
def test_which_changes_run_which_hook(path: str, check: bool, build_check: bool) -> None:
    assert runs_for(HOOKS["ethos-check"], path) is check
    assert runs_for(HOOKS["ethos-build-check"], path) is build_check


def test_build_check_catches_an_output_edited_by_hand(tmp_path: Path) -> None:
    # The hook checks every values file in values/ whatever was staged; options in `args`
    # (here: no PDF, to keep the test quick) go to `ethos build --check`.
    hook = {**HOOKS["ethos-build-check"], "args": ["--format", "md,html"]}
    (tmp_path / "values").mkdir()
    source = write_values(tmp_path / "values", values_data(), name="test-co.yaml")
    build(source, out_dir=tmp_path / "output", formats=["md"])
    result = run_hook(hook, tmp_path, "values/test-co.yaml")
    assert (result.returncode, result.stdout) == (
        1,
        "out of date: output/test-co/ethics-code.en.html\n",
    )

    build(source, out_dir=tmp_path / "output", formats=["md", "html"])
    staged = "output/test-co/ethics-code.en.md"
    assert runs_for(hook, staged)
    result = run_hook(hook, tmp_path, staged)
    assert (result.returncode, result.stdout) == (0, "all outputs up to date\n")

    edited = tmp_path / staged
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nA rule nobody approved.\n", encoding="utf-8"
    )
    result = run_hook(hook, tmp_path, staged)
    assert (result.returncode, result.stdout) == (1, f"out of date: {staged}\n")
    assert "1 output(s) to rebuild: run ethos build" in result.stderr
    assert runs_for(hook, "output/acme/ethics-code.md")


def test_build_check_takes_the_output_folder_given_in_args(tmp_path: Path) -> None:
    hook = {**HOOKS["ethos-build-check"], "args": ["--out", "handbook", "--format", "md"]}
    (tmp_path / "values").mkdir()
    source = write_values(tmp_path / "values", values_data(), name="test-co.yaml")
    build(source, out_dir=tmp_path / "handbook", formats=["md"])
    result = run_hook(hook, tmp_path, "handbook/test-co/ethics-code.en.md")
    assert (result.returncode, result.stdout) == (0, "all outputs up to date\n")
