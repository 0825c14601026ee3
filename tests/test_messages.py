"""Messages that point at the real mistake, asserted word for word through the CLI.

Each test runs ``ethos`` on real files in a temporary working directory, so messages
name files as a user typing relative paths sees them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import write_text

VALID = """\
ethos: 1
company:
  name: Test Co
  ethics_contact:
    email: ethics@test.example
document:
  version: "1.0"
  effective_date: 2026-02-01
values:
  - courtesy
  - honesty
"""


def padded(text: str, lines: int) -> str:
    """``text`` with comment lines appended up to ``lines`` lines."""
    count = text.count("\n")
    return text + "# filler\n" * (lines - count)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ethos_at_80_columns(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``ethos`` as a terminal user runs it: its own process, 80 columns wide."""
    return subprocess.run(
        [sys.executable, "-m", "ethos", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "80"},
        check=False,
    )


# Nothing a user wrote, nor a path or position, is read as markup or an emoji code.


def test_line_100_and_user_text_print_as_written(tmp_path: Path) -> None:
    broken = padded(VALID, 99) + "  - [bold]x[/bold] :smile:\n"
    assert broken.count("\n") == 100
    write_text(tmp_path, broken, "broken.yaml")
    result = ethos_at_80_columns("check", "broken.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "broken.yaml:100:11: YAML syntax error: expected <block end>, but found '<scalar>' — "
        "check "
        "this line and the one above: indentation, a missing `:` or an unclosed quote or "
        "bracket\n1 problem found.\n"
    )

    odd = VALID.replace("Test Co", "'[bold]x[/bold] :smile:'").replace(
        "  - honesty", "  - id: own\n    title: ':100: [red]y[/red]'\n    statement: Ours."
    )
    write_text(tmp_path, odd, "odd.yaml")
    write_text(tmp_path, odd.replace(":smile:", ":thumbsup:"), "odd2.yaml")
    result = ethos_at_80_columns("check", "odd.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "odd.yaml: ok ([bold]x[/bold] :smile:)\n")

    explained = ethos_at_80_columns("explain", "odd.yaml", cwd=tmp_path).stdout
    assert "│ values: own      │ :100: [red]y[/red] │ odd.yaml:11 │ own │" in explained
    compact = ethos_at_80_columns("compare", "odd.yaml", "odd2.yaml", cwd=tmp_path).stdout
    assert compact.splitlines()[1:3] == [
        "  A  [bold]x[/bold] :smile:",
        "  B  [bold]x[/bold] :thumbsup:",
    ]
    assert "  :100: [red]y[/red] ✓ ✓" in compact
    compared = ethos_at_80_columns(
        "compare", "odd.yaml", "odd2.yaml", "--wide", cwd=tmp_path
    ).stdout
    assert compared.splitlines()[2:4] == [
        "┃                          ┃ [bold]x[/bold]      ┃ [bold]x[/bold]      ┃            ┃",
        "┃                          ┃ :smile:             ┃ :thumbsup:          ┃ Difference ┃",
    ]
    assert "│   :100: [red]y[/red]     │ ✓                   │ ✓                   │" in compared
    for output in (explained, compact, compared):
        assert not {"💯", "😄", "👍"} & set(output)

    missing = ethos_at_80_columns("check", ":100:[bold]x.yaml", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (2, "error: :100:[bold]x.yaml: no such file\n")


def test_the_consoles_read_no_markup_or_emoji_whatever_prints() -> None:
    """Every command (serve's terminal output too) prints through these two consoles."""
    from ethos.cli.common import err, out

    for console in (out, err):
        with console.capture() as captured:
            console.print("v.yaml:100:3: [bold]x[/bold] :smile:", style="red")
        assert captured.get() == "v.yaml:100:3: [bold]x[/bold] :smile:\n"


# YAML syntax errors are reported where the mistake is.


def test_an_unclosed_quote_is_reported_where_it_opened(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    # The last line of a 99-line file: PyYAML stops on line 100, after the end.
    write_text(here, padded(VALID, 98) + 'notes: "unfinished\n', "end.yaml")
    assert cli("check", "end.yaml").stderr == (
        'end.yaml:99:8: YAML syntax error: the " opened here is never closed — add the '
        'closing "\n1 problem found.\n'
    )
    # Opened on line 25, closed by the next quote on line 30, where PyYAML stops.
    text = padded(VALID, 23) + (
        "policies:\n"
        '  returns: {stance: "full_refund}\n'
        "  customer_data:\n"
        "    stance: never_sold\n"
        "    note: Never.\n"
        "# about the stance\n"
        '  loyalty: {stance: "equal"}\n'
    )
    write_text(here, text, "runaway.yaml")
    result = cli("check", "runaway.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        'runaway.yaml:25:21: YAML syntax error: the " opened here is not closed on this '
        'line, so YAML reads everything up to the " on line 30 as one text — close it on '
        "this line\n1 problem found.\n"
    )
    # PyYAML finds the second quote on line 12 unclosed; the mistake is the one on line 7.
    write_text(here, VALID.replace('"1.0"', '"1.0') + 'notes: ""\n', "stray.yaml")
    assert cli("check", "stray.yaml").stderr == (
        'stray.yaml:7:12: YAML syntax error: the " opened here is not closed on this line, '
        'so YAML reads everything up to the " on line 12 as one text — close it on this '
        "line\n1 problem found.\n"
    )
    write_text(here, VALID.replace('"1.0"', "'1.0") + "notes: it's\n", "single.yaml")
    assert cli("check", "single.yaml").stderr == (
        "single.yaml:7:12: YAML syntax error: the ' opened here is not closed on this line, "
        "so YAML reads everything up to the ' on line 12 as one text — close it on this "
        "line\n1 problem found.\n"
    )


def test_a_quoted_text_over_several_lines_is_no_mistake(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    text = VALID.replace("  name: Test Co", '  name: "Test\n    Co"')
    write_text(here, text + "notes: [a\n", "folded.yaml")
    assert cli("check", "folded.yaml").stderr == (
        "folded.yaml:13:8: YAML syntax error: the [ opened here is never closed — add the "
        "closing ]\n1 problem found.\n"
    )


def test_an_unclosed_bracket_is_reported_where_it_opened(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    write_text(here, VALID.replace("ethos: 1", "ethos: 1\ntags: [a, b"), "bracket.yaml")
    assert cli("check", "bracket.yaml").stderr == (
        "bracket.yaml:2:7: YAML syntax error: the [ opened here is not closed before line 3 "
        "— add the closing ]\n1 problem found.\n"
    )


def test_a_tab_in_the_indentation(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    write_text(here, VALID.replace("  - honesty", "\t- honesty"), "tab.yaml")
    assert cli("check", "tab.yaml").stderr == (
        "tab.yaml:11:1: YAML syntax error: a tab in the indentation — indent with spaces, "
        "not tabs\n1 problem found.\n"
    )
    write_text(here, VALID.replace("    email", "  \temail"), "tab2.yaml")
    assert cli("check", "tab2.yaml").stderr == (
        "tab2.yaml:5:3: YAML syntax error: a tab in the indentation — indent with spaces, "
        "not tabs\n1 problem found.\n"
    )


def test_a_key_indented_too_little_says_where_it_belongs(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    text = VALID + (
        "policies:\n  returns:\n    stance: unconditional\n"
        "customer_data:\n  stance: never_sold\npaper: Letter\n"
    )
    write_text(here, text, "outdented.yaml")
    assert cli("check", "outdented.yaml").stderr.splitlines() == [
        "outdented.yaml:15:1: customer_data: `customer_data` is a policy — move it under "
        "`policies:` and indent it",
        "outdented.yaml:17:1: paper: `paper` belongs in `document` — move it under "
        "`document:` and indent it",
        "2 problems found.",
    ]
    # The block of an empty key written too far left: every line points at that key.
    text = VALID + "policies:\n  returns:\nstance: limited\nwindow_days: 30\n"
    write_text(here, text, "empty.yaml")
    assert cli("check", "empty.yaml").stderr.splitlines() == [
        "empty.yaml:14:1: stance: `stance` belongs in `policies.returns` — move it under "
        "`returns:` and indent it",
        "empty.yaml:15:1: window_days: `window_days` belongs in `policies.returns` — move it "
        "under `returns:` and indent it",
        "2 problems found.",
    ]
    # A key several sections allow (every policy has a stance) gets no guess.
    write_text(here, VALID + "policies:\n  stance: full_refund\n", "stance.yaml")
    assert cli("check", "stance.yaml").stderr.splitlines()[0] == (
        "stance.yaml:13:3: policies.stance: unknown key `stance` — allowed here: "
        "returns, customer_data, competitor_coupons, customer_contact, response_times, "
        "customer_claims, problem_scope, recommendations, sourcing_disclosure, loyalty, "
        "advertising, product_safety, forms_of_address, non_discrimination, record_keeping, "
        "consumer_protection, training, employees, conflicts_of_interest, gifts, bribery, "
        "respect_at_work, confidentiality, social_media, speaking_up, health_safety, "
        "company_property, fair_competition, political_activity, breaches"
    )


# Curly quotes pasted from a word processor.

CURLY = VALID.replace('"1.0"', "“1.0”").replace(
    "  - honesty", "  - id: honesty\n    title: {en: Honesty, it: «Onestà»}"
)
CURLY_WARNINGS = (
    "curly.yaml:7:12: document.version: “1.0” is wrapped in curly quotes, which YAML "
    'keeps as part of the text — replace them with straight quotes: "1.0" (or write '
    '"“1.0”" to print them)\n'
    "curly.yaml:12:30: values[1].title.it: «Onestà» is wrapped in curly quotes, which YAML "
    'keeps as part of the text — replace them with straight quotes: "Onestà" (or write '
    '"«Onestà»" to print them)\n'
    "2 warnings found.\n"
)


def test_curly_quotes_around_a_value_are_a_warning_with_the_fix(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    write_text(here, CURLY, "curly.yaml")
    checked = cli("check", "curly.yaml")
    assert (checked.exit_code, checked.stderr) == (0, CURLY_WARNINGS)
    strict = cli("check", "--strict", "curly.yaml")
    assert (strict.exit_code, strict.stderr) == (1, CURLY_WARNINGS)

    built = cli("build", "curly.yaml", "--format", "md", "--out", "out")
    assert built.exit_code == 0
    # The warnings, then the build's readability line.
    assert built.stderr.startswith(CURLY_WARNINGS)
    assert built.stderr.removeprefix(CURLY_WARNINGS).startswith("readability, sections on target")
    refused = cli("build", "curly.yaml", "--format", "md", "--out", "strict", "--strict")
    assert (refused.exit_code, refused.stderr) == (1, CURLY_WARNINGS)
    assert not (here / "strict").exists()


def test_curly_quotes_are_named_beside_the_error_they_cause(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    write_text(here, VALID.replace('"1.0"', '"1.0"\n  paper: “Letter”'), "paper.yaml")
    assert cli("check", "paper.yaml").stderr == (
        "paper.yaml:8:10: document.paper: '“Letter”' is not one of: A4, Letter — did you "
        "mean 'Letter'?\n"
        "paper.yaml:8:10: document.paper: “Letter” is wrapped in curly quotes, which YAML "
        'keeps as part of the text — replace them with straight quotes: "Letter" (or write '
        '"“Letter”" to print them)\n'
        "1 problem and 1 warning found.\n"
    )


def test_curly_quotes_inside_yaml_quotes_or_inside_a_text_are_meant(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    text = VALID.replace('"1.0"', '"“1.0”"').replace("Test Co", "The “Test” Co")
    write_text(here, text, "meant.yaml")
    checked = cli("check", "meant.yaml")
    assert (checked.exit_code, checked.stderr) == (0, "")


# Allowed values and next steps.


def test_a_single_allowed_value_is_named(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    write_text(here, VALID.replace("ethos: 1", 'ethos: "1"'), "text.yaml")
    assert cli("check", "text.yaml").stderr == (
        "text.yaml:1:8: ethos: must be the number 1, not the text '1' — write it without "
        "quotes: ethos: 1\n1 problem found.\n"
    )
    write_text(here, VALID.replace("ethos: 1", "ethos: 2"), "two.yaml")
    assert cli("check", "two.yaml").stderr == (
        "two.yaml:1:8: ethos: must be 1, not 2\n1 problem found.\n"
    )
    write_text(here, VALID.replace('"1.0"', '"1.0"\n  paper: A5'), "paper.yaml")
    assert cli("check", "paper.yaml").stderr == (
        "paper.yaml:8:10: document.paper: 'A5' is not one of: A4, Letter — did you mean "
        "'A4'?\n1 problem found.\n"
    )


def test_init_names_the_file_as_the_user_gave_it(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    (here / "values").mkdir()
    result = cli("init", "values/harbor-pine.yaml")
    assert result.output == (
        "wrote values/harbor-pine.yaml\n"
        "wrote values/values.schema.json\n"
        "Build it with: ethos build values/harbor-pine.yaml\n"
    )
    header = (here / "values" / "harbor-pine.yaml").read_text().splitlines()[3:5]
    assert header == [
        "# employee handbook. Build it with:   ethos build values/harbor-pine.yaml",
        "# Check it with:                       ethos check values/harbor-pine.yaml",
    ]
    spaced = cli("init", "values/my company.yaml")
    assert spaced.output.endswith("Build it with: ethos build 'values/my company.yaml'\n")
