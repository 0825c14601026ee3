"""A company's own wording for a built-in stance or value, in the values file (no templates)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pymupdf
import pytest

from ethos import build
from ethos.changes.positions import positions
from ethos.errors import InvalidInputError
from ethos.values.loading import check, load
from ethos.wording.catalog import fingerprint, load_catalog
from ethos.wording.theme import Theme

from helpers import values_data, write_text, write_values

RETURNS_LIMITED = "0f9b8ed37cf6"  # the fingerprint of returns/limited's English wording today

OVERRIDE = {
    "source": RETURNS_LIMITED,
    "label": {"en": "Thirty-day returns", "it": "Resi entro trenta giorni"},
    "text": {
        "en": "We refund **anything** brought back within thirty days.",
        "it": "Rimborsiamo **tutto** ciò che viene riportato entro trenta giorni.",
    },
    "conduct": [
        {"en": "Smile at every returning customer.", "it": "Sorridi a ogni cliente che torna."}
    ],
}


def _data(override: dict[str, Any] | None = OVERRIDE) -> dict[str, Any]:
    returns: dict[str, Any] = {"stance": "limited", "window_days": 30}
    if override is not None:
        returns["wording"] = override
    document = {"version": "1.0", "effective_date": "2026-02-01", "translations": ["it"]}
    return values_data(document=document, policies={"returns": returns})


def test_an_override_replaces_the_stance_wording_in_every_format_and_language(
    tmp_path: Path,
) -> None:
    path = write_values(tmp_path, _data())
    result = build(path, formats=["md", "html", "pdf", "docx"], out_dir=tmp_path / "out")
    assert result.warnings == []
    built = {output.name: output for output in result.outputs}
    for language, words in (("en", "within thirty days"), ("it", "entro trenta giorni")):
        markdown = built[f"ethics-code.{language}.md"].read_text(encoding="utf-8")
        html = built[f"ethics-code.{language}.html"].read_text(encoding="utf-8")
        pdf = " ".join(
            page.get_text() for page in pymupdf.open(built[f"ethics-code.{language}.pdf"])
        )
        word = "\n".join(
            p.text for p in docx.Document(str(built[f"ethics-code.{language}.docx"])).paragraphs
        )
        for text in (markdown, html, " ".join(pdf.split()), word):
            assert words in text
        assert "within 30 days of purchase" not in markdown
    english = built["ethics-code.en.md"].read_text(encoding="utf-8")
    assert "**Our stance:** Thirty-day returns" in english
    assert "We refund **anything** brought back within thirty days." in english
    assert "Smile at every returning customer." in english
    assert "Explain the 30-day return period" not in english
    assert "<strong>anything</strong>" in built["ethics-code.en.html"].read_text(encoding="utf-8")


def test_override_text_is_company_text_not_a_template(tmp_path: Path) -> None:
    override = {**OVERRIDE, "text": "{{ p.window_days }} days {% if 1 %}<b>x</b>{% endif %}"}
    data = _data(override)
    data["document"].pop("translations")
    path = write_values(tmp_path, data)
    result = build(path, formats=["md", "html"], out_dir=tmp_path / "out")
    markdown = next(o for o in result.outputs if o.suffix == ".md").read_text(encoding="utf-8")
    html = next(o for o in result.outputs if o.suffix == ".html").read_text(encoding="utf-8")
    assert "30 days" not in markdown
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert "{{ p.window_days }}" in html


STALE = """\
ethos: 1
company: {name: Test Co, ethics_contact: {email: ethics@test.example}}
document: {version: "1.0", effective_date: "2026-02-01"}
values:
  - id: honesty
    source: 0000000000bb
    statement: We never lie.
  - id: courtesy
    statement: We are kind.
policies:
  returns:
    stance: limited
    window_days: 30
    wording:
      text: We refund anything within thirty days.
  customer_contact:
    stance: human_first
    wording:
      source: 0000000000aa
      label: People first
"""


def test_stale_and_missing_sources_are_warnings_at_their_lines(tmp_path: Path) -> None:
    path = write_text(tmp_path, STALE)
    with Theme().active():
        english = load_catalog("en")
        honesty = fingerprint(english.values["honesty"])
        contact = fingerprint(english.policies["customer_contact"].stances["human_first"])
        assert fingerprint(english.policies["returns"].stances["limited"]) == RETURNS_LIMITED
    warnings = [str(problem) for problem in check([path]).warnings]
    assert warnings == [
        f"{path}:6:13: values[0].source: possibly stale: the built-in wording of value honesty "
        "changed since you wrote this override; compare it with `ethos catalog --value "
        f"honesty` and update `source: {honesty}`",
        f"{path}:14:5: policies.returns.wording: the override of the built-in wording of "
        f"returns/limited records no `source` — add `source: {RETURNS_LIMITED}` (the built-in "
        "wording it replaces, as `ethos catalog --policy returns` shows it), so that check "
        "can tell you when that wording changes",
        f"{path}:19:15: policies.customer_contact.wording.source: possibly stale: the built-in "
        "wording of customer_contact/human_first changed since you wrote this override; "
        f"compare it with `ethos catalog --policy customer_contact` and update `source: {contact}`",
    ]


def test_strict_makes_a_stale_override_an_error(tmp_path: Path) -> None:
    path = write_text(tmp_path, STALE)
    with pytest.raises(InvalidInputError) as raised:
        check([path], strict=True)
    assert any("possibly stale" in str(problem) for problem in raised.value.problems)
    with pytest.raises(InvalidInputError):
        build(path, formats=["md"], out_dir=tmp_path / "out", strict=True)


def test_build_warns_about_a_stale_override(tmp_path: Path) -> None:
    path = write_text(tmp_path, STALE)
    result = build(path, formats=["md"], out_dir=tmp_path / "out")
    assert [problem.path for problem in result.warnings] == [
        "values[0].source",
        "policies.returns.wording",
        "policies.customer_contact.wording.source",
    ]


def test_a_current_source_gives_no_warning(tmp_path: Path) -> None:
    assert check([write_values(tmp_path, _data())]).warnings == []


def test_a_language_missing_from_an_override_is_reported_like_other_free_text(
    tmp_path: Path,
) -> None:
    override = {**OVERRIDE, "conduct": [{"en": "Smile at every returning customer."}]}
    path = write_values(tmp_path, _data(override))
    with pytest.raises(InvalidInputError) as raised:
        check([path], strict=True)
    assert [problem.path for problem in raised.value.problems] == [
        "policies.returns.wording.conduct[0]"
    ]
    assert "it" in raised.value.problems[0].message
    # Without --strict, the Italian chapter prints the English rule, and check says so.
    [warning] = [w for w in check([path]).warnings if "marked as English" in w.message]
    assert warning.path == "policies.returns.wording.conduct[0]"


def test_catalog_prints_the_wording_to_start_from(cli: Any) -> None:
    result = cli("catalog", "--policy", "returns")
    assert result.exit_code == 0
    assert f"source: {RETURNS_LIMITED}" in result.stdout
    assert "label: Limited returns" in result.stdout
    value = cli("catalog", "--value", "honesty", "--lang", "it")
    assert value.exit_code == 0 and "title: Onestà" in value.stdout
    assert cli("catalog", "--policy", "nope").exit_code == 2


def test_diff_shows_a_changed_override_as_changed_wording(tmp_path: Path, cli: Any) -> None:
    before = _data()
    before["document"].pop("translations")
    after = _data({**OVERRIDE, "text": "We refund anything within sixty days."})
    after["document"].pop("translations")
    old = write_values(tmp_path, before, "old.yaml")
    new = write_values(tmp_path, after, "new.yaml")
    result = cli("diff", old, new)
    assert "Returns: reworded" in result.stdout, result.stdout


def test_explain_and_compare_show_the_overridden_label(tmp_path: Path) -> None:
    data = _data()
    data["document"].pop("translations")
    with Theme().active():
        stated = positions(load(write_values(tmp_path, data))).policies["returns"]
    assert stated.cell() == "Thirty-day returns: 30 days"
