"""The wording catalog is complete, well-formed, and every stance reads in every case."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, get_args

import pytest

from ethos.chapter.catalog_wording import WordingRenderer
from ethos.values.catalog_listing import catalog_rows
from ethos.values.load import load_values_file
from ethos.values.policies import (
    Characteristic,
    Frequency,
    Policies,
    TrainingMethod,
    policy_definitions,
)
from ethos.values.policy import Policy
from ethos.values.policy_definition import RESERVED_PARAMETERS
from ethos.wording.catalog import catalog_dir, load_catalog
from ethos.wording.localization import Locale

from helpers import stance_data

CATALOG = load_catalog("en")
LANGUAGES = ["en", "it", "tl", "ur", "zh"]
# How a sentence ends in each language's script.
SENTENCE_ENDS = {
    "en": (".", ".)"),
    "it": (".", ".)"),
    "tl": (".", ".)"),
    "ur": ("۔", "۔)"),
    "zh": ("。", "。）"),
}
LATIN = {"en", "it", "tl"}
REQUIRED_VALUES = [
    "courtesy", "respect", "commitment", "honesty", "timeliness", "realistic_expectations",
    "responsiveness", "transparency", "value_for_money", "loyalty", "problem_solving",
    "empathy", "non_discrimination", "accountability",
]  # fmt: skip


def policy_model(key: str) -> type[Policy]:
    return next(
        arg for arg in get_args(Policies.model_fields[key].annotation) if arg is not type(None)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_files_have_no_duplicate_keys_or_tags(language: str) -> None:
    paths = sorted(catalog_dir(language).glob("*.yaml"))
    assert [path.name for path in paths] == ["policies.yaml", "terms.yaml", "values.yaml"]
    for path in paths:
        load_values_file(path)  # the strict loader refuses duplicates and tags


def test_every_required_value_is_in_the_catalog() -> None:
    assert list(CATALOG.values) == REQUIRED_VALUES


def test_every_policy_stance_and_parameter_has_wording() -> None:
    assert list(CATALOG.policies) == list(Policies.model_fields)
    for key, area in CATALOG.policies.items():
        model = policy_model(key)
        stance_enum = model.model_fields["stance"].annotation
        assert list(area.stances) == [member.value for member in stance_enum], key
        assert list(area.parameters) == [
            name for name in model.model_fields if name not in RESERVED_PARAMETERS
        ], key


def test_every_vocabulary_term_has_wording() -> None:
    labels = {key: list(vocabulary.labels) for key, vocabulary in CATALOG.terms.items()}
    vocabularies = {
        parameter.vocabulary: list(parameter.choices)
        for definition in policy_definitions().values()
        for parameter in definition.parameters.values()
        if parameter.vocabulary is not None
    }
    assert labels == vocabularies
    assert labels["characteristic"] == [member.value for member in Characteristic]
    assert labels["training_method"] == [member.value for member in TrainingMethod]
    assert labels["frequency"] == [member.value for member in Frequency]
    assert list(vocabularies)[-3:] == ["approver", "currency", "speak_up_channel"]


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_translations_have_the_same_entries_as_english(language: str) -> None:
    translated = load_catalog(language)
    assert list(translated.values) == list(CATALOG.values)
    assert list(translated.policies) == list(CATALOG.policies)
    for key, area in CATALOG.policies.items():
        assert list(translated.policies[key].stances) == list(area.stances), key
        assert list(translated.policies[key].parameters) == list(area.parameters), key
    for key, vocabulary in CATALOG.terms.items():
        assert list(translated.terms[key].labels) == list(vocabulary.labels), key


FULL_PARAMETERS: dict[str, Any] = {
    "window_days": 1, "conditions": ["the receipt is shown"], "retention_months": 1,
    "inquiry_reply_hours": 1, "callback_hours": 1, "account_discrepancy_days": 1,
    "discount_percent": 7.5, "price_lock_days": 1, "member_promotions": True, "rain_checks": True,
    "notify_customers": True, "honorifics": ["Dr."], "characteristics": ["age", "religion"],
    "laws": ["Consumer Act"], "jurisdictions": ["Ireland"], "methods": ["role_play"],
    "frequency": "monthly", "incentives": True, "paid_leave_days": 1, "sick_leave_days": 1,
    "parental_leave_weeks": 1, "recognition": True, "approver": "compliance_team",
    "annual_declaration": True, "limit_amount": 1, "currency": "eur", "gift_register": True,
    "third_party_checks": True, "confidential_adviser": True, "after_leaving": True,
    "clean_desk": True, "spokespeople": "Press Office", "channels": ["manager", "anonymous_line"],
    "acknowledge_days": 1, "feedback_days": 1, "report_hours": 1, "stop_work": True,
    "monitoring": True, "legal_review": True, "appeal": True, "not_a_contract": True,
}  # fmt: skip


def policies_for_every_stance() -> list[tuple[str, str, Policy]]:
    """Each stance twice: with every parameter it accepts (but those it refuses), and with
    only what it requires."""
    cases = []
    for key, area in CATALOG.policies.items():
        model = policy_model(key)
        for stance in area.stances:
            full = {
                name: value for name, value in FULL_PARAMETERS.items() if name in model.model_fields
            }
            for candidate in (
                full,
                *({k: v for k, v in full.items() if k != name} for name in full),
            ):
                try:
                    policy = model(stance=stance, **candidate)
                except ValueError:
                    continue
                cases.append((f"{key}.{stance}.full", key, policy))
                break
            cases.append((f"{key}.{stance}.bare", key, model(**stance_data(key, stance))))
    return cases


CASES = policies_for_every_stance()


def test_every_stance_has_a_renderable_case() -> None:
    assert {case_id.rsplit(".", 1)[0] for case_id, _, _ in CASES} == {
        f"{key}.{stance}" for key, area in CATALOG.policies.items() for stance in area.stances
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("key", "policy"),
    [(key, policy) for _, key, policy in CASES],
    ids=[case_id for case_id, _, _ in CASES],
)
def test_stance_wording_renders_to_clean_sentences(language: str, key: str, policy: Policy) -> None:
    catalog = load_catalog(language)
    renderer = WordingRenderer(catalog, Locale(language))
    wording = catalog.policies[key].stances[str(policy.stance)]  # type: ignore[attr-defined]
    for source in [wording.text, *wording.conduct]:
        text = renderer.render(source, key, p=policy, company="Test Co")
        assert text, source
        assert text.endswith(SENTENCE_ENDS[language]), text
        assert "  " not in text, text
        assert "None" not in text and "[]" not in text and "True" not in text, text
        assert "{" not in text and "}" not in text, text
        if language == "it":
            # A label with its article after a preposition must contract: "al", not "a il".
            assert not re.search(r"\b(?:a|da|di|in|su) (?:il|lo|la|i|gli|le|l')\b", text), text
        if language in LATIN:
            assert text[0].isupper(), text
            assert " ." not in text and " ," not in text, text
        else:
            words = re.sub(
                r"Test Co|the receipt is shown|Consumer Act|Ireland|Press Office", "", text
            )
            assert not re.search(r"[A-Za-z]{4,}", words), f"English left in: {text}"


@pytest.mark.parametrize(
    ("percent", "phrase"),
    [
        (0.5, "dello 0,5%"),
        (1, "dell'1%"),
        (1.5, "dell'1,5%"),
        (8, "dell'8%"),
        (10, "del 10%"),
        (11, "dell'11%"),
        (18, "del 18%"),
        (80, "dell'80%"),
        (85.5, "dell'85,5%"),
    ],
)
def test_italian_article_before_a_percentage_follows_its_sound(percent: float, phrase: str) -> None:
    # "zero" takes "lo", "uno", "undici", "otto", "ottanta" take "l'", the rest "il".
    catalog = load_catalog("it")
    renderer = WordingRenderer(catalog, Locale("it"))
    model = policy_model("loyalty")
    for stance in ("program", "occasional"):
        policy = model(stance=stance, discount_percent=percent)
        wording = catalog.policies["loyalty"].stances[stance]
        texts = [renderer.render(source, "loyalty", p=policy, company="Test Co")
                 for source in [wording.text, *wording.conduct]]  # fmt: skip
        found = [text for text in texts if "%" in text]
        assert found and all(phrase in text for text in found), (stance, found)


def test_catalog_listing_orders_stances_by_favourability() -> None:
    rows = catalog_rows()
    returns = [row for row in rows if row.kind == "stance"][:5]
    assert [(row.id, row.rank) for row in returns] == [
        ("unconditional", 0),
        ("limited", 1),
        ("exchange_only", 2),
        ("store_credit", 3),
        ("final_sale", 4),
    ]
    assert all(len(row.summary) <= 90 for row in rows if row.kind != "policy")


def test_dates_and_lists_are_formatted_for_the_locale() -> None:
    locale = Locale("en")
    assert locale.date(dt.date(2026, 3, 1)) == "1 March 2026"
    assert locale.join_list(["a", "b", "c"]) == "a, b and c"
    assert locale.number(1234.5) == "1,234.5"
    assert Path(catalog_dir("en")).is_dir()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_policy_has_the_title_of_a_value(language: str) -> None:
    """A chapter lists values and policies under their titles: two alike would be two
    headings alike ("Loyalty" the value and "Loyalty" the policy), one reader's question
    and the second one's anchor numbered."""
    catalog = load_catalog(language)
    values = {entry.title for entry in catalog.values.values()}
    policies = {entry.title for entry in catalog.policies.values()}
    assert values & policies == set()
    assert len(policies) == len(catalog.policies)
