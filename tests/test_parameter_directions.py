"""Parameters have a favourable direction too (issue 15, "diff with direction for parameters
too"): their definition's ``favourable`` says which way is better for those the policy
favours, and diff and compare say so as they do for stances."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ethos.changes.compare import compare
from ethos.changes.differences import diff_files
from ethos.values.loading import load

from helpers import values_data, write_values


def _file(tmp_path: Path, name: str, company: str, **policies: Any) -> Path:
    data = values_data(policies=policies)
    data["company"]["name"] = company
    return write_values(tmp_path, data, f"{name}.yaml")


RETURNS_90 = {"stance": "limited", "window_days": 90, "conditions": ["receipt required"]}
RETURNS_30 = {"stance": "limited", "window_days": 30, "conditions": ["receipt required", "unused"]}
REPLIES = {"stance": "guaranteed", "callback_hours": 24, "account_discrepancy_days": 2}


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old = _file(
        tmp_path, "old", "Test Co",
        returns=RETURNS_90,
        response_times={**REPLIES, "inquiry_reply_hours": 24},
        training={"stance": "ongoing", "methods": ["role_play"], "frequency": "monthly"},
    )  # fmt: skip
    new = _file(
        tmp_path, "new", "Test Co",
        returns=RETURNS_30,
        response_times={**REPLIES, "inquiry_reply_hours": 4},
        training={"stance": "ongoing", "methods": ["role_play", "discussion"],
                  "frequency": "monthly"},
    )  # fmt: skip
    return old, new


def _directions(old: Path, new: Path, language: str) -> dict[str, str | None]:
    changes = diff_files(load(old), load(new), old.name, new.name, language).changes
    return {change.path: change.direction for change in changes}


def test_diff_states_the_direction_of_each_parameter(versions: tuple[Path, Path]) -> None:
    directions = _directions(*versions, "en")
    assert directions["policies.returns.window_days"] == "less favourable to customers"
    assert directions["policies.returns.conditions"] == "less favourable to customers"
    assert directions["policies.response_times.inquiry_reply_hours"] == (
        "more favourable to customers"
    )
    # Training is how the company invests in its staff: ordered for employees.
    assert directions["policies.training.methods"] == "more favourable to employees"


def test_diff_json_carries_each_direction_as_data(versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = diff_files(load(old), load(new), old.name, new.name, "it").as_json()
    ways = {change["path"]: (change["way"], change["favours"]) for change in result["changes"]}
    assert ways["policies.returns.window_days"] == ("less", "customers")
    assert ways["policies.response_times.inquiry_reply_hours"] == ("more", "customers")
    assert ways["policies.training.methods"] == ("more", "employees")
    assert ways["policies.returns.conditions"] == ("less", "customers")


def test_the_direction_is_worded_in_the_reports_language(versions: tuple[Path, Path]) -> None:
    directions = _directions(*versions, "it")
    assert directions["policies.returns.window_days"] == "meno favorevole ai clienti"
    assert directions["policies.response_times.inquiry_reply_hours"] == (
        "più favorevole ai clienti"
    )


def test_compare_names_the_more_favourable_company_for_a_parameter(tmp_path: Path) -> None:
    long = _file(tmp_path, "long", "Long Co", returns=RETURNS_90)
    short = _file(tmp_path, "short", "Short Co", returns={**RETURNS_90, "window_days": 30})
    rows = {row.key: row for row in compare([short, long]).rows}
    window = rows["returns.window_days"]
    assert window.cells == ["30 days", "90 days"]
    assert window.direction == "Long Co is more favourable to customers"
    rows = {row.key: row for row in compare([short, long], language="it").rows}
    assert rows["returns.window_days"].direction == "Long Co è più favorevole ai clienti"


def test_compare_json_carries_the_parameter_direction(cli: Any, tmp_path: Path) -> None:
    fast = _file(tmp_path, "fast", "Fast Co", response_times={**REPLIES, "inquiry_reply_hours": 4})
    slow = _file(tmp_path, "slow", "Slow Co", response_times={**REPLIES, "inquiry_reply_hours": 48})
    result = cli("compare", slow, fast, "--format", "json")
    assert result.exit_code == 0, result.output
    text = json.dumps(json.loads(result.output), ensure_ascii=False)
    assert "Fast Co is more favourable to customers" in text
