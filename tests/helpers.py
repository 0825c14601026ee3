"""Fixture builders: values files and template trees made from dicts in tmp_path."""

from __future__ import annotations

import copy
import re
import shutil
import struct
import zlib
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml

MINIMAL: dict[str, Any] = {
    "ethos": 1,
    "company": {"name": "Test Co", "ethics_contact": {"email": "ethics@test.example"}},
    "document": {"version": "1.0", "effective_date": "2026-02-01"},
    "values": ["courtesy", "honesty"],
}


def values_data(**overrides: Any) -> dict[str, Any]:
    """A valid minimal values mapping with top-level keys replaced by ``overrides``."""
    data = copy.deepcopy(MINIMAL)
    data.update(overrides)
    return data


def write_values(
    directory: Path, data: dict[str, Any] | None = None, name: str = "values.yaml"
) -> Path:
    """Write ``data`` (default: the minimal file) as YAML and return its path."""
    path = directory / name
    path.write_text(
        yaml.safe_dump(
            data if data is not None else values_data(), sort_keys=False, allow_unicode=True
        ),
        encoding="utf-8",
    )
    return path


def write_text(directory: Path, text: str, name: str = "values.yaml") -> Path:
    """Write literal YAML text (for tests about positions and YAML quirks)."""
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Create files under ``root`` from a {relative path: text} dict."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def readme_template(name: str) -> str:
    """The README's example override of template ``name``: the ```jinja block whose first
    line is the comment naming ``my-templates/<name>``."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```jinja\n(.*?)^```$", readme, flags=re.MULTILINE | re.DOTALL)
    found = [block for block in blocks if block.startswith(f"{{# my-templates/{name}")]
    assert len(found) == 1, f"the README has {len(found)} examples of {name}"
    return found[0]


def foreword_templates(root: Path) -> Path:
    """A template directory holding the README's foreword override of the introduction."""
    name = "sections/introduction.md.j2"
    return write_tree(root, {name: readme_template(name)})


# Parameters that make any stance valid when added to it (each policy takes what it knows).
_PARAMETERS: dict[str, Any] = {
    "window_days": 30, "characteristics": ["age"], "frequency": "yearly",
    "inquiry_reply_hours": 24, "methods": ["role_play"], "channels": ["manager"],
    "acknowledge_days": 7, "approver": "line_manager", "limit_amount": 50, "currency": "eur",
}  # fmt: skip


def stance_data(policy: str, stance: str) -> dict[str, Any]:
    """A valid mapping for ``policy`` with ``stance``, with the parameters it requires."""
    from typing import get_args

    from ethos.values.policies import Policies

    model = next(
        arg for arg in get_args(Policies.model_fields[policy].annotation) if arg is not type(None)
    )
    known = [key for key in _PARAMETERS if key in model.model_fields]
    subsets = (subset for size in range(len(known) + 1) for subset in combinations(known, size))
    for candidate in ({key: _PARAMETERS[key] for key in subset} for subset in subsets):
        try:
            model(stance=stance, **candidate)
        except ValueError:
            continue
        return {"stance": stance, **candidate}
    raise AssertionError(f"no valid parameters for {policy}.{stance}")


def inflated_streams(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated, to search inside fonts and images."""
    import re
    import zlib

    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(chunks)


def require_tools(*tools: tuple[str, bool]) -> None:
    """Fail (never skip) when a tool `make test` installs is missing, naming each one."""
    missing = [name for name, present in tools if not present]
    if missing:
        pytest.fail(
            f"this test needs {', '.join(missing)}: run `make test`, which "
            "installs them (scripts/system-deps.sh --test, npm ci --prefix tests/browser)",
            pytrace=False,
        )


SVG_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">'
    '<rect width="40" height="40" rx="8" fill="#1a5fb4"/>'
    '<circle cx="20" cy="20" r="10" fill="#fff"/></svg>\n'
)


def png_logo(width: int = 24, height: int = 8) -> bytes:
    """A sound PNG logo of one colour, made here: signature, IHDR, IDAT and IEND."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + checksum

    rows = b"".join(b"\x00" + b"\x1a\x5f\xb4" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def copy_example(example: Path, destination: Path) -> Path:
    """Copy an example values file to ``destination`` with the folders it names beside it:
    the pictures of its `logo:` (``values/brand/``) and the group files it `extends`
    (``values/groups/``)."""
    destination.write_bytes(example.read_bytes())
    for folder in ("brand", "groups"):
        source = example.parent / folder
        if source.is_dir() and not (destination.parent / folder).exists():
            shutil.copytree(source, destination.parent / folder)
    return destination


NEW_VERSION = [
    ('version: "1.0"', 'version: "1.1"'),
    ("window_days: 30", "window_days: 60"),
    ("stance: automated_first", "stance: human_first"),
    ("an accurate record", "a complete record"),
]
"""A new version of the Brightline example: a parameter, a stance and a value's wording."""


def new_version(example: Path, destination: Path) -> Path:
    """``example`` (Brightline) as its next version, written to ``destination``, for the
    change reports: every edit of :data:`NEW_VERSION` made once."""
    text = example.read_text(encoding="utf-8")
    for before, after in NEW_VERSION:
        assert before in text, before
        text = text.replace(before, after, 1)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(text, encoding="utf-8")
    return destination
