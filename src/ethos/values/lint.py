"""Coherence lint: declared values that the stated stances contradict.

The rules are data, ``templates/lint.yaml``; each names the values it applies to, a
policy and the stances that contradict them. A finding is a warning located at the
value, naming the policy's line too (``--strict`` makes it an error).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ..errors import Problem
from ..wording.theme import current_theme
from .load import LoadedDocument
from .model import ValuesFile
from .yaml_nodes import KeyPath

NOT_STATED = "not_stated"


class LintRule(BaseModel):
    """One coherence rule of ``templates/lint.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    values: list[str] = Field(min_length=1)
    policy: str
    stances: list[str] = Field(min_length=1)
    message: str
    hint: str


def lint_rules() -> tuple[LintRule, ...]:
    """The rules, read once per theme (:class:`~ethos.wording.theme.Theme`)."""
    theme = current_theme()
    return theme.read_once("lint.yaml", lambda: _read_rules(theme.builtin / "lint.yaml"))


def _read_rules(path: Path) -> tuple[LintRule, ...]:
    with path.open(encoding="utf-8") as stream:
        rules = yaml.load(stream, Loader=yaml.CSafeLoader)  # as the catalog: parsed in C
        return tuple(LintRule.model_validate(rule) for rule in rules)


def lint(document: LoadedDocument, values_file: ValuesFile) -> list[Problem]:
    """A warning for every rule whose values are chosen and whose stances are taken."""
    chosen = [entry.id for entry in values_file.value_entries()]
    stated = values_file.policies.stated()
    problems = []
    for rule in lint_rules():
        declared = [value for value in rule.values if value in chosen]
        policy = stated.get(rule.policy)
        stance = str(policy.stance) if policy is not None else NOT_STATED  # type: ignore[attr-defined]
        if not declared or stance not in rule.stances:
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
