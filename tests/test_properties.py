"""Property-based tests (hypothesis): whatever the input, ethos answers with a located
message or a chapter, never a traceback, and never writes outside --out.

`make fuzz` runs these same properties at scale (the `fuzz` profile, see conftest.py).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ethos.chapter.compose import compose_chapter
from ethos.errors import EthosError
from ethos.render.html import render_html
from ethos.system.write import confined_path, slugify
from ethos.values.load import load_values_text
from ethos.values.validate import validate

from helpers import MINIMAL

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)
KEYS = st.sampled_from(
    ["ethos", "company", "document", "values", "policies", "name", "email", "stance", "id",
     "title", "statement", "version", "effective_date", "returns", "window_days", "note",
     "extends", "revisions", "language", "translations", "x"]
) | st.text(max_size=12)  # fmt: skip
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=30,
)
# Text a person might paste: any characters, including markup, templates and controls.
TEXT = st.text(min_size=1, max_size=120) | st.sampled_from(
    ["<script>alert(1)</script>", "{{ 7*7 }}", "{% include '/etc/passwd' %}", "[x](javascript:1)",
     "![](file:///etc/passwd)", "# heading", "<img src=x onerror=alert(1)>", "\u202etxt", "a\u0000b"]
)  # fmt: skip
PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


def check_text(text: str) -> None:
    """Load and validate values-file text; only ethos's own errors may come out."""
    with contextlib.suppress(EthosError):
        validate(load_values_text(text, "fuzz.yaml"))


@PROPERTY
@given(DOCUMENTS)
def test_arbitrary_yaml_documents_never_crash(document: Any) -> None:
    check_text(yaml.safe_dump(document, allow_unicode=True))


@PROPERTY
@given(st.text(max_size=400))
def test_arbitrary_text_files_never_crash(text: str) -> None:
    check_text(text)


def _with_text(text: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        **MINIMAL,
        "company": {"name": text, "industry": text,
                    "ethics_contact": {"name": text, "email": "ethics@test.example"}},
        "document": {"version": text, "effective_date": "2026-02-01", "title": text},
        "values": ["honesty", {"id": "own", "title": text, "statement": text, "behaviours": [text]}],
        "policies": {
            "returns": {"stance": "limited", "window_days": 30, "conditions": [text], "note": text},
            "consumer_protection": {"stance": "comply", "laws": [text], "jurisdictions": [text]},
            "forms_of_address": {"stance": "formal", "honorifics": [text]},
        },
    }  # fmt: skip
    return data


@PROPERTY
@given(TEXT)
def test_any_text_in_every_field_renders_inert_or_is_refused(text: str) -> None:
    try:
        values_file = validate(load_values_text(yaml.safe_dump(_with_text(text)), "fuzz.yaml"))
    except EthosError:
        return
    chapter = compose_chapter(values_file)
    html = render_html(chapter)
    body = html.split("<body>", 1)[1].lower()
    assert "<script" not in body and "<iframe" not in body and "<img" not in body
    assert not re.search(r"<[^>]+\son\w+\s*=", body)
    assert "\x00" not in chapter.markdown


@PROPERTY
@given(st.text(max_size=300))
def test_company_names_never_leave_the_output_directory(name: str) -> None:
    out = Path("/tmp/ethos-fuzz-out")
    slug = slugify(name)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", slug), slug
    target = confined_path(out, slug, "ethics-code.en.md")
    assert target.parent.parent == out.resolve()
