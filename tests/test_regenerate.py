"""Regeneration: the manifest, the no-op rebuild, `--check` and `--force`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ethos import build
from ethos.publish.build import stale_outputs

from conftest import EXAMPLES
from helpers import values_data, write_tree, write_values

pytestmark = pytest.mark.pdf


def snapshot(directory: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in sorted(directory.iterdir())}


def test_build_records_a_manifest_of_its_outputs(tmp_path: Path) -> None:
    result = build(EXAMPLES[1], languages=["en", "zh"], formats=["md", "html"], out_dir=tmp_path)
    manifest = json.loads((result.directory / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"] == str(EXAMPLES[1])
    names = [f"ethics-code.{lang}.{fmt}" for lang in ("en", "zh") for fmt in ("html", "md")]
    assert sorted(manifest["outputs"]) == names
    entry = manifest["outputs"]["ethics-code.en.md"]
    assert set(entry) == {"sha256", "input", "templates", "ethos"}


def test_nothing_changed_means_nothing_rebuilt(tmp_path: Path) -> None:
    first = build(EXAMPLES[1], languages=["en"], formats=["md", "html"], out_dir=tmp_path)
    before = snapshot(first.directory)
    again = build(EXAMPLES[1], languages=["en"], formats=["md", "html"], out_dir=tmp_path)
    assert again.outputs == [] and len(again.up_to_date) == 2
    assert snapshot(first.directory) == before
    forced = build(
        EXAMPLES[1], languages=["en"], formats=["md", "html"], out_dir=tmp_path, force=True
    )
    assert len(forced.outputs) == 2


def test_each_input_makes_outputs_stale(tmp_path: Path) -> None:
    source = write_values(tmp_path, values_data())
    out = tmp_path / "out"
    build(source, formats=["md"], out_dir=out)
    assert stale_outputs(source, formats=["md"], out_dir=out) == []
    # a requested output that was never built
    assert [p.name for p in stale_outputs(source, formats=["md", "html"], out_dir=out)] == [
        "ethics-code.en.html"
    ]
    # an output edited by hand
    written = out / "test-co" / "ethics-code.en.md"
    written.write_text(written.read_text() + "edited\n")
    assert stale_outputs(source, formats=["md"], out_dir=out) == [written]
    build(source, formats=["md"], out_dir=out)
    # the values file changed
    write_values(tmp_path, values_data(values=["courtesy"]))
    assert stale_outputs(source, formats=["md"], out_dir=out) == [written]
    build(source, formats=["md"], out_dir=out)
    # a template changed
    templates = write_tree(tmp_path / "mine", {"sections/introduction.md.j2": "## Hello\n"})
    assert stale_outputs(source, formats=["md"], out_dir=out, template_dirs=[templates]) == [
        written
    ]


def run_cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`ethos ARGS` in a fresh interpreter; prints whether WeasyPrint got imported."""
    code = (
        "import sys\nfrom ethos.cli.app import app\n"
        "code = app(sys.argv[1:], standalone_mode=False)\n"  # click returns the exit code
        "print('weasyprint imported:', 'weasyprint' in sys.modules)\n"
        "print('renderer started:', 'ethos.render.pdf' in sys.modules)\nsys.exit(code or 0)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_no_op_rebuild_writes_nothing_and_never_imports_weasyprint(tmp_path: Path) -> None:
    first = run_cli("build", str(EXAMPLES[1]), "--lang", "en", "--out", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    # WeasyPrint runs only in the renderer process, never in ethos's own.
    assert "weasyprint imported: False" in first.stdout
    assert "renderer started: True" in first.stdout
    before = snapshot(tmp_path / "out" / "brightline-electronics")
    second = run_cli("build", str(EXAMPLES[1]), "--lang", "en", "--out", "out", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [
        "out/brightline-electronics: up to date (3 files)",
        "weasyprint imported: False",
        "renderer started: False",
    ]
    assert snapshot(tmp_path / "out" / "brightline-electronics") == before


def test_build_check_exits_1_when_outputs_are_stale(tmp_path: Path) -> None:
    source = write_values(tmp_path, values_data())
    missing = run_cli(
        "build", str(source), "--check", "--format", "md", "--out", "out", cwd=tmp_path
    )
    assert missing.returncode == 1
    assert "out of date: out/test-co/ethics-code.en.md" in missing.stdout
    assert not (tmp_path / "out").exists()  # --check writes nothing
    assert run_cli("build", str(source), "-f", "md", "-o", "out", cwd=tmp_path).returncode == 0
    fresh = run_cli("build", str(source), "--check", "-f", "md", "-o", "out", cwd=tmp_path)
    assert fresh.returncode == 0
    assert "all outputs up to date" in fresh.stdout
