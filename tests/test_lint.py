"""Coherence lint: every rule fires when its value meets a contradicting stance, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethos.errors import InvalidInputError
from ethos.values.lint import NOT_STATED, lint_rules
from ethos.values.loading import check
from ethos.values.policies import Policies, policy_definitions
from ethos.wording.catalog import load_catalog

from helpers import stance_data, values_data, write_values

RULES = lint_rules()


def test_rules_name_real_values_policies_and_stances() -> None:
    catalog = load_catalog("en")
    assert len(RULES) >= 5
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert set(rule.values) <= set(catalog.values), rule.id
        assert rule.policy in Policies.model_fields, rule.id
        assert set(rule.stances) <= {*catalog.policies[rule.policy].stances, NOT_STATED}, rule.id


def _sibling(policy: str) -> str:
    """Another built-in policy of the same chapter section."""
    group = policy_definitions()[policy].group
    return next(
        key for key, definition in policy_definitions().items()
        if definition.group == group and key != policy
    )  # fmt: skip


def _warnings(
    tmp_path: Path, value: str, policy: str, stance: str | None, *, section: bool = True
) -> list[str]:
    """The warnings of a file choosing ``value`` and stating ``policy`` with ``stance``;
    ``stance`` None leaves the policy out, stating another of its section (unless not
    ``section``)."""
    if stance is not None:
        policies = {policy: stance_data(policy, stance)}
    elif section:
        sibling = _sibling(policy)
        policies = {
            sibling: stance_data(sibling, next(iter(policy_definitions()[sibling].stances)))
        }
    else:
        policies = {}
    path = write_values(tmp_path, values_data(values=[value], policies=policies))
    return [str(problem) for problem in check([path]).warnings]


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_fires_on_a_contradicting_stance(tmp_path: Path, rule) -> None:  # type: ignore[no-untyped-def]
    stance = rule.stances[0]
    warnings = _warnings(
        tmp_path, rule.values[-1], rule.policy, None if stance == NOT_STATED else stance
    )
    mine = [warning for warning in warnings if warning.endswith(f"[{rule.id}]")]
    assert len(mine) == 1, warnings
    assert ": values[0]: " in mine[0] and rule.message in mine[0] and rule.hint in mine[0]
    if stance != NOT_STATED:
        assert f"policies.{rule.policy}.stance is {stance} (" in mine[0]


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_is_silent_on_a_coherent_stance(tmp_path: Path, rule) -> None:  # type: ignore[no-untyped-def]
    coherent = next(
        stance for stance in load_catalog("en").policies[rule.policy].stances
        if stance not in rule.stances
    )  # fmt: skip
    warnings = _warnings(tmp_path, rule.values[-1], rule.policy, coherent)
    assert not [warning for warning in warnings if warning.endswith(f"[{rule.id}]")]


def test_rule_is_silent_without_its_value(tmp_path: Path) -> None:
    rule = RULES[0]
    warnings = _warnings(tmp_path, "courtesy", rule.policy, rule.stances[0])
    assert not [warning for warning in warnings if warning.endswith(f"[{rule.id}]")]


def test_strict_turns_lint_warnings_into_errors(tmp_path: Path) -> None:
    data = values_data(values=["honesty"], policies={"advertising": {"stance": "unrestricted"}})
    path = write_values(tmp_path, data)
    assert len(check([path]).warnings) == 1
    with pytest.raises(InvalidInputError) as caught:
        check([path], strict=True)
    assert [problem.severity for problem in caught.value.problems] == ["warning"]


NOT_STATED_RULES = [rule for rule in RULES if NOT_STATED in rule.stances]


@pytest.mark.parametrize("rule", NOT_STATED_RULES, ids=[rule.id for rule in NOT_STATED_RULES])
def test_a_policy_left_out_counts_only_beside_its_section(tmp_path: Path, rule) -> None:  # type: ignore[no-untyped-def]
    # A customer-service chapter is not told about bribery; one that states gifts is.
    alone = _warnings(tmp_path, rule.values[-1], rule.policy, None, section=False)
    assert not [warning for warning in alone if warning.endswith(f"[{rule.id}]")], alone
    beside = _warnings(tmp_path, rule.values[-1], rule.policy, None)
    assert [warning for warning in beside if warning.endswith(f"[{rule.id}]")], beside
