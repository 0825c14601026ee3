"""Template overrides whose wording a chapter language lacks: warned, naming template, line
and language; errors with --strict; silent when every string is translated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ethos import build
from ethos.errors import InvalidInputError
from ethos.values.loading import check
from ethos.wording.theme import builtin_templates_dir

from helpers import values_data, write_tree, write_values

BUILT_IN = (builtin_templates_dir() / "sections" / "introduction.md.j2").read_text(encoding="utf-8")
CHANGED = BUILT_IN.replace("To most customers,", "To nearly all of our customers,", 1)
FOREWORD = """\
{# a foreword, written once #}
## Foreword

A word from our founders.

{% include "!default/sections/introduction.md.j2" %}
"""


def _values(tmp_path: Path, template: str, translations: list[str]) -> Path:
    write_tree(tmp_path / "mine", {"sections/introduction.md.j2": template})
    document = {"version": "1.0", "effective_date": "2026-02-01", "translations": translations}
    return write_values(tmp_path, values_data(document=document, templates="mine"))


def _line_of(text: str, template: str) -> int:
    return next(number for number, line in enumerate(template.splitlines(), 1) if text in line)


def test_a_changed_sentence_without_translation_is_a_warning_per_language(
    tmp_path: Path,
) -> None:
    path = _values(tmp_path, CHANGED, ["it", "zh"])
    template = tmp_path / "mine" / "sections" / "introduction.md.j2"
    line = _line_of("To nearly all of our customers,", CHANGED)
    warnings = [str(problem) for problem in check([path]).warnings]
    quoted = '"To nearly all of our customers, the person who answers their…"'
    assert warnings == [
        f"{template}:{line}:1: {quoted} has no {name} translation, so the {code} chapter "
        "prints it in English — keep the built-in wording, or write this text in the values "
        "file (`sections:` replaces or adds a section), where each language has its own"
        for code, name in (("it", "Italian"), ("zh", "Chinese"))
    ]


def test_build_warns_and_strict_refuses(tmp_path: Path) -> None:
    path = _values(tmp_path, CHANGED, ["it"])
    result = build(path, formats=["md"], out_dir=tmp_path / "out")
    assert [(w.file, w.line) for w in result.warnings] == [
        (str(tmp_path / "mine" / "sections" / "introduction.md.j2"),
         _line_of("To nearly all of our customers,", CHANGED))
    ]  # fmt: skip
    assert "has no Italian translation" in result.warnings[0].message
    with pytest.raises(InvalidInputError) as raised:
        build(path, formats=["md"], out_dir=tmp_path / "strict", strict=True, force=True)
    assert "has no Italian translation" in str(raised.value)
    assert not (tmp_path / "strict").exists()
    with pytest.raises(InvalidInputError):
        check([path], strict=True)


def test_text_outside_trans_is_a_warning_when_the_chapter_has_several_languages(
    tmp_path: Path,
) -> None:
    path = _values(tmp_path, FOREWORD, ["it"])
    template = tmp_path / "mine" / "sections" / "introduction.md.j2"
    assert [str(problem) for problem in check([path]).warnings] == [
        f'{template}:2:1: "## Foreword" is not marked for translation, so the chapters in en, it '
        "all print it as written — write this text in the values file (`sections:` replaces "
        "or adds a section), where each language has its own",
        f'{template}:4:1: "A word from our founders." is not marked for translation, so the '
        "chapters in en, it all print it as written — write this text in the values file "
        "(`sections:` replaces or adds a section), where each language has its own",
    ]


def test_no_warning_when_every_chapter_language_has_the_wording(tmp_path: Path) -> None:
    cases = [(BUILT_IN, ["it", "tl", "ur", "zh"]), (CHANGED, []), (FOREWORD, [])]
    for number, (template, translations) in enumerate(cases):
        path = _values(tmp_path / str(number), template, translations)
        assert check([path]).warnings == [], number
        assert build(path, formats=["md"], out_dir=tmp_path / f"out{number}").warnings == []
    # The same change in a translated chapter: the one string the catalogs lack.
    path = _values(tmp_path / "translated", CHANGED, ["it", "tl", "ur", "zh"])
    assert len(check([path]).warnings) == 4


def test_the_cli_names_template_line_and_language(tmp_path: Path, cli: Any) -> None:
    path = _values(tmp_path, CHANGED, ["it"])
    result = cli("check", path)
    assert result.exit_code == 0
    line = _line_of("To nearly all of our customers,", CHANGED)
    assert f"introduction.md.j2:{line}:1:" in result.output
    assert "has no Italian translation" in result.output
    assert cli("check", "--strict", path).exit_code == 1


def test_a_template_pointing_out_of_its_directory_is_not_read(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "elsewhere", {"secret.md.j2": "{{ _('Outside words') }}"})
    path = _values(tmp_path, "{{ _('Inside words') }}", ["it"])
    (tmp_path / "mine" / "linked.md.j2").symlink_to(outside / "secret.md.j2")
    assert [problem.message[:15] for problem in check([path]).warnings] == ['"Inside words" ']
