"""Chinese text set by WeasyPrint: a Latin name inside it keeps its normal spaces.

WeasyPrint justifies a line by widening its spaces only. A Chinese line has none but the
spaces of a Latin name in it, so justified Chinese opened "Harbor & Pine Outdoor" into
"Harbor      &" on the introduction page. Chinese is set flush left; the PDF's word
positions (PyMuPDF) show every gap inside the name at one space.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pymupdf
import pytest

from ethos import build

from helpers import values_data, write_values

NAME = "Harbor & Pine Outdoor"


@pytest.fixture(scope="module")
def chinese_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cjk")
    data = values_data(
        company={"name": NAME, "ethics_contact": {"email": "ethics@harbor.example"}},
        document={"version": "1.0", "effective_date": "2026-02-01", "language": "zh"},
    )
    path = write_values(root, data)
    result = build(path, languages=["zh"], formats=["pdf"], out_dir=root / "out")
    return result.outputs[0]


def test_the_spaces_of_a_latin_name_in_chinese_stay_one_space_wide(chinese_pdf: Path) -> None:
    gaps = []
    with pymupdf.open(chinese_pdf) as pdf:
        for page in pdf:
            words = page.get_text("words")  # x0, y0, x1, y1, word, block, line, number
            for first, second in itertools.pairwise(words):
                # Words are split at spaces: Chinese around the name sticks to it.
                pair = (
                    first[4].endswith(("Harbor", "&", "Pine")),
                    second[4].startswith(("&", "Pine", "Outdoor")),
                )
                if first[5:7] == second[5:7] and all(pair):
                    gaps.append((second[0] - first[2]) / (first[3] - first[1]))
    assert len(gaps) >= 12, gaps  # the name is printed in running Chinese text
    # A space is about a sixth of the line's height; justified, up to three times that.
    assert max(gaps) < 0.25, [round(gap, 2) for gap in gaps]
