"""The README documents every command and option, and the two set-up commands."""

from __future__ import annotations

import re

import typer.main

from ethos.cli.app import app

from conftest import REPOSITORY

README = (REPOSITORY / "README.md").read_text(encoding="utf-8")


def test_readme_names_the_two_setup_commands() -> None:
    assert "make demo" in README and "make test" in README


def test_readme_documents_every_command_and_option() -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert re.search(rf"^###.*`ethos {name}", README, flags=re.MULTILINE), (
            f"README lacks a section for `ethos {name}`"
        )
        for parameter in command.params:
            for option in getattr(parameter, "opts", []):
                if option.startswith("--") and option != "--help":
                    assert option in README, f"README does not mention {option} of `ethos {name}`"
    assert "--version" in README


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (REPOSITORY / ".ci" / "run").read_text()


def test_the_policy_and_coherence_tables_match_the_definitions() -> None:
    """The README's tables are written by hand; the definitions are the truth."""
    from ethos.values.lint import lint_rules
    from ethos.values.policies import policy_definitions

    definitions = policy_definitions()
    assert f"All {len(definitions)} policies are optional." in README
    rows = re.findall(r"^\| `([a-z_]+)` \| (`[a-z_]+`(?:, `[a-z_]+`)*) \|", README, re.MULTILINE)
    table = {key: re.findall(r"`([a-z_]+)`", stances) for key, stances in rows}
    for key, definition in definitions.items():
        assert table.get(key) == list(definition.stances), f"README's row for {key}"
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", README, re.MULTILINE))
    missing = [rule.id for rule in lint_rules() if rule.id not in documented]
    assert not missing, f"README's coherence table lacks {missing}"
