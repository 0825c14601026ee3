"""A company's own policies (``own_policies:``): check, build in every format and two
languages, compare, diff, explain, group files, batch builds and the per-file schema."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from ethos.values.load import load_values_text

HERE = Path(__file__).parent / "own_policies"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A copy of the fixtures, so outputs and edits stay out of the repository."""
    copy = tmp_path / "own"
    shutil.copytree(HERE, copy)
    return copy


def edited(files: Path, name: str, old: str, new: str, to: str) -> Path:
    """``name`` with ``old`` replaced by ``new``, written as ``to``."""
    text = (files / name).read_text(encoding="utf-8")
    assert old in text
    target = files / to
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


def problems(result: Any) -> list[str]:
    return result.output.splitlines()


def test_a_file_with_its_own_policy_checks(cli: Any, files: Path) -> None:
    result = cli("check", files / "gift.yaml")
    assert result.exit_code == 0, result.output
    assert "ok (Giftly)" in result.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A built-in id.
        ("  gift_cards:\n    title", "  returns:\n    title",
         "gift.yaml:14:3: own_policies.returns: `returns` is a built-in policy: state it under "
         "`policies:`, or give your own policy another id"),
        # A slot the stance does not declare.
        ("en: Our gift cards never expire.", 'en: "Our gift cards never expire in {months}."',
         "own_policies.gift_cards.stances.never_expire.text.en: `{months}` is not a slot of "
         "stance `never_expire`"),
        # An unknown slot.
        ("lasts {months} months", "lasts {weeks} months",
         "gift.yaml:31:18: own_policies.gift_cards.stances.expire.conduct[0].en: `{weeks}` is not "
         "a slot of stance `expire` — list `weeks` in its `slots` (and under `parameters:`), or "
         "remove it"),
        # A slot naming no parameter.
        ("slots: [months, exceptions]", "slots: [months, exceptions, days]",
         "gift.yaml:25:16: own_policies.gift_cards.stances.expire.slots: `days` is not a parameter"),
        # A definition error: an integer is not favourable `more`.
        ("favourable: larger", "favourable: more",
         "own_policies.gift_cards.parameters.months: a integer parameter is favourable one of"),
        # A scale of one stance.
        ("    stances:\n", "    stances: {only: {label: A, text: B}}\n    scale:\n",
         "gift.yaml:18:14: own_policies.gift_cards.stances: give at least two stances, the most "
         "favourable first"),
        # A stance the own policy does not have.
        ("{stance: expire, months: 1200", "{stance: sometimes, months: 1200",
         "policies.gift_cards.stance: 'sometimes' is not one of: never_expire, expire"),
        # A rule of the own policy.
        ("{stance: expire, months: 1200,", "{stance: expire,",
         "policies.gift_cards: gift cards that `expire` need `months`, e.g. months: 24"),
        # A wording override on an own policy, whose wording is its definition.
        ("{stance: expire, months: 1200,", "{stance: expire, wording: {text: Hi}, months: 1200,",
         "policies.gift_cards.wording: `gift_cards` is a policy of your own: change its wording "
         "where it is defined, under own_policies.gift_cards.stances"),
    ],
)  # fmt: skip
def test_check_reports_each_mistake_in_an_own_policy(
    cli: Any, files: Path, old: str, new: str, expected: str
) -> None:
    path = edited(files, "gift.yaml", old, new, "gift.yaml")
    result = cli("check", path)
    assert result.exit_code == 1
    assert any(expected in line for line in problems(result)), result.output


def test_an_own_policys_wording_missing_in_a_chapter_language(cli: Any, files: Path) -> None:
    path = edited(files, "gift.yaml", "it: Le carte regalo scadono}", "}", "gift.yaml")
    refused = cli("check", "--strict", path)
    assert refused.exit_code == 1
    expected = "gift.yaml:26:16: own_policies.gift_cards.stances.expire.label: has no Italian text"
    assert any(expected in line for line in problems(refused)), refused.output
    warned = cli("check", path)  # without --strict: a warning, the English label is printed
    assert warned.exit_code == 0, warned.output
    assert any(expected in line for line in problems(warned)), warned.output


def test_a_group_files_own_policy_is_inherited_not_redefined(cli: Any, files: Path) -> None:
    assert cli("check", files / "member.yaml").exit_code == 0
    redefining = edited(
        files,
        "member.yaml",
        "values: [honesty]\n",
        "values: [honesty]\nown_policies:\n  price_match: {title: P, meaning: M, favours: public,"
        " stances: {a: {label: A, text: A}, b: {label: B, text: B}}}\n",
        "member.yaml",
    )
    result = cli("check", redefining)
    assert result.exit_code == 1
    assert "own_policies.price_match: `price_match` is already defined by the group file" in (
        result.output
    )


def test_own_policies_are_built_in_every_format_and_language(cli: Any, files: Path) -> None:
    out = files / "out"
    result = cli("build", files / "gift.yaml", "--format", "md,html,pdf,docx", "--out", out)
    assert result.exit_code == 0, result.output
    built = out / "giftly"
    wording = {
        "en": ("Gift cards", "1,200 months", "other gift cards and services"),
        "it": ("Carte regalo", "1.200 mesi", "altre carte regalo e servizi"),
    }
    for language, (title, months, exceptions) in wording.items():
        markdown = (built / f"ethics-code.{language}.md").read_text(encoding="utf-8")
        assert f"### {title}" in markdown
        assert f"**{months}**" in markdown and exceptions in markdown
        # After the built-in policies, and in the contents.
        assert markdown.index(f"### {title}") > markdown.index("### ") + 1
        assert f"[{title}](#" in markdown
        page = (built / f"ethics-code.{language}.html").read_text(encoding="utf-8")
        assert f"<strong>{months}</strong>" in page and f">{title}</h3>" in page
        text = subprocess.run(
            ["pdftotext", str(built / f"ethics-code.{language}.pdf"), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert months in text and title in text
        outline = PdfReader(built / f"ethics-code.{language}.pdf").outline
        assert title in json.dumps(_titles(outline), ensure_ascii=False)
        word = docx.Document(str(built / f"ethics-code.{language}.docx"))
        paragraphs = [paragraph.text for paragraph in word.paragraphs]
        assert title in paragraphs
        assert any(months in paragraph and exceptions in paragraph for paragraph in paragraphs)


def _titles(outline: Any) -> list[Any]:
    return [_titles(item) if isinstance(item, list) else item.title for item in outline]


def test_a_batch_build_with_jobs_builds_own_policies(cli: Any, files: Path) -> None:
    out = files / "out"
    result = cli(
        "build", files / "gift.yaml", files / "member.yaml", "--jobs", "2", "--format", "md",
        "--out", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "### Gift cards" in (out / "giftly" / "ethics-code.en.md").read_text(encoding="utf-8")
    member = (out / "member-shop" / "ethics-code.it.md").read_text(encoding="utf-8")
    assert "### Allineamento dei prezzi" in member


def test_diff_and_explain_read_own_policies(
    cli: Any, files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    newer = edited(
        files,
        "gift.yaml",
        "{stance: expire, months: 1200,",
        "{stance: expire, months: 24,",
        "2.yaml",
    )
    result = cli("diff", files / "gift.yaml", newer)
    assert result.exit_code == 0, result.output
    assert "Gift cards · Validity: 1200 months → 24 months" in result.output
    result = cli("diff", files / "gift.yaml", newer, "--lang", "it")
    assert "Carte regalo · Validità: 1200" in result.output, result.output
    never = edited(files, "gift.yaml", "{stance: expire,", "{stance: never_expire, x:", "3.yaml")
    never.write_text(
        never.read_text(encoding="utf-8").replace(
            "gift_cards: {stance: never_expire, x: months: 1200, exceptions: [{en: other gift "
            "cards, it: altre carte regalo}, {en: services, it: servizi}],",
            "gift_cards: {stance: never_expire,",
        ),
        encoding="utf-8",
    )
    result = cli("diff", files / "gift.yaml", never, "--lang", "it")
    assert result.exit_code == 0, result.output
    assert "Carte regalo: Le carte regalo scadono → Le carte regalo non scadono mai" in (
        result.output
    )
    assert "più favorevole ai clienti" in result.output
    result = cli("explain", files / "member.yaml")
    assert result.exit_code == 0, result.output
    assert "We match lower prices" in result.output and "inherited" in result.output


def test_compare_tells_one_own_policy_from_another_with_the_same_id(cli: Any, files: Path) -> None:
    other = edited(files, "gift.yaml", "name: Giftly", "name: Other", "other.yaml")
    result = cli("compare", files / "gift.yaml", other, "--out", files / "same")
    assert result.exit_code == 0, result.output
    assert "Gift cards" in result.output
    # Another scale (the stances in another order): another policy, not a ranking.
    reordered = edited(
        files, "other.yaml", "      never_expire:\n", "      always_valid:\n", "reordered.yaml"
    )
    result = cli("compare", files / "gift.yaml", reordered, "--out", files / "diff")
    assert result.exit_code == 0, result.output
    assert "Gift cards (Giftly)" in result.output and "Gift cards (Other)" in result.output
    # Between two versions: the old policy removed, the new one added.
    result = cli("diff", files / "gift.yaml", reordered)
    assert "Gift cards: removed (was Gift cards expire" in result.output
    assert "Gift cards: added (Gift cards expire" in result.output


def test_the_schema_of_a_file_offers_its_own_stances(cli: Any, files: Path) -> None:
    result = cli("schema", files / "gift.yaml")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    path = files / "gift.yaml"
    data = load_values_text(path.read_text(encoding="utf-8"), path.name).data
    assert validator.is_valid(data)
    data["policies"]["gift_cards"]["stance"] = "sometimes"
    assert not validator.is_valid(data)
    stances = schema["$defs"]["OwnGiftCardsStance"]["enum"]
    assert stances == ["never_expire", "expire"]


def test_the_general_schema_takes_own_policies(cli: Any, files: Path) -> None:
    schema = json.loads(cli("schema").output)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    path = files / "gift.yaml"
    assert validator.is_valid(load_values_text(path.read_text(encoding="utf-8"), path.name).data)


def test_the_catalog_of_a_file_lists_its_own_policies(
    cli: Any, files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    path = edited(
        files,
        "gift.yaml",
        "title: {en: Gift cards,",
        "title: {en: '[red]Gift[/red] cards',",
        "m.yaml",
    )
    result = cli("catalog", path, "--lang", "it")
    assert result.exit_code == 0, result.output
    listing = result.output
    assert "gift_cards:" in listing and "Carte regalo" in listing
    assert listing.index("never_expire") < listing.index("  expire")
    english = cli("catalog", path).output
    assert "[red]Gift[/red] cards" in english  # the company's words, not console markup
    assert "gift_cards" not in cli("catalog").output
