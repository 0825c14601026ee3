"""Group defaults: a values file inherits a group file's choices, except what it overrides;
locked choices cannot be overridden; `ethos explain` says where each setting comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethos.changes.explain import explain
from ethos.errors import InvalidInputError
from ethos.values.loading import check, load

from helpers import write_text

GROUP = """\
ethos: 1
document:
  paper: Letter
values:
  - courtesy
  - {id: honesty, locked: true}
policies:
  returns:
    stance: limited
    window_days: 30
    locked: true
  customer_data:
    stance: opt_in
  advertising:
    stance: honest
"""

CHILD = """\
ethos: 1
extends: groups/retail.yaml
company:
  name: Corner Shop
  ethics_contact: {email: ethics@corner.example}
document:
  version: "1.0"
  effective_date: 2026-05-01
values:
  - courtesy
  - honesty
  - empathy
policies:
  customer_data:
    stance: never
"""


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    (tmp_path / "groups").mkdir()
    write_text(tmp_path / "groups", GROUP, "retail.yaml")
    return write_text(tmp_path, CHILD, "shop.yaml")


def test_child_inherits_and_overrides_the_group(shop: Path) -> None:
    values_file = load(shop)
    assert values_file.document.paper.value == "Letter"  # inherited
    assert [entry.id for entry in values_file.value_entries()] == ["courtesy", "honesty", "empathy"]
    stated = values_file.policies.stated()
    assert str(stated["returns"].stance) == "limited"  # type: ignore[attr-defined]
    assert str(stated["customer_data"].stance) == "never"  # type: ignore[attr-defined]
    assert str(stated["advertising"].stance) == "honest"  # type: ignore[attr-defined]


def test_overriding_a_locked_stance_names_both_files_and_lines(shop: Path) -> None:
    shop.write_text(CHILD + "  returns:\n    stance: unconditional\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        check([shop])
    assert [str(problem) for problem in caught.value.problems] == [
        f"{shop}:16:3: policies.returns: returns is locked by the group file "
        f"{shop.parent / 'groups' / 'retail.yaml'}:8 — remove it from this file to take the "
        "group's stance, or ask the group's owners to change it"
    ]


def test_dropping_a_locked_value_is_an_error(shop: Path) -> None:
    shop.write_text(CHILD.replace("  - honesty\n", ""), encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        check([shop])
    (problem,) = caught.value.problems
    assert problem.path == "values"
    assert problem.message == (
        f"value 'honesty' is locked by the group file {shop.parent / 'groups' / 'retail.yaml'}:6"
        " — keep it in the list"
    )


def test_errors_in_inherited_settings_point_at_the_group_file(shop: Path) -> None:
    group = shop.parent / "groups" / "retail.yaml"
    group.write_text(GROUP.replace("stance: honest", "stance: honnest"), encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        check([shop])
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.path) == (
        str(group),
        15,
        "policies.advertising.stance",
    )


def test_locked_only_means_something_in_a_group(tmp_path: Path) -> None:
    path = write_text(tmp_path, CHILD.replace("extends: groups/retail.yaml\n", "").replace(
        "    stance: never\n", "    stance: never\n    locked: true\n"), "alone.yaml")  # fmt: skip
    with pytest.raises(InvalidInputError, match="`locked` only has a meaning in a group file"):
        check([path])


def test_a_loop_of_group_files_is_an_error(tmp_path: Path) -> None:
    write_text(tmp_path, "ethos: 1\nextends: b.yaml\n", "a.yaml")
    b = write_text(tmp_path, "ethos: 1\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(InvalidInputError, match="extends this file again — a loop"):
        check([b])


def test_explain_names_where_each_setting_comes_from(shop: Path) -> None:
    rows = {row.key: row for row in explain(shop)}
    group = shop.parent / "groups" / "retail.yaml"
    assert rows["values: honesty"].how == f"locked by {group}"
    assert rows["values: empathy"].source == f"{shop}:12"
    assert rows["policies.returns"].how == f"locked by {group}"
    assert rows["policies.returns"].source == f"{group}:8"
    assert rows["policies.returns"].effective == "Limited returns: 30 days"
    assert rows["policies.customer_data"].how == f"overrides {group}:12"
    assert rows["policies.advertising"].how == "inherited"
    assert rows["document.paper"].how == "inherited"


def test_explain_in_another_language(shop: Path, cli) -> None:  # type: ignore[no-untyped-def]
    rows = {row.key: row for row in explain(shop, "it")}
    group = shop.parent / "groups" / "retail.yaml"
    assert (rows["values: honesty"].how, rows["values: honesty"].kind) == (
        f"bloccata da {group}",
        "locked",
    )
    assert rows["policies.returns"].effective == "Resi entro limiti definiti: 30 giorni"
    assert rows["policies.customer_data"].how == f"sostituisce {group}:12"
    assert rows["policies.advertising"].how == "ereditata"
    table = cli("explain", shop, "--lang", "zh")
    assert table.exit_code == 0, table.output
    assert "各项设置的来源" in table.output and "继承自群组" in table.output
