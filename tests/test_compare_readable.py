"""`ethos compare` as people and programs read it (issue 18): an 80-column terminal, JSON
with ids and directions checked against its JSON Schema, counts against the first
company, and companies' own values matched by what they say."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rich.cells import cell_len

from ethos.changes.compare import compare

from conftest import EXAMPLES, REPOSITORY
from helpers import values_data, write_values

SCHEMA = json.loads((REPOSITORY / "schema" / "compare.schema.json").read_text(encoding="utf-8"))
THREE = [next(path for path in EXAMPLES if path.stem == stem) for stem in
         ("acme-outfitters", "brightline-electronics", "halden-casa-italia")]  # fmt: skip


def _ethos(*args: object, columns: int = 80) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ethos", *map(str, args)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "COLUMNS": str(columns)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("language", ["en", "zh", "ur"])
def test_the_terminal_output_fits_80_columns(language: str) -> None:
    shown = _ethos("compare", *THREE, "--lang", language)
    lines = shown.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    if language == "en":
        # Each company is named once, whole, by its letter; each stance on its own line.
        assert lines[1:4] == [
            "  A  Acme Outfitters", "  B  Brightline Electronics", "  C  Halden Casa Italia"
        ]  # fmt: skip
        assert "  A Unconditional returns" in shown
        assert "  → most favourable to customers: Acme Outfitters; least: Brightline" in shown
        # Few lines hold a lone word (the wide table at 80 columns was mostly such lines).
        lone = [line for line in lines if len(line.split()) == 1]
        assert len(lone) < len(lines) / 20, lone


def test_wide_gives_one_column_per_company() -> None:
    shown = _ethos("compare", *THREE, "--wide", columns=200)
    assert "┃ Acme Outfitters" in shown and "Difference" in shown


def _json(*args: object) -> dict[str, Any]:
    return json.loads(_ethos("compare", *args, "-f", "json"))


def test_the_json_schema_is_valid_and_the_json_meets_it() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    documents = [
        _json(*THREE[:2]),
        _json(*THREE),
        _json(*THREE, "--only-differences", "--lang", "it"),
        _json(*THREE[1:], "--lang", "ur"),
    ]
    for document in documents:
        assert list(validator.iter_errors(document)) == []
    # The schema says something: a row without its id, or a stance without its rank, fails.
    broken = documents[0]
    policy = next(row for row in broken["rows"] if row["kind"] == "policy")
    del policy["id"]
    assert list(validator.iter_errors(broken))
    del documents[1]["rows"][-1]["kind"]
    assert list(validator.iter_errors(documents[1]))


def test_json_rows_carry_ids_positions_and_directions() -> None:
    rows = {row["id"]: row for row in _json(*THREE[:2])["rows"]}
    returns = rows["returns"]
    assert [p["stance"] for p in returns["positions"]] == ["unconditional", "limited"]
    assert returns["positions"][1]["parameters"]["window_days"] == {
        "value": 30, "text": "30 days"
    }  # fmt: skip
    assert (returns["favours"], returns["more_favourable"], returns["less_favourable"]) == (
        "customers", ["Acme Outfitters"], ["Brightline Electronics"]
    )  # fmt: skip
    replies = rows["response_times.inquiry_reply_hours"]
    assert (replies["parameter"], replies["favourable"]) == ("inquiry_reply_hours", "smaller")
    assert [v["value"] for v in replies["values"]] == [4, 48]
    assert replies["more_favourable"] == ["Acme Outfitters"]
    # Training is ranked for employees, as the README says.
    assert rows["training"]["favours"] == "employees"
    assert rows["courtesy"]["chosen"] == [True, True]


def test_counts_against_the_first_company(tmp_path: Path) -> None:
    first = write_values(
        tmp_path, values_data(policies={"returns": {"stance": "unconditional"}}), "a.yaml"
    )
    same = write_values(
        tmp_path, values_data(policies={"returns": {"stance": "unconditional"}}), "b.yaml"
    )
    other = write_values(
        tmp_path, values_data(policies={"returns": {"stance": "final_sale"}}), "c.yaml"
    )
    result = compare([first, same, other])
    differing, _ = result.count("policy")
    assert differing == 1
    # The second company matches the first on everything: the summary says so.
    assert [(policies, values) for _, policies, values in result.pairs()] == [(0, 0), (1, 0)]
    assert "differs on 0 of" in result.summary


def _own_value(tmp_path: Path, name: str, company: str, statement: str) -> Path:
    data = values_data(values=["courtesy", {"id": "stewardship", "title": "Stewardship",
                                            "statement": statement}])  # fmt: skip
    data["company"]["name"] = company
    return write_values(tmp_path, data, name)


def test_own_values_are_matched_by_what_they_say(tmp_path: Path) -> None:
    land = _own_value(tmp_path, "land.yaml", "Land Co", "We leave every trail as we found it.")
    money = _own_value(tmp_path, "money.yaml", "Money Co", "We look after our clients' money.")
    twin = _own_value(tmp_path, "twin.yaml", "Twin Co", "We leave every trail as we found it.")
    rows = [row for row in compare([land, money, twin]).rows if row.key == "stewardship"]
    assert [(row.title, row.cells) for row in rows] == [
        ("Stewardship (Land Co, Twin Co)", ["✓", "—", "✓"]),
        ("Stewardship (Money Co)", ["—", "✓", "—"]),
    ]
    same = [row for row in compare([land, twin]).rows if row.key == "stewardship"]
    assert [(row.title, row.cells, row.differs) for row in same] == [
        ("Stewardship", ["✓", "✓"], False)
    ]


def test_the_first_page_says_who_is_more_favourable_in_words_and_a_chart(tmp_path: Path) -> None:
    _ethos("compare", *THREE[:2], "-f", "md,html,pdf", "-o", tmp_path)
    stem = tmp_path / "compare" / "acme-outfitters--brightline-electronics.en"
    markdown = Path(f"{stem}.md").read_text(encoding="utf-8")
    glance = markdown.split("## At a glance")[1].split("## Values")[0]
    assert "### Our policies" in glance
    assert "- Where **Acme Outfitters** is the most favourable: Returns, Customer data," in glance
    assert "- The same for all: Conflicts of interest" in glance
    assert "ETHOS-" not in markdown  # the stand-ins of the chart are for HTML and PDF only
    html = Path(f"{stem}.html").read_text(encoding="utf-8")
    assert "ETHOS-" not in html
    # One row per policy both state, differently; its picture described in words.
    labels = re.findall(r'<svg[^>]*role="img" aria-label="([^"]*)"', html)
    assert (
        "Acme Outfitters: Unconditional returns; Brightline Electronics: Limited returns" in labels
    )
    assert len(labels) == 18  # 19 differ; Acme's own repairs policy only Acme states
    # The summary is one page, chart and words; the full matrix starts on the next.
    first, second = (
        subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), f"{stem}.pdf", "-"],
            capture_output=True, text=True, check=True,
        ).stdout
        for page in (1, 2)
    )  # fmt: skip
    assert "At a glance" in first and "Raising a concern" in first
    assert second.split("\n")[2] == "Values"
