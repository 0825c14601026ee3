"""Policies are data: each built-in policy is a definition in templates/policies/, and its
validation model, JSON Schema, rules and report directions are made from it."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from ethos import load
from ethos.changes import favour
from ethos.changes.compare import compare
from ethos.changes.diff import diff
from ethos.errors import InvalidInputError, TemplateError
from ethos.resources import builtin_templates_dir
from ethos.values.load import load_values_file
from ethos.values.policies import Policies, policy_definitions
from ethos.values.policy import Policy
from ethos.values.policy_definition import PolicyDefinition, read_definitions
from ethos.values.policy_models import policy_model
from ethos.values.sources import Source
from ethos.wording.catalog import load_catalog

from helpers import values_data, write_text, write_values

DEFINITIONS = builtin_templates_dir() / "policies"
LANGUAGES = ["en", "it", "tl", "ur", "zh"]

# A policy no code knows: one data file makes it a model, with its rules and schema.
GIFT_CARDS = """\
meaning: Whether gift cards expire.
group: policies
order: 10
favours: customers
stance_description: "never_expire: valid for ever; expire: valid for `valid_months`."
stances:
  never_expire: {}
  expire: {slots: [valid_months]}
parameters:
  valid_months:
    type: integer
    unit: months
    range: {above: 0, at_most: 120}
    favourable: larger
    description: Months a gift card can be spent.
  cash_refund:
    type: switch
    favourable: switched_on
    description: Whether an unspent balance is paid back.
rules:
  - when: [expire]
    requires: [valid_months]
    message: "`{stance}` gift cards need `valid_months`, e.g. valid_months: 24"
coherence:
  - id: value-for-money-expiring-cards
    values: [value_for_money]
    stances: [expire]
    message: value for money is declared, but gift cards expire
    hint: choose never_expire for gift_cards
"""


def _gift_cards(tmp_path: Path, text: str = GIFT_CARDS) -> type[Policy]:
    (tmp_path / "gift_cards.yaml").write_text(text, encoding="utf-8")
    [definition] = read_definitions(tmp_path)
    return policy_model(definition, {}, __name__)


def test_every_builtin_policy_is_a_definition_file() -> None:
    files = {path.stem for path in DEFINITIONS.glob("*.yaml")}
    assert len(files) == 30
    assert list(Policies.model_fields) == list(policy_definitions())
    assert set(policy_definitions()) == files
    orders = [definition.order for definition in policy_definitions().values()]
    assert orders == sorted(orders)


@pytest.mark.parametrize("path", sorted(DEFINITIONS.glob("*.yaml")), ids=lambda path: path.stem)
def test_definition_files_have_no_duplicate_keys_or_tags(path: Path) -> None:
    load_values_file(path)  # the strict loader refuses duplicates and tags


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_stance_names_the_parameters_its_wording_fills_in(language: str) -> None:
    catalog = load_catalog(language)
    for key, definition in policy_definitions().items():
        assert list(catalog.policies[key].parameters) == list(definition.parameters), key
        for stance, wording in catalog.policies[key].stances.items():
            used = set(re.findall(r"\bp\.(\w+)", " ".join([wording.text, *wording.conduct])))
            assert used <= set(definition.stances[stance].slots), f"{language} {key}.{stance}"


def test_a_new_policy_is_one_data_file(tmp_path: Path) -> None:
    model = _gift_cards(tmp_path)
    card = model.model_validate({"stance": "expire", "valid_months": 24, "cash_refund": True})
    assert (card.stance.rank, card.valid_months) == (1, 24)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="`expire` gift cards need `valid_months`"):
        model.model_validate({"stance": "expire"})
    schema = model.model_json_schema()
    assert schema["description"] == "Whether gift cards expire."
    assert schema["$defs"]["GiftCardsStance"]["enum"] == ["never_expire", "expire"]
    assert schema["if"] == {"properties": {"stance": {"enum": ["expire"]}}, "required": ["stance"]}
    assert schema["properties"]["valid_months"]["anyOf"][0] == {
        "exclusiveMinimum": 0, "maximum": 120, "type": "integer",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("  expire: {slots: [valid_months]}", "  expire: {slots: [valid_days]}"),
            "stances.expire.slots names what the policy does not have: valid_days",
        ),
        (
            ("  - when: [expire]", "  - when: [expired]"),
            "rules[0].when names what the policy does not have: expired",
        ),
        (("    range: {above: 0, at_most: 120}\n", ""), "an integer parameter needs a `range`"),
        (
            ("favourable: switched_on", "favourable: larger"),
            "a switch parameter is favourable one of: neither, switched_off, switched_on",
        ),
        (
            ("    stances: [expire]", "    stances: [expire, lapsed]"),
            "coherence value-for-money-expiring-cards names what the policy does not have: lapsed",
        ),
        (("favours: customers", "favours: shareholders"), "favours"),
        (("meaning:", "id: gift_cards\nmeaning:"), "a policy's id is its file's name: remove `id`"),
        (
            ("    favourable: larger\n", "    favourable: larger\n    amount_in: cash_refund\n"),
            "valid_months: only an integer or number without a unit is an amount",
        ),
        (
            (
                "    favourable: switched_on\n",
                "    favourable: switched_on\n    amount_in: valid_months\n",
            ),
            "cash_refund: only an integer or number without a unit is an amount",
        ),
    ],
    ids=[
        "slot",
        "rule stance",
        "range",
        "direction",
        "coherence stance",
        "audience",
        "id",
        "amount with a unit",
        "amount a switch",
    ],
)
def test_a_malformed_definition_is_refused_naming_file_and_fault(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    old, new = edit
    assert old in GIFT_CARDS
    with pytest.raises(TemplateError) as caught:
        _gift_cards(tmp_path, GIFT_CARDS.replace(old, new))
    assert str(caught.value).startswith(str(tmp_path / "gift_cards.yaml"))
    assert message in str(caught.value)


def test_two_policies_in_one_place_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GIFT_CARDS, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GIFT_CARDS, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"two policies take the same order: \[10\]"):
        read_definitions(tmp_path)


def test_the_definitions_rules_are_the_models_rules(tmp_path: Path) -> None:
    """The rules of returns, response_times, loyalty and training are data, word for word."""
    header = yaml.safe_dump(values_data(values=["honesty"]), sort_keys=False)
    path = write_text(
        tmp_path,
        header
        + "policies:\n"
        + "  returns: {stance: final_sale, conditions: [receipt required]}\n"
        + "  loyalty: {stance: none, member_promotions: true}\n",
    )
    with pytest.raises(InvalidInputError) as caught:
        load(path)
    assert [problem.message for problem in caught.value.problems] == [
        "`final_sale` returns take no `window_days` or `conditions` — remove them or choose "
        "`limited`",
        "loyalty stance `none` takes no benefits — remove them or choose `program`",
    ]


def test_the_models_travel_to_a_child_process_by_pickle(tmp_path: Path) -> None:
    policies = {
        "training": {"stance": "ongoing", "frequency": "monthly", "methods": ["mentoring"]},
        "returns": {"stance": "limited", "window_days": 30},
    }
    values_file = load(write_values(tmp_path, values_data(policies=policies)))
    assert pickle.loads(pickle.dumps(values_file)) == values_file


def test_a_scale_ordered_for_the_public_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    definitions = dict(policy_definitions())
    definitions["product_safety"] = PolicyDefinition.model_validate(
        {**definitions["product_safety"].model_dump(), "favours": "public"}
    )
    monkeypatch.setattr(favour, "policy_definitions", lambda: definitions)

    def stated(stance: str, name: str) -> Path:
        data: dict[str, Any] = values_data(policies={"product_safety": {"stance": stance}})
        data["company"]["name"] = name.title()
        return write_values(tmp_path, data, f"{name}.yaml")

    old, new = stated("proactive", "old"), stated("regulatory", "new")
    [change] = [c for c in diff(Source(old), Source(new)).changes if c.kind == "stance_changed"]
    assert change.direction == "less favourable to the public"
    [row] = [row for row in compare([old, new]).rows if row.key == "product_safety"]
    assert row.direction == "Old is more favourable to the public"
    italian = diff(Source(new), Source(old), "it").changes
    assert [c.direction for c in italian if c.direction] == ["più favorevole al pubblico"]


def test_an_amount_of_money_reads_in_its_currency_in_every_report_language() -> None:
    from ethos.changes.positions import format_parameter

    definition = policy_definitions()["gifts"]
    amount = definition.parameters["limit_amount"]
    assert amount.amount_in == "currency"
    shown = {
        language: format_parameter(amount, 50, load_catalog(language), "limit", "eur")
        for language in LANGUAGES
    }
    assert shown == {
        "en": "€50", "it": "50\u00a0€", "tl": "€50", "ur": "\u2068€50\u2069", "zh": "€50"
    }  # fmt: skip
    # Babel leaves out CLDR's currency spacing; a code as the symbol keeps a space.
    assert format_parameter(amount, 5000, load_catalog("en"), "limit", "pkr") == "PKR\u00a05,000"
    assert format_parameter(amount, 50, load_catalog("en"), "limit") == "50"
