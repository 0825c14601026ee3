"""Right-to-left chapters laid out by the Unicode bidi algorithm, as a viewer lays them out.

python-bidi (the Rust unicode-bidi crate, UAX #9 with isolates) turns each paragraph and
list item of every Urdu chapter into the order it is displayed in. Every run of Latin text
in it (a law's number, a company or product name, an address, a telephone number) must
show in its own order, and every paragraph must open with Urdu, so a viewer that guesses a
paragraph's direction from its first letter (GitHub's ``dir="auto"``, a plain-text
editor, one that ignores isolates) still sets it right to left.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from bidi import get_display

from ethos import build
from ethos.wording.localization import isolate_left_to_right_runs

from conftest import EXAMPLES

BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
# A run of Latin text as a reader sees it: from a letter or digit to a letter, digit, closing
# bracket or an abbreviation's full stop, through spaces and the punctuation inside names.
LATIN_RUN = re.compile(r"[A-Za-z0-9+][A-Za-z0-9 ./&()@'’+:_-]*[A-Za-z0-9)]\.?|[A-Za-z]")


@pytest.fixture(scope="module")
def urdu_chapters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("bidi")
    chapters = {}
    for example in EXAMPLES:
        result = build(example, languages=["ur"], formats=["md"], out_dir=out)
        chapters[example.stem] = result.outputs[0].read_text(encoding="utf-8")
    return chapters


def _lines(markdown: str) -> list[str]:
    """Each paragraph, list item, heading and table cell as text, Markdown taken off."""
    lines = []
    for raw in markdown.splitlines():
        line = re.sub(r"^\s*(?:#+ |- |\d+\\?\. |\|)", "", raw)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # a link: its text
        line = re.sub(r"<[^>]+>|\*\*|\*|\\(?=[^\w\s])", "", line)
        for cell in line.split("|"):
            if cell.strip() and cell.strip("-: "):
                lines.append(cell.strip())
    return lines


def _visible(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


@pytest.mark.parametrize("example", [path.stem for path in EXAMPLES])
def test_every_latin_run_shows_in_its_own_order(
    urdu_chapters: dict[str, str], example: str
) -> None:
    runs = 0
    for line in _lines(urdu_chapters[example]):
        shown = _visible(get_display(line, base_dir="R"))
        for found in LATIN_RUN.findall(_visible(line)):
            run = found.strip()
            assert run in shown, f"{run!r} shows as {shown!r}"
            runs += 1
    assert runs > 20  # names, addresses, numbers: the check has something to check


@pytest.mark.parametrize("example", [path.stem for path in EXAMPLES])
def test_every_paragraph_opens_in_urdu(urdu_chapters: dict[str, str], example: str) -> None:
    """The first strong character, isolates or not, is right to left (a table's Latin
    cell, a link's address or a number alone have none to open with and are skipped)."""
    for line in _lines(urdu_chapters[example]):
        strong = [
            unicodedata.bidirectional(c)
            for c in line
            if unicodedata.bidirectional(c) in ("L", "R", "AL")
        ]
        if "R" in strong or "AL" in strong:
            assert strong[0] in ("R", "AL"), line


@pytest.mark.parametrize(
    ("logical", "shown"),
    [
        # The review's example: the directive's number turned around.
        ("یورپی یونین کا ڈائریکٹیو 2011/83/EU", "2011/83/EU"),
        ("یہ Halden Home (Pvt.) Ltd. کا ضابطہ ہے", "Halden Home (Pvt.) Ltd."),
        ("فون +92 42 111 000 پر", "+92 42 111 000"),
        ("کنزیومر رائٹس ایکٹ (Consumer Rights Act 2015)", "(Consumer Rights Act 2015)"),
    ],
)
def test_company_text_keeps_its_latin_runs_in_order(logical: str, shown: str) -> None:
    assert shown not in _visible(get_display(logical, base_dir="R"))  # the bug, reproduced
    isolated = isolate_left_to_right_runs(logical)
    assert shown in _visible(get_display(isolated, base_dir="R"))
    assert _visible(isolated) == logical  # nothing but the isolates added


def test_a_link_target_and_a_lone_number_are_left_as_written() -> None:
    for text in ("[قانون](https://example.pk) دیکھیں", "30 دن کے اندر"):
        assert isolate_left_to_right_runs(text) == text
