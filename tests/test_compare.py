"""`ethos compare`: declared stances side by side, differences marked and directed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ethos.changes.compare import compare, compare_companies, compare_markdown
from ethos.changes.reports import ReportFiles

from conftest import EXAMPLES
from helpers import values_data, write_values


@pytest.fixture
def three(tmp_path: Path) -> list[Path]:
    third = values_data(
        company={"name": "Test Co", "ethics_contact": {"email": "ethics@test.example"}},
        values=["courtesy", "honesty"],
        policies={"returns": {"stance": "exchange_only", "window_days": 14}},
    )
    return [*EXAMPLES[:2], write_values(tmp_path, third, "test-co.yaml")]


def test_matrix_over_three_companies(three: list[Path]) -> None:
    comparison = compare(three)
    assert comparison.companies == ["Acme Outfitters", "Brightline Electronics", "Test Co"]
    policies = {row.key: row for row in comparison.rows if row.kind == "policy"}
    # Every policy has a row, stated or not: the 30 built-in ones and Acme's own repairs.
    assert len(policies) == 31
    assert policies["repairs"].cells == ["Free repairs for life", "not stated", "not stated"]
    returns = policies["returns"]
    assert returns.cells == [
        "Unconditional returns",
        "Limited returns: 30 days, the receipt or order number is shown, the item is unused "
        "and in its original packaging",
        "Exchanges only: 14 days",
    ]
    assert returns.meaning == "What happens when a customer brings back something they have bought."
    assert returns.direction == ("most favourable to customers: Acme Outfitters; least: Test Co")
    data = policies["customer_data"]
    assert data.cells[2] == "not stated"
    assert data.direction is not None and data.direction.endswith("not stated by Test Co")
    window = next(row for row in comparison.rows if row.key == "returns.window_days")
    assert (window.kind, window.cells) == ("parameter", ["—", "30 days", "14 days"])
    assert comparison.summary == (
        "19 of 31 policies differ; 13 of 15 values differ. Against Acme Outfitters: "
        "Brightline Electronics differs on 19 of 31 policies and 11 values; Test Co differs on "
        "19 of 31 policies and 11 values."
    )


def test_same_stances_are_not_marked(tmp_path: Path) -> None:
    a = write_values(
        tmp_path, values_data(policies={"returns": {"stance": "unconditional"}}), "a.yaml"
    )
    b = write_values(
        tmp_path, values_data(policies={"returns": {"stance": "unconditional"}}), "b.yaml"
    )
    comparison = compare([a, b])
    assert not any(row.differs for row in comparison.rows)
    assert comparison.summary == "0 of 30 policies differ; 0 of 2 values differ."
    assert comparison.shown(only_differences=True) == []


def test_employee_policies_are_favourable_to_employees(three: list[Path]) -> None:
    row = next(row for row in compare(three[:2]).rows if row.key == "employees")
    assert row.direction == "Acme Outfitters is more favourable to employees"


def test_markdown_report_marks_differences(three: list[Path]) -> None:
    markdown = compare_markdown(compare(three), only_differences=True)
    assert (
        "| Policy | Acme Outfitters | Brightline Electronics | Test Co | Difference |" in markdown
    )
    assert "| ≠ **Returns** *What happens" in markdown
    assert "| ↳ Return window | — | 30 days | 14 days |  |" in markdown
    assert "**Courtesy**" not in markdown  # chosen by all three: not a difference


def test_cli_table_json_and_report_files(cli, three: list[Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = cli("compare", *three, "--only-differences")
    assert table.exit_code == 0, table.output
    assert "≠ Returns" in table.output and "19 of 31 policies differ" in table.output
    as_json = cli("compare", *three[:2], "--format", "json")
    data = json.loads(as_json.output)
    assert (
        data["summary"]["policies_differ"] == 19
        and data["companies"][1] == "Brightline Electronics"
    )
    files = cli("compare", *three, "-f", "md,html,pdf", "-o", tmp_path / "out")
    assert files.exit_code == 0, files.output
    stem = tmp_path / "out" / "compare" / "acme-outfitters--brightline-electronics--test-co"
    assert "<ins>" not in stem.with_suffix(".en.html").read_text(encoding="utf-8")
    text = subprocess.run(["pdftotext", str(stem.with_suffix(".en.pdf")), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Stance comparison" in text and "not stated" in text


def test_compare_needs_two_files(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("compare", EXAMPLES[0]).exit_code == 2


def test_compare_companies_does_all_the_command_does_as_one_library_call(
    three: list[Path], tmp_path: Path
) -> None:
    report = compare_companies(
        three, languages=["en", "zh"], reports=ReportFiles(tmp_path / "out", ("md", "html"))
    )
    assert [comparison.language for comparison in report.comparisons] == ["en", "zh"]
    assert report.comparisons[0].rows == compare(three).rows
    stem = "compare/acme-outfitters--brightline-electronics--test-co"
    assert [path.relative_to(tmp_path / "out").as_posix() for path in report.written] == [
        f"{stem}.en.md", f"{stem}.en.html", f"{stem}.zh.md", f"{stem}.zh.html",
    ]  # fmt: skip
    assert compare_companies(three).written == []


def test_two_subsidiaries_of_one_group_differ_only_where_the_group_lets_them() -> None:
    """The Halden example: staff-conduct stances are locked in the group file, so the two
    subsidiaries state them alike; their customer-service stances are their own."""
    from ethos.values.policies import policy_definitions

    italy, pakistan = (
        next(path for path in EXAMPLES if path.stem == stem)
        for stem in ("halden-casa-italia", "halden-home-pakistan")
    )
    comparison = compare([italy, pakistan])
    assert comparison.companies == ["Halden Casa Italia", "Halden Home Pakistan"]
    rows = {row.key: row for row in comparison.rows if row.kind == "policy"}
    conduct = [key for key, d in policy_definitions().items() if d.group in ("conduct", "concern")]
    assert len(conduct) == 12
    for key in conduct:
        assert rows[key].cells[0] == rows[key].cells[1] != "not stated", key
        assert not rows[key].differs, key
    assert rows["gifts"].cells[0] == "Gifts up to a set value: €50, euro, gifts register"
    assert rows["returns"].direction == "Halden Casa Italia is more favourable to customers"
    assert rows["customer_data"].direction == (
        "Halden Home Pakistan is more favourable to customers"
    )
    assert rows["employees"].direction == "Halden Casa Italia is more favourable to employees"
    assert comparison.summary == "11 of 30 policies differ; 1 of 6 values differ."
