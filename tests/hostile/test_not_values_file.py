"""Issue 13, class 9: a file that is not a values file is reported without its content.

`extends: /etc/shadow` printed every line of the foreign file to stderr as "unknown key"
problems (and so into CI logs). Now a file that is not a values file, whether named on
the command line or reached through `extends:`, is one problem that names the file and
says so, never quoting its keys or values.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ethos.cli.app import app

from helpers import write_text, write_tree

SECRET = "s3cr3t-Hash-1f9c"
SHADOW = f"root:$6${SECRET}$x:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
VALUES = """ethos: 1
extends: {group}
company:
  name: Shop
  ethics_contact: {{email: ethics@shop.example}}
document:
  version: "1.0"
  effective_date: 2026-02-01
values: [honesty]
"""
NOT_A_GROUP = "give the path of a group file"


def _check(*paths: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_the_issue_case_extends_a_shadow_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_text(tmp_path, SHADOW, "shadow")
    shop = write_text(tmp_path, VALUES.format(group="shadow"), "shop.yaml")
    code, output = _check(shop)
    assert (code, output) == (
        1,
        "shop.yaml:2:10: extends: shadow is not a values file (2 of its 2 top-level keys "
        f"are not keys of a values file, so none is shown) — {NOT_A_GROUP}\n"
        "1 problem found.\n",
    )


def test_the_issue_case_with_the_real_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shadow = Path("/etc/shadow")
    if not shadow.is_file():
        pytest.skip("no /etc/shadow here")
    monkeypatch.chdir(tmp_path)
    shop = write_text(tmp_path, VALUES.format(group="/etc/shadow"), "shop.yaml")
    code, output = _check(shop)
    assert code == 1
    assert output.count("\n") == 2  # one problem and the count line, whatever the file holds
    assert output.startswith("shop.yaml:2:10: extends: /etc/shadow ")
    assert "root" not in output


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (SHADOW, "2 of its 2 top-level keys are not keys of a values file, so none is shown"),
        # An .env file, a private key and a script are one text: no mapping at all.
        (f"SECRET_KEY={SECRET}\n", "its top level is not a mapping of keys"),
        (f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}\n-----END OPENSSH PRIVATE KEY-----\n",
         "its top level is not a mapping of keys"),
        (f"- {SECRET}\n- two\n", "its top level is not a mapping of keys"),
        # YAML and JSON configuration: secrets under keys no values file has.
        (f"password: {SECRET}\napi_token: {SECRET}\nhost: db\nuser: admin\ncompany: x\n",
         "4 of its 5 top-level keys are not keys of a values file, so none is shown"),
        (f'{{"aws_secret_access_key": "{SECRET}", "region": "eu"}}\n',
         "2 of its 2 top-level keys are not keys of a values file, so none is shown"),
        (f"{SECRET}: 1\n", "1 of its 1 top-level keys are not keys of a values file, so none is shown"),
    ],
)  # fmt: skip
def test_a_group_that_is_not_a_values_file_is_named_never_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_text(tmp_path, text, "foreign.conf")
    shop = write_text(tmp_path, VALUES.format(group="foreign.conf"), "shop.yaml")
    code, output = _check(shop)
    assert (code, output) == (
        1,
        f"shop.yaml:2:10: extends: foreign.conf is not a values file ({reason}) — "
        f"{NOT_A_GROUP}\n1 problem found.\n",
    )
    assert SECRET not in output
    build = CliRunner().invoke(app, ["build", str(shop), "-f", "md", "-o", str(tmp_path / "out")])
    assert build.exit_code == 1
    assert SECRET not in build.output
    assert not (tmp_path / "out").exists()


def test_the_values_file_itself_when_it_is_not_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shadow = write_text(tmp_path, SHADOW, "shadow")
    code, output = _check(shadow)
    assert (code, output) == (
        1,
        "shadow:1:1: not a values file: 2 of its 2 top-level keys are not keys of a values "
        "file, so none is shown — check that this is the file you meant (`ethos init` writes "
        "a starter values file)\n1 problem found.\n",
    )


def test_a_group_further_up_the_chain_is_reported_where_it_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            "groups/retail.yaml": "ethos: 1\nextends: ../secrets/shadow\nvalues: [honesty]\n",
            "secrets/shadow": SHADOW,
        },
    )
    shop = write_text(tmp_path, VALUES.format(group="groups/retail.yaml"), "shop.yaml")
    code, output = _check(shop)
    assert (code, output) == (
        1,
        "groups/retail.yaml:2:10: extends: ../secrets/shadow is not a values file "
        f"(2 of its 2 top-level keys are not keys of a values file, so none is shown) — "
        f"{NOT_A_GROUP}\n1 problem found.\n",
    )


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        # Misspelt and misplaced keys still make a values file: they are shown, with the fix.
        ("ethos: 1\nvaules: [honesty]\n",
         "group.yaml:2:1: vaules: unknown key `vaules` — did you mean `values`?"),
        ("ethos: 1\nreturns: {stance: limited, window_days: 30}\nvalues: [honesty]\n",
         "group.yaml:2:1: returns: `returns` is a policy — move it under `policies:` and indent it"),
        # Half of the keys known is enough.
        ("values: [honesty]\nnotes: internal\n",
         "group.yaml:2:1: notes: unknown key `notes` — allowed here: ethos, company, document, "
         "values, policies, own_policies, sections, revisions, extends, templates"),
    ],
)  # fmt: skip
def test_a_values_file_with_mistakes_is_still_a_values_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_text(tmp_path, group, "group.yaml")
    shop = write_text(tmp_path, VALUES.format(group="group.yaml"), "shop.yaml")
    code, output = _check(shop)
    assert code == 1
    assert expected in output.splitlines()
