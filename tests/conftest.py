"""Shared fixtures."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

REPOSITORY = Path(__file__).resolve().parents[1]

# `make fuzz` runs the property tests with this profile: many more inputs, no deadline.
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("ETHOS_FUZZ_EXAMPLES", "20000")),
    deadline=None,
)
EXAMPLES = sorted((REPOSITORY / "values").glob("*.yaml"))
GOLDEN = REPOSITORY / "tests" / "golden"


@pytest.fixture(scope="session")
def built_all(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every example in every language: {(example, language): the PDF}, HTML beside it.

    Built once per test session: the PDF tests and the PDF/UA checker read the same files.
    """
    from ethos import build
    from ethos.wording.languages import LANGUAGES

    out = tmp_path_factory.mktemp("out")
    pdfs = {}
    for example in EXAMPLES:
        result = build(example, languages=LANGUAGES, formats=["html", "pdf"], out_dir=out)
        for output in result.outputs:
            if output.suffix == ".pdf":
                pdfs[example.stem, output.suffixes[-2].lstrip(".")] = output
    return pdfs


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner):  # type: ignore[no-untyped-def]
    """Invoke the ethos CLI in-process; returns the click Result."""
    from ethos.cli.app import app

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, [str(arg) for arg in args])

    return invoke


@pytest.fixture
def templates_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the built-in templates that ethos reads instead of the real ones."""
    from ethos.wording import theme

    copy = tmp_path / "templates"
    shutil.copytree(theme.builtin_templates_dir(), copy)
    # Every theme made from now on reads the copy; no earlier read is kept anywhere.
    monkeypatch.setattr(theme, "builtin_templates_dir", lambda: copy)
    return copy
