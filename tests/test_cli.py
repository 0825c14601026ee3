"""End to end through the ``ethos`` command, against real files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from ethos import load
from ethos.cli.app import app

from conftest import EXAMPLES
from helpers import values_data, write_text, write_values
from test_validate import THREE_MISTAKES

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands() -> None:
    assert COMMANDS == [
        "acknowledge", "build", "catalog", "check", "compare", "diff", "edit", "explain",
        "extract", "init", "notice", "schema", "serve", "translate",
    ]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Example: ethos " + command in result.output


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    from ethos import __version__

    assert cli("--version").output == f"ethos {__version__}\n"
    module = subprocess.run(
        [sys.executable, "-m", "ethos", "--version"], capture_output=True, text=True, check=True
    )
    assert module.stdout == f"ethos {__version__}\n"


def test_check_valid_files(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", *EXAMPLES)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert f"{EXAMPLES[0]}: ok (Acme Outfitters)" in lines
    assert f"{EXAMPLES[1]}: ok (Brightline Electronics)" in lines
    # Brightline is the lean example: courtesy declared, automated-first contact.
    assert any("[courtesy-automated-contact]" in line for line in lines)
    assert "1 warning found." in lines


def test_check_reports_every_problem_with_exit_1(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = write_text(tmp_path, THREE_MISTAKES)
    result = cli("check", EXAMPLES[0], bad)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:3]] == [
        "document.version",
        "values[1]",
        "policies.returns.stance",
    ]
    assert all(line.startswith(f"{bad}:") for line in lines[:3])
    assert lines[3] == "3 problems found."


def test_check_missing_file_exits_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope.yaml'}: no such file\n"


def test_usage_errors_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("build", EXAMPLES[0], "--format", "odt").exit_code == 2
    assert cli("frobnicate").exit_code == 2
    result = cli("build", EXAMPLES[0], "--lang", "it,fr")
    assert result.exit_code == 2
    assert "choose from en, en-GB, en-US, it, tl, ur, zh or all" in result.output
    assert cli("check").exit_code == 2  # neither files nor --lang


def test_build_writes_each_format_under_the_company_slug(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("build", EXAMPLES[1], "--format", "md,html", "--out", tmp_path, "--lang", "en")
    assert result.exit_code == 0, result.output
    expected = [
        tmp_path.resolve() / "brightline-electronics" / f"ethics-code.en.{fmt}"
        for fmt in ("md", "html")
    ]
    assert result.stdout.splitlines() == [f"wrote {path}" for path in expected]
    assert all(path.is_file() for path in expected)


@pytest.mark.parametrize(
    ("option", "languages"),
    [([], ["en", "it", "tl", "ur", "zh"]), (["--lang", "ur,it"], ["ur", "it"]),
     (["-l", "all"], ["en", "it", "tl", "ur", "zh"])],
    ids=["file-languages", "chosen", "all"],
)  # fmt: skip
def test_build_writes_one_chapter_per_language(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, option: list[str], languages: list[str]
) -> None:
    result = cli("build", EXAMPLES[0], "--format", "md", "--out", tmp_path, *option)
    assert result.exit_code == 0, result.output
    written = [Path(line.removeprefix("wrote ")).name for line in result.stdout.splitlines()]
    assert written == [f"ethics-code.{language}.md" for language in languages]


def test_check_lang_without_files_checks_the_translations(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", "--lang", "all")
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_build_of_an_invalid_file_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = write_text(tmp_path, THREE_MISTAKES)
    result = cli("build", bad, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_init_writes_a_valid_commented_starter_and_schema(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "values" / "new.yaml"
    target.parent.mkdir()
    result = cli("init", target)
    assert result.exit_code == 0
    text = target.read_text()
    assert text.startswith("# yaml-language-server: $schema=./values.schema.json\n")
    assert f"ethos build {target}" in text  # the path as given: ethos init names it so
    assert load(target).company.name == "Example Company"
    assert (
        json.loads((target.parent / "values.schema.json").read_text())["title"]
        == "ethos values file"
    )
    again = cli("init", target)
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert cli("init", target, "--force").exit_code == 0


def test_schema_is_the_json_schema_of_the_values_file(cli) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(cli("schema").output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # What a file needs of its own, unless it extends a group that may give it.
    [inherited, *_] = schema["allOf"]
    assert inherited["if"] == {"required": ["extends"]}
    assert inherited["then"] == {"required": ["ethos"]}
    assert inherited["else"]["required"] == ["ethos", "company", "document", "values"]
    assert inherited["else"]["properties"]["company"]["required"] == ["name", "ethics_contact"]
    returns = schema["$defs"]["Returns"]
    assert returns["additionalProperties"] is False
    assert schema["$defs"]["ReturnsStance"]["enum"] == [
        "unconditional",
        "limited",
        "exchange_only",
        "store_credit",
        "final_sale",
    ]
    assert "Days after purchase" in returns["properties"]["window_days"]["description"]


def test_catalog_lists_values_and_stances(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("catalog")
    assert result.exit_code == 0
    for expected in (
        "realistic_expectations",
        "Realistic expectations",
        "customer_contact:",
        "automated_first",
        "Automated first",
    ):
        assert expected in result.output


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["check", str(EXAMPLES[0])],
        ["build", str(EXAMPLES[0]), "--format", "md,html", "--out", "{out}"],
    ],
    ids=["help", "check", "md-html-build"],
)
def test_light_paths_never_import_weasyprint(arguments: list[str], tmp_path: Path) -> None:
    code = (
        "import sys\nfrom ethos.cli.app import app\n"
        f"try:\n    app({[argument.replace('{out}', str(tmp_path)) for argument in arguments]!r})\n"
        "except SystemExit as done:\n    assert done.code in (0, None), done.code\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_committed_schema_is_in_sync(cli) -> None:  # type: ignore[no-untyped-def]
    committed = (Path(__file__).parents[1] / "schema" / "values.schema.json").read_text()
    assert cli("schema").output == committed, "run: ethos schema > schema/values.schema.json"


def test_missing_template_directory_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("build", EXAMPLES[0], "--templates", tmp_path / "absent", "--out", tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: {tmp_path / 'absent'}: no such template directory (--templates)\n"
    )


def test_parallel_build_fails_only_the_bad_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = [write_values(tmp_path, values_data(company={"name": f"Co {i}",
            "ethics_contact": {"email": "e@x.io"}}), f"co{i}.yaml") for i in range(3)]  # fmt: skip
    bad = write_text(tmp_path, "ethos: 1\ncompany: x\n", "bad.yaml")
    result = cli(
        "build", *good, bad, "--format", "md,html", "--jobs", "2", "--out", tmp_path / "out"
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"failed: {bad}" in lines
    assert re.fullmatch(r"3 built, 0 up to date, 1 failed in \d+\.\d s", lines[-1])
    for index in range(3):
        assert (tmp_path / "out" / f"co-{index}" / "ethics-code.en.html").is_file()
    again = cli("build", *good, "--format", "md,html", "--jobs", "2", "--out", tmp_path / "out")
    assert again.exit_code == 0
    assert re.fullmatch(
        r"0 built, 3 up to date, 0 failed in \d+\.\d s", again.output.splitlines()[-1]
    )


def test_public_names_stay_functions_after_every_submodule_is_imported() -> None:
    import importlib
    import pkgutil

    import ethos

    for module in pkgutil.walk_packages(ethos.__path__, "ethos."):
        if module.name != "ethos.__main__":  # runs the CLI
            importlib.import_module(module.name)
    assert callable(ethos.build) and callable(ethos.compose) and callable(ethos.load)
