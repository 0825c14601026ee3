"""Many builds in one process: each reads its inputs afresh, nothing is kept from the last.

A library caller, a batch worker or the preview builds again and again in one process;
an input edited between two builds must reach the second one.
"""

from __future__ import annotations

import os
from pathlib import Path

import ethos

from helpers import values_data, write_tree, write_values


def edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) in place, then restore the file's times.

    What ``cp -p``, ``rsync -t`` or ``tar`` leave behind, and what an edit within the
    clock tick of a coarse file system (FAT, HFS+, some network shares) looks like: the
    same size, time and inode, other bytes.
    """
    assert len(old) == len(new)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


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
