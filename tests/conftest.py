"""Shared fixtures."""

from __future__ import annotations

import os
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


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner):  # type: ignore[no-untyped-def]
    """Invoke the ethos CLI in-process; returns the click Result."""
    from ethos.cli import app

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, [str(arg) for arg in args])

    return invoke
