"""`ethos compare FILE --peers DIR` (issue 18): one company ranked against a peer set,
checked on a small set whose ranks are counted by hand, against its JSON Schema, at 80
columns, with a peer file that does not load and in every language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rich.cells import cell_len

from ethos.changes.peers import rank_against_peers
from ethos.errors import InvalidInputError
from ethos.wording.languages import LANGUAGES

from conftest import REPOSITORY
from helpers import values_data, write_values

SCHEMA = json.loads((REPOSITORY / "schema" / "peers.schema.json").read_text(encoding="utf-8"))
# The company: a 30-day window, People first. Returns are ordered unconditional (best),
# limited, exchange_only, store_credit, final_sale; customer contact human_only,
# human_first, automated_first.
PEERS = {
    "p1": {"returns": {"stance": "unconditional"}, "customer_contact": {"stance": "human_only"}},
    "p2": {"returns": {"stance": "limited", "window_days": 14},
           "customer_contact": {"stance": "human_first"}},
    "p3": {"returns": {"stance": "limited", "window_days": 30},
           "customer_contact": {"stance": "automated_first"}},
    "p4": {"returns": {"stance": "final_sale"}},
}  # fmt: skip


def _company(folder: Path, name: str, policies: dict[str, Any]) -> Path:
    data = values_data(policies=policies)
    data["company"]["name"] = name
    return write_values(folder, data, f"{name}.yaml")


@pytest.fixture
def peer_set(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "peers"
    folder.mkdir()
    for name, policies in PEERS.items():
        _company(folder, name, policies)
    company = _company(tmp_path, "us", {
        "returns": {"stance": "limited", "window_days": 30},
        "customer_contact": {"stance": "human_first"},
    })  # fmt: skip
    return company, folder


def test_ranks_counted_by_hand(peer_set: tuple[Path, Path]) -> None:
    report = rank_against_peers(*peer_set)
    assert (report.peers, report.files, report.left_out) == (4, 4, [])
    standing = {item.id: item for item in report.policies}
    returns = standing["returns"]
    # Limited: better than p4 (final sale), as good as p2 and p3, worse than p1.
    assert (returns.stated_by, returns.more_favourable_than, returns.as_favourable_as,
            returns.less_favourable_than) == (4, 1, 2, 1)  # fmt: skip
    assert returns.percentile == 50.0
    window = next(p for p in returns.parameters if p.id == "returns.window_days")
    # 30 days among the peers with a window: p2 (14) and p3 (30).
    assert (window.stated_by, window.more_favourable_than, window.as_favourable_as) == (2, 1, 1)
    assert window.percentile == 75.0
    contact = standing["customer_contact"]
    # p4 does not state it: left out of the count.
    assert (contact.stated_by, contact.more_favourable_than, contact.less_favourable_than) == (
        3,
        1,
        1,
    )
    assert {value: chosen for value, _, chosen in report.values}["courtesy"] == 4


def test_the_json_meets_its_schema(peer_set: tuple[Path, Path]) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    document = rank_against_peers(*peer_set).as_json()
    assert list(validator.iter_errors(document)) == []
    del document["policies"][0]["percentile"]
    assert list(validator.iter_errors(document))


def _cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ethos", "compare", *map(str, args)],
        capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "80"},
    )  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_table_fits_80_columns_in_every_language(
    peer_set: tuple[Path, Path], language: str
) -> None:
    result = _cli(peer_set[0], "--peers", peer_set[1], "--lang", language)
    assert result.returncode == 0, result.stderr
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
    if language == "en":
        assert result.stdout.startswith("us among 4 peers")
        assert "more favourable than 1 of 4, as favourable as 2" in " ".join(result.stdout.split())


def test_a_peer_file_that_does_not_load_is_left_out_with_its_line(
    peer_set: tuple[Path, Path],
) -> None:
    company, folder = peer_set
    (folder / "broken.yaml").write_text("ethos: 1\ncompany: [\n", encoding="utf-8")
    result = _cli(company, "--peers", folder, "-f", "json")
    assert result.returncode == 0, result.stderr
    assert "warning: left out " in result.stderr and "broken.yaml:3" in result.stderr
    assert "Traceback" not in result.stderr
    peers = json.loads(result.stdout)["peers"]
    assert (peers["files"], peers["read"]) == (5, 4)
    strict = _cli(company, "--peers", folder, "--strict")
    assert strict.returncode == 1 and "broken.yaml:3" in strict.stderr
    with pytest.raises(InvalidInputError):
        rank_against_peers(company, folder, strict=True)


def test_the_company_is_not_its_own_peer_and_an_empty_folder_is_a_message(
    peer_set: tuple[Path, Path], tmp_path: Path
) -> None:
    company, folder = peer_set
    inside = folder / "us.yaml"
    inside.write_bytes(company.read_bytes())
    assert rank_against_peers(inside, folder).files == 4
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _cli(company, "--peers", empty)
    assert result.returncode == 2 and "no values files" in result.stderr
    two = _cli(company, company, "--peers", folder)
    assert two.returncode == 2 and "with --peers, give one values file" in two.stderr
