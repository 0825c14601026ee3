"""Many builds in one process: each reads its inputs afresh, nothing is kept from the last.

A library caller, a batch worker or the preview builds again and again in one process;
an input edited between two builds must reach the second one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import ethos

from conftest import EXAMPLES
from helpers import values_data, write_tree, write_values


def edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) in place, then restore the file's times.

    What ``cp -p``, ``rsync -t`` or ``tar`` leave behind, and what an edit within the
    clock tick of a coarse file system (FAT, HFS+, some network shares) looks like: the
    same size, time and inode, other bytes.
    """
    assert len(old) == len(new)
    before = path.stat()
    replace_in(path, old, new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a file in place: ``old`` (which must be there) becomes ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_second_build_sees_a_template_edited_in_between(tmp_path: Path) -> None:
    source = write_values(tmp_path, values_data())
    mine = write_tree(tmp_path / "mine", {"sections/introduction.md.j2": "## Hello there\n"})
    out = tmp_path / "out"
    first = ethos.build(source, formats=["md"], out_dir=out, template_dirs=[mine])
    assert "## Hello there" in first.outputs[0].read_text(encoding="utf-8")

    edit_keeping_size_and_time(mine / "sections/introduction.md.j2", "Hello", "Howdy")
    second = ethos.build(source, formats=["md"], out_dir=out, template_dirs=[mine])

    assert second.up_to_date == []
    assert second.outputs == first.outputs
    written = second.outputs[0].read_text(encoding="utf-8")
    assert "## Howdy there" in written and "Hello" not in written


@pytest.mark.parametrize(
    ("language", "edited", "old", "new"),
    [
        ("en", "catalog/en/values.yaml", "We tell the truth,", "We told the truth,"),
        ("it", "locale/it/LC_MESSAGES/ethos.po", "Indice", "Sommario"),
    ],
    ids=["catalog wording", "translation"],
)
def test_a_second_build_sees_wording_edited_in_between(
    templates_copy: Path, language: str, edited: str, old: str, new: str
) -> None:
    source = write_values(templates_copy.parent, values_data())
    out = templates_copy.parent / "out"
    first = ethos.build(source, languages=[language], formats=["md"], out_dir=out)
    assert old in first.outputs[0].read_text(encoding="utf-8")

    replace_in(templates_copy / edited, old, new)
    second = ethos.build(source, languages=[language], formats=["md"], out_dir=out)

    written = second.outputs[0].read_text(encoding="utf-8")
    assert new in written and old not in written


def test_a_second_check_reads_the_lint_rules_edited_in_between(
    templates_copy: Path, tmp_path: Path
) -> None:
    # courtesy is declared and customer_contact is automated_first: one rule contradicts.
    policies = {"customer_contact": {"stance": "automated_first"}}
    source = write_values(tmp_path, values_data(policies=policies))
    rule = "courtesy-automated-contact"
    assert [rule in w.message for w in ethos.check([source]).warnings] == [True]

    edited = templates_copy / "policies" / "customer_contact.yaml"
    replace_in(edited, f"- id: {rule}\n", f"- id: {rule}-edited\n")
    [warning] = ethos.check([source]).warnings
    assert f"[{rule}-edited]" in warning.message


def test_each_preview_rebuild_reads_the_catalog_afresh(
    templates_copy: Path, tmp_path: Path
) -> None:
    from ethos.preview.serve import Preview

    preview = Preview(write_values(tmp_path, values_data()), None, ())
    assert b"We tell the truth," in preview.page.html
    replace_in(
        templates_copy / "catalog/en/values.yaml", "We tell the truth,", "We told the truth,"
    )
    page = preview.rebuild()
    assert b"We told the truth," in page.html and b"We tell the truth," not in page.html


def test_checking_a_values_file_does_not_import_jinja() -> None:
    """Validation reads the catalog; filling its wording in is the chapter's business."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom ethos.values.loading import check\n"
        f"check([Path({str(EXAMPLES[0])!r})])\n"
        "print(sorted(name for name in sys.modules if 'jinja' in name))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "[]"
