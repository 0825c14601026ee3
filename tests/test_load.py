"""Load stage: YAML 1.2 scalars, positions, and refusal of what YAML should not do."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethos.errors import InvalidInputError, UnreadableInputError
from ethos.values.load import load_values_file, load_values_text
from ethos.values.yaml_nodes import Position

from helpers import write_text


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidInputError) as caught:
        load_values_text(text, "v.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_yaml_1_1_surprises_stay_text() -> None:
    document = load_values_text(
        "a: no\nb: on\nc: 12:30\nd: 0755\ne: 1.10\nf: true\ng: ~\nh: 2026-03-01\n", "v.yaml"
    )
    assert document.data == {
        "a": "no",
        "b": "on",
        "c": "12:30",
        "d": 755,
        "e": 1.1,
        "f": True,
        "g": None,
        "h": "2026-03-01",
    }


def test_positions_of_values_and_keys() -> None:
    document = load_values_text(
        "company:\n  name: Acme\nvalues:\n  - courtesy\n  - honesty\n", "v.yaml"
    )
    assert document.values[("company", "name")] == Position(2, 9)
    assert document.keys[("company", "name")] == Position(2, 3)
    assert document.values[("values", 1)] == Position(5, 5)


def test_duplicate_keys_at_any_depth_are_errors() -> None:
    assert problems("company:\n  name: A\n  name: B\nethos: 1\nethos: 1\n") == [
        "v.yaml:3:3: company.name: duplicate key (first set on line 2) — keep only one",
        "v.yaml:5:1: ethos: duplicate key (first set on line 4) — keep only one",
    ]


def test_tags_are_refused() -> None:
    assert problems("a: !!python/object:os.system x\nb: !custom 1\nc: !!str no\n") == [
        "v.yaml:1:4: a: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed — remove the tag",
        "v.yaml:2:4: b: YAML tag '!custom' is not allowed — remove the tag",
    ]


def test_syntax_error_is_located() -> None:
    assert problems("company:\n  name: [unclosed\n") == [
        "v.yaml:2:9: YAML syntax error: the [ opened here is never closed — add the closing ]"
    ]
    assert problems("company:\n  name: x\n   y: z\n") == [
        "v.yaml:3:5: YAML syntax error: mapping values are not allowed here — check this line "
        "and the one above: indentation, a missing `:` or an unclosed quote or bracket"
    ]


def test_empty_and_non_mapping_documents() -> None:
    assert problems("") == ["v.yaml:1:1: file is empty — run `ethos init` for a starter file"]
    assert problems("- a\n- b\n") == [
        "v.yaml:1:1: the file must be a mapping of keys such as `company:` and `values:` — see `ethos init`"
    ]


def test_alias_expansion_is_bounded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    found = problems(bomb)
    assert len(found) == 1
    assert "expands to over 50,000 values through its anchors and aliases" in found[0]


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"ethos: 1\n\0\0")
    latin = tmp_path / "l.yaml"
    latin.write_bytes("company:\n  name: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidInputError) as caught:
        load_values_file(binary)
    assert str(caught.value) == f"{binary}:1:1: binary file — a values file is UTF-8 YAML text"
    with pytest.raises(InvalidInputError) as caught:
        load_values_file(latin)
    assert str(caught.value) == f"{latin}:2:12: not valid UTF-8 — save the file with UTF-8 encoding"


def test_missing_file_and_directory_are_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError, match="no such file"):
        load_values_file(tmp_path / "absent.yaml")
    with pytest.raises(UnreadableInputError, match="not a file"):
        load_values_file(tmp_path)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = write_text(tmp_path, "a: " + "x" * (1024 * 1024) + "\n")
    with pytest.raises(InvalidInputError, match="over the 1,048,576-byte limit"):
        load_values_file(path)
