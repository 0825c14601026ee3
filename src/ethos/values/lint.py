"""Coherence lint: declared values that the stated stances contradict.

The rules are data: each policy's definition (``templates/policies/<id>.yaml``, its
``coherence`` links) names the values a rule applies to and the stances that contradict
them. A finding is a warning located at the value, naming the policy's line too
(``--strict`` makes it an error).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import Problem
from ..wording.theme import Theme, current_theme
from .load import LoadedDocument
from .model import ValuesFile
from .policies import POLICIES_FOLDER, definitions_in
from .policy_definition import NOT_STATED, POLICIES_GROUP
from .yaml_nodes import KeyPath

__all__ = ["NOT_STATED", "LintRule", "lint", "lint_rules"]


@dataclass(frozen=True)
class LintRule:
    """One coherence rule: a link from a policy's definition to the values it contradicts."""

    id: str
    values: tuple[str, ...]
    policy: str
    stances: tuple[str, ...]
    message: str
    hint: str


def lint_rules() -> tuple[LintRule, ...]:
    """The rules, in the policies' order, read once per theme
    (:class:`~ethos.wording.theme.Theme`): an edited definition counts at the next check."""
    theme = current_theme()
    return theme.read_once(POLICIES_FOLDER, lambda: _read_rules(theme))


def _read_rules(theme: Theme) -> tuple[LintRule, ...]:
    return tuple(
        LintRule(link.id, link.values, definition.id, link.stances, link.message, link.hint)
        for definition in definitions_in(theme.builtin)
        for link in definition.coherence
    )


def lint(document: LoadedDocument, values_file: ValuesFile) -> list[Problem]:
    """A warning for every rule whose values are chosen and whose stances are taken.

    A policy left out (`not_stated`) counts only when the file states another policy of its
    section: a chapter without a "Conduct at work" section is not warned about bribery, one
    that states gifts but not bribery is.
    """
    chosen = [entry.id for entry in values_file.value_entries()]
    stated = values_file.policies.stated()
    theme = current_theme()
    groups = theme.read_once(
        (POLICIES_FOLDER, "groups"),
        lambda: {definition.id: definition.group for definition in definitions_in(theme.builtin)},
    )
    # An own policy is stated under "Our policies".
    stated_groups = {groups.get(key, POLICIES_GROUP) for key in stated}
    problems = []
    for rule in lint_rules():
        declared = [value for value in rule.values if value in chosen]
        policy = stated.get(rule.policy)
        stance = str(policy.stance) if policy is not None else NOT_STATED  # type: ignore[attr-defined]
        if not declared or stance not in rule.stances:
            continue
        if policy is None and groups[rule.policy] not in stated_groups:
            continue
        value_path: KeyPath = ("values", chosen.index(declared[0]))
        if policy is None:
            where = f"policies.{rule.policy} is not stated"
        else:
            stance_path: KeyPath = ("policies", rule.policy, "stance")
            where = f"policies.{rule.policy}.stance is {stance} ({document.where(stance_path)})"
        problem = document.problem(value_path, f"{rule.message}: {where} — {rule.hint} [{rule.id}]")
        problems.append(replace(problem, severity="warning"))
    return problems
