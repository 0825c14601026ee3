"""Golden files: the whole Markdown and HTML chapter of each example company, per language.

After an intended change to templates or wording, regenerate them with `make golden`
and review the difference in `git diff tests/golden`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ethos import build
from ethos.wording.languages import LANGUAGES

from conftest import EXAMPLES, GOLDEN

UPDATE = os.environ.get("ETHOS_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_chapter_matches_golden(example: Path, language: str, tmp_path: Path) -> None:
    result = build(example, languages=[language], formats=["md", "html"], out_dir=tmp_path)
    assert len(result.outputs) == 2
    for output in result.outputs:
        golden = GOLDEN / output.parent.name / output.name
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(output.read_bytes())
        assert golden.exists(), f"no golden file {golden}: run `make golden`"
        assert output.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8"), (
            f"{output.name} differs from {golden}; if intended, run `make golden` and review git diff"
        )


@pytest.mark.parametrize("variety", ["en-GB", "en-US"])
@pytest.mark.parametrize("example", EXAMPLES[:2], ids=[path.stem for path in EXAMPLES[:2]])
def test_english_variety_matches_golden(example: Path, variety: str, tmp_path: Path) -> None:
    """British and American English, side by side: `diff` the two goldens to see every
    respelling, date and list comma (templates/spelling/en-US.yaml, languages.yaml)."""
    test_chapter_matches_golden(example, variety, tmp_path)


def test_the_examples_are_two_contrasting_companies_and_a_groups_two_subsidiaries() -> None:
    assert [path.stem for path in EXAMPLES] == [
        "acme-outfitters", "brightline-electronics", "halden-casa-italia", "halden-home-pakistan"
    ]  # fmt: skip
    group = EXAMPLES[0].parent / "groups" / "halden-group.yaml"
    assert all(f"extends: groups/{group.name}" in path.read_text() for path in EXAMPLES[2:])
