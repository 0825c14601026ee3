"""Compose and HTML rendering: structure, escaping of values text, template overrides."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

import ethos.values.policies
from ethos import compose
from ethos.chapter.layout import ChapterLayout, chapter_layout
from ethos.chapter.markdown_text import escape_markdown
from ethos.chapter.outline import new_converter, outline_sections
from ethos.errors import TemplateError
from ethos.render.html import render_html
from ethos.resources import builtin_templates_dir

from helpers import foreword_templates, values_data, write_tree, write_values

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "jinja": "{{ 7*7 }} {% if true %}x{% endif %}",
    "link": "[click](javascript:alert(1))",
    "image": "![](file:///etc/passwd)",
    "heading": "# Not a heading",
    "handler": '<img src=x onerror="alert(1)">',
    "emphasis": "**not bold** _nor this_",
    "entity": "&lt;b&gt; and AT&T",
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_escaped_text_renders_exactly_as_written(text: str) -> None:
    html = new_converter().convert(f"Before {escape_markdown(text)}")
    assert _text_of(html) == f"Before {text}"


def _text_of(html: str) -> str:
    """The visible text of one converted paragraph; fails if any other markup appears."""
    assert not re.search(r"<(?!/?p>)", html), f"markup leaked: {html}"
    return html_module.unescape(re.sub(r"</?p>", "", html))


@pytest.mark.parametrize(
    "start", ["# x", "> x", "- x", "+ x", "* x", "1. x", "12) x", "---", "- - -", "***", "+++"]
)
def test_line_start_constructs_are_neutralised(start: str) -> None:
    html = new_converter().convert(escape_markdown(start))
    assert _text_of(html) == start


def test_values_text_is_data_in_markdown_and_html(tmp_path: Path) -> None:
    own = {
        "id": "safety",
        "title": "Safety " + HOSTILE["script"],
        "statement": " ".join(HOSTILE.values()),
    }
    policies = {
        "returns": {"stance": "unconditional", "note": HOSTILE["jinja"] + " " + HOSTILE["handler"]}
    }
    chapter = compose(
        write_values(tmp_path, values_data(values=["honesty", own], policies=policies))
    )
    assert "{{ 7\\*7 }}" in chapter.markdown and "49" not in chapter.markdown
    assert "&lt;script>alert(1)&lt;/script>" in chapter.markdown
    html = render_html(chapter)
    body = html.split("<main>", 1)[1]
    assert (
        "<script" not in html
        and "<img" not in body
        and "javascript:" not in re.findall(r'href="([^"]*)"', body).__str__()
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "{{ 7*7 }} {% if true %}x{% endif %}" in body
    assert "<h1>Not a heading" not in body and "# Not a heading" in body


def test_policies_not_stated_are_absent(tmp_path: Path) -> None:
    chapter = compose(
        write_values(tmp_path, values_data(policies={"returns": {"stance": "final_sale"}}))
    )
    headings = [heading.title for heading in chapter.headings]
    assert "Returns" in headings
    assert (
        "Customer data" not in headings
        and "Training" not in headings
        and "How we treat our people" not in headings
    )
    assert chapter.section_keys == [
        "introduction",
        "ethics_and_conduct",
        "values",
        "policies",
        "action",
        "concern",
        "acknowledgment",
    ]


def test_no_policies_leaves_out_policy_sections(tmp_path: Path) -> None:
    chapter = compose(write_values(tmp_path, values_data()))
    assert chapter.section_keys == [
        "introduction",
        "ethics_and_conduct",
        "values",
        "concern",
        "acknowledgment",
    ]


def test_value_overrides_and_own_values(tmp_path: Path) -> None:
    values = [
        {
            "id": "honesty",
            "statement": "We never bluff.",
            "behaviours": ["Say 'I do not know' when you do not."],
        },
        {"id": "stewardship", "title": "Stewardship", "statement": "We repair before we replace."},
    ]
    chapter = compose(write_values(tmp_path, values_data(values=values)))
    honesty = chapter.markdown.split("### Honesty", 1)[1].split("###", 1)[0]
    assert "We never bluff." in honesty
    assert honesty.rstrip().endswith("- Say 'I do not know' when you do not.")
    assert honesty.count("\n- ") == 6  # the catalog's five behaviours, then the company's
    assert "### Stewardship\n\nWe repair before we replace.\n" in chapter.markdown


def test_stance_wording_has_parameters_filled_in(tmp_path: Path) -> None:
    policies = {
        "returns": {"stance": "limited", "window_days": 45, "conditions": ["the receipt is shown"]},
        "response_times": {"stance": "guaranteed", "inquiry_reply_hours": 1},
    }
    chapter = compose(write_values(tmp_path, values_data(policies=policies)))
    assert "**Our stance:** Limited returns" in chapter.markdown
    assert "within 45 days of purchase" in chapter.markdown
    assert "the receipt is shown" in chapter.markdown
    assert "within 1 hour" in chapter.markdown and "within 1 hours" not in chapter.markdown


def test_contents_links_match_heading_ids(tmp_path: Path) -> None:
    chapter = compose(
        write_values(
            tmp_path, values_data(values=["loyalty"], policies={"loyalty": {"stance": "none"}})
        )
    )
    links = re.findall(r"^\s*- \[[^\]]+\]\(#([^)]+)\)$", chapter.markdown, flags=re.MULTILINE)
    html = render_html(chapter)
    ids = re.findall(r'<h[23] id="([^"]+)"', html)
    assert links == [anchor for anchor in ids if anchor != "contents-title"] or set(links) <= set(
        ids
    )
    # The policy's heading, in "Our policies" and again in "Putting ethics into action":
    # GitHub's numbering, as every renderer of the Markdown reads it.
    assert "rewards-for-returning-customers" in links
    assert "rewards-for-returning-customers-1" in ids


def test_sections_are_wrapped_and_named_in_html(tmp_path: Path) -> None:
    chapter = compose(write_values(tmp_path, values_data()))
    html = render_html(chapter)
    assert re.findall(r'<section aria-labelledby="[^"]+" class="section-([a-z-]+)"', html) == [
        "introduction",
        "ethics-and-conduct",
        "values",
        "concern",
        "acknowledgment",
    ]
    assert '<html lang="en" dir="ltr">' in html
    assert '<meta name="dcterms.created" content="2026-02-01">' in html


def test_a_section_that_adds_a_heading_leaves_every_section_named(tmp_path: Path) -> None:
    # The README's foreword: two headings from the introduction's template. Sections were
    # named by position, so one heading too many left every section unnamed (and the
    # acknowledgment without its page break and form in the PDF and DOCX).
    values = write_values(tmp_path, values_data())
    chapter = compose(values, (foreword_templates(tmp_path / "mine"),))
    html = render_html(chapter)
    assert re.findall(r'<section aria-labelledby="([^"]+)" class="section-([a-z-]+)"', html) == [
        ("foreword", "introduction"),
        ("introduction", "introduction"),
        ("code-of-ethics-and-code-of-conduct", "ethics-and-conduct"),
        ("our-values", "values"),
        ("raising-a-concern", "concern"),
        ("employee-acknowledgement", "acknowledgment"),
    ]


def test_headings_are_marked_with_the_section_that_wrote_them() -> None:
    sections = [
        ("introduction", "## Foreword\n\nHello.\n\n## Introduction"),
        ("values", "## Our values\n\n### Loyalty"),
        ("action", "## Putting ethics into action\n\n### Loyalty\n\n1. Keep faith."),
    ]
    body = "\n\n".join(text for _, text in sections) + "\n"
    assert [(h.anchor, h.section) for h in outline_sections(sections, body)] == [
        ("foreword", "introduction"),
        ("introduction", "introduction"),
        ("our-values", "values"),
        ("loyalty", "values"),
        ("putting-ethics-into-action", "action"),
        ("loyalty-1", "action"),
    ]
    # A section whose Markdown runs into the next (an HTML block left open) hides the
    # next one's headings from the body: what follows is left unmarked, not guessed.
    sections[1] = ("values", "## Our values\n\n<div>\n\n### Loyalty")
    body = "\n\n".join(text for _, text in sections) + "\n"
    assert [(h.anchor, h.section) for h in outline_sections(sections, body)] == [
        ("foreword", "introduction"),
        ("introduction", "introduction"),
        ("our-values", "values"),
    ]


def test_user_templates_come_first_and_can_extend_the_default(tmp_path: Path) -> None:
    templates = write_tree(
        tmp_path / "mine",
        {
            "chapter.md.j2": '{% extends "!default/chapter.md.j2" %}{% block contents %}{% endblock %}',
            "sections/introduction.md.j2": "## Welcome to {{ company.name }}\n\nRead this first.\n",
        },
    )
    data = values_data(templates="mine")
    chapter = compose(write_values(tmp_path, data))
    assert "## Contents" not in chapter.markdown
    assert "## Welcome to Test Co\n\nRead this first.\n" in chapter.markdown
    assert chapter.markdown.startswith("# Code of Ethics and Conduct\n")
    assert templates.is_dir()


def test_template_typo_names_template_and_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path / "mine",
        {"sections/concern.md.j2": "## Concerns\n\nWrite to {{ contact.emial }}.\n"},
    )
    with pytest.raises(TemplateError) as caught:
        compose(write_values(tmp_path, values_data(templates="mine")))
    assert (
        str(caught.value)
        == f"{tmp_path / 'mine' / 'sections' / 'concern.md.j2'}:3: 'ethos.values.model.EthicsContact object' has no attribute 'emial'"
    )


def test_templates_cannot_reach_python_internals(tmp_path: Path) -> None:
    write_tree(tmp_path / "mine", {"sections/concern.md.j2": "{{ company.__class__.__mro__ }}\n"})
    with pytest.raises(TemplateError, match=r"unsafe|__class__"):
        compose(write_values(tmp_path, values_data(templates="mine")))


def test_an_override_can_wrap_a_default_block_with_super(tmp_path: Path) -> None:
    write_tree(
        tmp_path / "mine",
        {
            "chapter.md.j2": '{% extends "!default/chapter.md.j2" %}{% block title_block %}{{ super() | safe }}\nConfidential.\n{% endblock %}'
        },
    )
    chapter = compose(write_values(tmp_path, values_data(templates="mine")))
    assert chapter.markdown.startswith("# Code of Ethics and Conduct\n\n**Test Co**\n")
    assert "\nConfidential.\n" in chapter.markdown


def test_the_chapter_layout_is_data_beside_the_section_templates() -> None:
    layout = chapter_layout()
    templates = (builtin_templates_dir() / "sections").glob("*.md.j2")
    assert sorted(layout.sections) == sorted(path.name.removesuffix(".md.j2") for path in templates)
    assert layout.detailed_sections == {"values", "policies", "conduct"}
    assert layout.own_section_policies[:2] == ("training", "employees")
    assert layout.groups["conduct"][:3] == ("conflicts_of_interest", "gifts", "bribery")
    assert layout.groups["concern"] == ("speaking_up",)
    assert len(layout.groups["conduct"]) == 11
    # The policy models say what a company may state, not where the chapter states it.
    assert [name for name in vars(ethos.values.policies) if "SECTION" in name.upper()] == []
    with pytest.raises(ValidationError, match="own_section_policies names no policy: trainings"):
        ChapterLayout(
            sections=["training"], detailed_sections=[], groups={"training": ("trainings",)}
        )
