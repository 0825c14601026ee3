"""English in one variety, chosen: ``en``/``en-GB`` (British, as ethos's wording is
written) and ``en-US`` (respelled by ``templates/spelling/en-US.yaml``, American dates and
list punctuation). The goldens of both are in ``tests/golden``; these tests check the
spelling of every word ethos writes, not only the words the table lists."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po

from ethos import build
from ethos.wording.localization import Locale
from ethos.wording.theme import Theme

from helpers import values_data, write_values

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TABLE: dict[str, str] = yaml.safe_load((TEMPLATES / "spelling" / "en-US.yaml").read_text())

# British endings, and the words that end so in American English too.
BRITISH = re.compile(
    r"\b\w+(?:our|ours|oured|ouring|ourable|ise|ised|ises|ising|isation|yse|ysed|tre|tres"
    r"|ogue|ogues|mme|mmes|ement|lled|lling)\b|\b(?:towards|whilst|amongst|learnt)\b",
    re.IGNORECASE,
)
ALSO_AMERICAN = {
    "our", "ours", "hour", "hours", "your", "yours", "four", "tour", "pour", "flour",
    "advertise", "advertised", "advertises", "advertising", "advertisement",
    "advertisements", "otherwise", "promise",
    "promised", "promises", "promising", "premise", "premises", "raise", "raised", "raises",
    "raising", "arise", "arises", "rise", "wise", "exercise", "expertise", "enterprise",
    "franchise", "merchandise", "compromise", "surprise", "supervise", "supervised",
    "revise", "revised", "devise", "comprise", "comprises", "concise", "precise", "noise",
    "praise", "disguise", "cruise", "likewise", "clockwise", "theatre",
    "statement", "agreement", "management", "replacement", "requirement", "settlement",
    "arrangement", "engagement", "improvement", "payment", "treatment", "involvement",
    "commitment", "employment", "development", "equipment", "department", "environment",
    "element", "announcement", "reimbursement", "enforcement", "encouragement",
    "endorsement", "assessment", "investment", "achievement", "measurement", "movement",
    "placement", "retirement", "disagreement", "judgement", "recalled", "billing",
    "telling", "calling", "selling", "filling", "willing", "falling", "spelling", "called",
    "filled", "killed", "skilled", "billed", "rolled", "controlled", "enrolled", "installed",
    "fulfilled", "compelled", "dispelled", "expelled", "programme",
}  # fmt: skip
AMERICAN = re.compile(r"\b\w+(?:ize|ized|izes|izing|ization|izations)\b", re.IGNORECASE)
ALSO_BRITISH = {"size", "sizes", "seize", "seized", "prize", "prizes", "capsize", "sized"}


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, list):
        return [text for item in data for text in _strings(item)]
    if isinstance(data, dict):
        return [text for key, item in data.items() if key != "source" for text in _strings(item)]
    return []


def _wording(language: str) -> str:
    """Every word ethos writes in ``language``: its catalog and its template strings,
    as the theme gives them (a variety respelled), without Jinja code."""
    theme = Theme()
    catalog = theme.catalog(language).model_dump(exclude={"language"})
    with (TEMPLATES / "locale" / "ethos.pot").open("rb") as stream:
        messages = [m.id for m in read_po(stream) if m.id]
    translations = theme.translations(language)
    strings = [
        *_strings(catalog),
        *(
            translations.gettext(m) if isinstance(m, str) else translations.ngettext(*m[:2], 2)
            for m in messages
        ),
    ]
    text = "\n".join(strings)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|%\(\w+\)[sd]", " ", text, flags=re.DOTALL)
    return re.sub(r"\b\w+_\w+\b", " ", text)  # identifiers: policy and parameter ids


def test_american_english_has_no_british_spelling_left() -> None:
    words = {w.lower() for w in BRITISH.findall(_wording("en-US"))}
    assert words - ALSO_AMERICAN - set(TABLE.values()) == set()
    assert words & set(TABLE) == set()


def test_british_english_is_british_throughout() -> None:
    """The wording is written in one variety: no American spelling in it (the review
    found "acknowledgment" among "behaviours" and "programme")."""
    wording = _wording("en")
    words = {w.lower() for w in AMERICAN.findall(wording)}
    assert words - ALSO_BRITISH == set()
    american = {w.lower() for w in re.findall(r"\b\w+\b", wording)} & set(TABLE.values())
    # "practice" is the noun in both; "catalog" names the command (`ethos catalog`).
    assert american - {"practice", "catalog"} == set()


def test_every_respelling_is_used_or_a_known_form() -> None:
    """The table respells words the wording has, and maps each to a different word."""
    assert all(british != american for british, american in TABLE.items())
    assert all(british == british.lower() for british in TABLE)
    used = {w.lower() for w in re.findall(r"\b\w+\b", _wording("en"))} & set(TABLE)
    assert len(used) >= 12, sorted(used)


@pytest.mark.parametrize(
    ("language", "day", "written"),
    [
        ("en", dt.date(2026, 3, 1), "1 March 2026"),
        ("en-GB", dt.date(2026, 3, 1), "1 March 2026"),
        ("en-US", dt.date(2026, 3, 1), "March 1, 2026"),
        ("it", dt.date(2026, 3, 1), "1º marzo 2026"),
        ("it", dt.date(2026, 3, 2), "2 marzo 2026"),
        ("ur", dt.date(2026, 3, 1), "یکم مارچ 2026"),
        ("ur", dt.date(2026, 3, 15), "15 مارچ 2026"),
        ("zh", dt.date(2026, 3, 1), "2026年3月1日"),
    ],
)
def test_dates_are_written_as_each_variety_writes_them(
    language: str, day: dt.date, written: str
) -> None:
    assert Locale(language).date(day) == written


@pytest.mark.parametrize(
    ("language", "joined"),
    [("en", "a, b and c"), ("en-GB", "a, b and c"), ("en-US", "a, b, and c")],
)
def test_lists_are_punctuated_as_each_variety_does(language: str, joined: str) -> None:
    assert Locale(language).join_list(["a", "b", "c"]) == joined


def test_the_company_text_is_never_respelled(tmp_path: Path) -> None:
    data = values_data(
        values=[
            "honesty",
            {"id": "honour", "title": "Honour", "statement": "We honour our word."},
        ]
    )
    path = write_values(tmp_path, data)
    build(path, languages=["en-GB", "en-US"], formats=["md", "html"], out_dir=tmp_path)
    us = (tmp_path / "test-co" / "ethics-code.en-US.md").read_text(encoding="utf-8")
    gb = (tmp_path / "test-co" / "ethics-code.en-GB.md").read_text(encoding="utf-8")
    assert "### Honour" in us and "We honour our word." in us
    assert "Admit it plainly when the company has made a mistake" in us
    assert "and apologize." in us and "and apologise." in gb
    html = (tmp_path / "test-co" / "ethics-code.en-US.html").read_text(encoding="utf-8")
    assert '<html lang="en-US"' in html


def test_en_and_en_gb_are_the_same_chapter(tmp_path: Path) -> None:
    path = write_values(tmp_path)
    build(path, languages=["en", "en-GB"], formats=["md"], out_dir=tmp_path)
    folder = tmp_path / "test-co"
    assert (folder / "ethics-code.en.md").read_text() == (
        folder / "ethics-code.en-GB.md"
    ).read_text()
