"""Validate stage: every problem at once, located, worded for HR, with suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ethos import load
from ethos.errors import InvalidInputError

from helpers import values_data, write_text, write_values

THREE_MISTAKES = """\
ethos: 1
company:
  name: Test Co
  ethics_contact:
    email: ethics@test.example
document:
  version: 1.10
  effective_date: 2026-02-01
values:
  - courtesy
  - honsety
policies:
  returns:
    stance: limitted
    window_days: 30
"""


def messages(path: Path) -> list[str]:
    with pytest.raises(InvalidInputError) as caught:
        load(path)
    return [str(problem) for problem in caught.value.problems]


def test_three_mistakes_are_reported_together(tmp_path: Path) -> None:
    path = write_text(tmp_path, THREE_MISTAKES)
    assert messages(path) == [
        f'{path}:7:12: document.version: expected text, but YAML reads `1.10` as a number — put it in quotes: "1.10"',
        f"{path}:11:5: values[1]: unknown value 'honsety' — did you mean 'honesty'? For a value of your own, "
        "write it as {id, title, statement}; `ethos catalog` lists the built-in values",
        f"{path}:14:13: policies.returns.stance: 'limitted' is not one of: unconditional, limited, "
        "exchange_only, store_credit, final_sale — did you mean 'limited'?",
    ]


def test_unknown_keys_get_suggestions(tmp_path: Path) -> None:
    data = values_data(policies={"retruns": {"stance": "unconditional"}})
    data["company"]["naem"] = "x"
    path = write_values(tmp_path, data)
    assert messages(path) == [
        f"{path}:6:3: company.naem: unknown key `naem` — did you mean `name`?",
        f"{path}:14:3: policies.retruns: unknown key `retruns` — did you mean `returns`?",
    ]


def test_missing_required_keys_point_at_their_parent(tmp_path: Path) -> None:
    data = values_data()
    del data["document"]["effective_date"]
    del data["company"]["name"]
    path = write_values(tmp_path, data)
    assert messages(path) == [
        f"{path}:3:3: company.name: required key `name` is missing",
        f"{path}:6:3: document.effective_date: required key `effective_date` is missing",
    ]


def test_a_code_without_an_ethics_contact_is_an_error(tmp_path: Path) -> None:
    data = values_data()
    data["company"]["ethics_contact"] = {"name": "Ethics Office"}
    path = write_values(tmp_path, data)
    assert messages(path) == [
        f"{path}:5:5: company.ethics_contact: give at least one of email, phone or url — a code of "
        "ethics needs a way to raise a concern"
    ]


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"stance": "limited"}, "`limited` returns need `window_days`, e.g. window_days: 30"),
        (
            {"stance": "final_sale", "window_days": 10},
            "`final_sale` returns take no `window_days` or `conditions` — remove them or choose `limited`",
        ),
    ],
)
def test_stance_parameters_must_fit_the_stance(
    tmp_path: Path, policy: dict[str, Any], message: str
) -> None:
    path = write_values(tmp_path, values_data(policies={"returns": policy}))
    assert messages(path) == [f"{path}:14:5: policies.returns: {message}"]


def test_field_formats_are_explained(tmp_path: Path) -> None:
    data = values_data()
    data["company"]["ethics_contact"] = {"email": "not-an-address", "url": "ftp://x.example"}
    data["document"]["effective_date"] = "1 March"
    path = write_values(tmp_path, data)
    assert messages(path) == [
        f"{path}:5:12: company.ethics_contact.email: 'not-an-address' is not an email address — write it like ethics@example.com",
        f"{path}:6:10: company.ethics_contact.url: 'ftp://x.example' is not a web address — write it like https://example.com/ethics",
        f"{path}:9:19: document.effective_date: '1 March' is not a date — write it as YYYY-MM-DD, e.g. 2026-03-01",
    ]


def test_values_listed_twice_and_own_values(tmp_path: Path) -> None:
    own = {"id": "sustainability", "title": "Sustainability", "statement": "We repair first."}
    path = write_values(tmp_path, values_data(values=["honesty", own, "honesty"]))
    assert messages(path) == [
        f"{path}:14:3: values[2]: value 'honesty' is listed twice (first on line 10) — keep one"
    ]


def test_a_valid_file_loads_into_typed_models(tmp_path: Path) -> None:
    policies = {
        "returns": {"stance": "limited", "window_days": 30, "conditions": ["receipt shown"]}
    }
    values_file = load(write_values(tmp_path, values_data(policies=policies)))
    assert values_file.policies.returns is not None
    assert values_file.policies.returns.stance.rank == 1
    assert [entry.id for entry in values_file.value_entries()] == ["courtesy", "honesty"]
    assert list(values_file.policies.stated()) == ["returns"]


def test_quote_hint_quotes_only_the_value_in_flow_mappings(tmp_path: Path) -> None:
    text = THREE_MISTAKES.replace(
        "document:\n  version: 1.10\n  effective_date: 2026-02-01\n",
        "document: {version: 1.10, effective_date: 2026-02-01}\n",
    )
    path = write_text(tmp_path, text)
    assert messages(path)[0] == (
        f'{path}:6:21: document.version: expected text, but YAML reads `1.10` as a number — put it in quotes: "1.10"'
    )
