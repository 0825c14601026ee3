"""Issue 20: the languages of a file, and the files of a batch, built in parallel.

A build with ``jobs`` above 1 renders one language of one file per worker process; what
it writes must be, byte for byte, what a build in one process writes, and a language
that fails must fail its file alone, by name. How much faster it is, bench/bench.py
measures; nothing here is timed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from ethos import BuildOptions, build
from ethos.errors import RenderError
from ethos.publish.batch import build_many
from ethos.publish.language import render_language
from ethos.render.fonts import FontCoverageError

from conftest import REPOSITORY
from helpers import values_data, write_values

EXAMPLES = [REPOSITORY / "values" / name for name in ("acme-outfitters.yaml",
                                                       "brightline-electronics.yaml")]  # fmt: skip
LANGUAGES = ("en", "ur", "zh")  # left to right, right to left, and Chinese
EVERY_FORMAT = ("md", "html", "pdf", "docx")
SUMMARY = re.compile(r"(\d+) built, (\d+) up to date, (\d+) failed in [\d.]+ s")


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative path, with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def options(out: Path, jobs: int) -> BuildOptions:
    return BuildOptions(languages=LANGUAGES, formats=EVERY_FORMAT, out_dir=out, jobs=jobs)


@pytest.fixture(scope="module")
def in_sequence(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Both examples in three languages and every format, built in one process."""
    out = tmp_path_factory.mktemp("sequence")
    outcomes = list(build_many(EXAMPLES, options(out, jobs=1)))
    assert [outcome.status for outcome in outcomes] == ["built", "built"]
    return files(out)


def test_a_file_built_in_parallel_is_byte_for_byte_the_file_built_in_sequence(
    in_sequence: dict[str, bytes], tmp_path: Path
) -> None:
    result = build(EXAMPLES[0], options(tmp_path, jobs=2))
    assert len(result.outputs) == len(LANGUAGES) * len(EVERY_FORMAT)
    expected = {name: data for name, data in in_sequence.items()
                if name.startswith("acme-outfitters/")}  # fmt: skip
    written = files(tmp_path)
    assert sorted(written) == sorted(expected)
    for name, data in expected.items():
        assert written[name] == data, f"{name} differs from the sequential build's"


def test_a_batch_built_in_parallel_is_byte_for_byte_the_batch_built_in_sequence(
    in_sequence: dict[str, bytes], tmp_path: Path
) -> None:
    """The batch's workers share out the languages of both files; this process writes."""
    outcomes = list(build_many(EXAMPLES, options(tmp_path, jobs=2)))
    assert [outcome.status for outcome in outcomes] == ["built", "built"]
    written = files(tmp_path)
    assert sorted(written) == sorted(in_sequence)
    for name, data in in_sequence.items():
        assert written[name] == data, f"{name} differs from the sequential build's"
    # The readability figures, which each worker measures, come back for every language.
    for outcome in outcomes:
        assert outcome.result is not None
        assert list(outcome.result.readability) == list(LANGUAGES)


def undrawable_in_italian() -> dict[str, Any]:
    """A values file whose Italian text (only) has a character no font of it draws."""
    data = values_data(
        company={
            "name": "Flamingo Co",
            "industry": {"en": "bicycle repair", "it": "riparazione di biciclette 🦩"},
            "ethics_contact": {"email": "ethics@flamingo.example"},
        }
    )
    data["document"]["translations"] = ["it", "zh"]
    return data


ITALIAN_FAILURE = (
    "the Italian (it) chapter has 1 distinct character that none of its fonts (Noto Serif, "
    "DejaVu Serif, Noto Sans, DejaVu Sans) can draw: 🦩 (U+1F9A9) — "
)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_language_that_fails_fails_its_file_as_in_sequence(tmp_path: Path, jobs: int) -> None:
    """In parallel as in one process: the same error, and nothing of the file written."""
    path = write_values(tmp_path, undrawable_in_italian())
    out = tmp_path / "out"
    with pytest.raises(FontCoverageError) as caught:
        build(path, formats=["md", "pdf"], out_dir=out, jobs=jobs)
    assert str(caught.value).startswith(ITALIAN_FAILURE)
    assert caught.value.language == "Italian (it)"
    assert not out.exists()


def test_a_language_that_fails_in_a_batch_fails_alone_and_is_named(
    cli: Any, tmp_path: Path
) -> None:
    """The file's other languages are rendered, but its outputs are one set: none is
    written; the other file is built."""
    bad = write_values(tmp_path, undrawable_in_italian(), name="bad.yaml")
    good = write_values(tmp_path, values_data(), name="good.yaml")
    out = tmp_path / "out"
    result = cli("build", bad, good, "--format", "md,pdf", "--jobs", "2", "--out", out)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {ITALIAN_FAILURE}"), lines
    assert f"failed: {bad} (it)" in lines
    found = SUMMARY.search(result.stderr)
    assert found and found.groups() == ("1", "0", "1")
    assert sorted(path.name for path in out.iterdir()) == ["test-co"]
    assert sorted(path.name for path in (out / "test-co").iterdir()) == [
        "ethics-code.en.md",
        "ethics-code.en.pdf",
        "manifest.json",
    ]


def test_every_language_that_fails_is_named(cli: Any, tmp_path: Path) -> None:
    """Two languages fail: each says so, on a line of its own."""
    data = undrawable_in_italian()
    data["company"]["industry"]["zh"] = "自行车修理 🦩"
    bad = write_values(tmp_path, data, name="bad.yaml")
    good = write_values(tmp_path, values_data(), name="good.yaml")
    result = cli("build", bad, good, "-f", "md,pdf", "-j", "2", "-o", tmp_path / "out")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert [error.split(" chapter ")[0] for error in errors] == [
        "error: the Italian (it)",
        "error: the Chinese (zh)",
    ]
    assert f"failed: {bad} (it, zh)" in lines


def test_a_language_that_kills_its_worker_fails_alone_and_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its worker is replaced, the language is tried once more alone, then fails; the
    file's other languages are rendered, and nothing is written."""
    data = values_data()
    data["document"]["translations"] = ["it", "zh"]
    path = write_values(tmp_path, data)

    def deadly(plan: Any, language: str) -> Any:
        if language == "it":
            os._exit(9)  # as the kernel's OOM killer or a native crash would end it
        return render_language(plan, language)

    monkeypatch.setattr("ethos.publish.workers.render_language", deadly)
    with pytest.raises(RenderError) as caught:
        build(path, formats=["md"], out_dir=tmp_path / "out", jobs=2)
    assert str(caught.value) == (
        f"{path}: the worker process rendering its Italian (it) chapter stopped (killed, out "
        "of memory or crashed) — nothing was written; build with one job (--jobs 1) to see more"
    )
    assert not (tmp_path / "out").exists()
