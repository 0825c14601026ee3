"""`ethos notice`: the one-page staff notice of a new version, in every language and format.

The example pair is Brightline Electronics 0.9 (values/history/) and 1.0 (values/): a
value added, a return window cut, coupons no longer honoured, an automated service first,
slower replies and more sick leave.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import cmarkgfm
import pytest
from docx import Document
from pypdf import PdfReader
from typer.testing import CliRunner

from ethos.changes.notice import Notice, notice_markdown, staff_notices
from ethos.cli.app import app
from ethos.values.sources import Source
from ethos.wording.languages import LANGUAGES

from conftest import REPOSITORY

OLD = REPOSITORY / "values" / "history" / "brightline-electronics-0.9.yaml"
NEW = REPOSITORY / "values" / "brightline-electronics.yaml"
ALL = ["en", "it", "tl", "ur", "zh"]

CUSTOMERS = [
    "Returns, return window: now 30 days (it was 90 days).",
    "Returns, conditions: now the receipt or order number is shown, the item is unused and "
    "in its original packaging (it was the receipt or order number is shown).",
    "Competitors' coupons and prices: now “Not honoured” (it was “Coupons honoured”). We "
    "neither accept competitors' coupons nor match their prices.",
    "Customer contact: now “Automated first” (it was “People first”). An automated service "
    "answers first; a person is available on request.",
    "Response times, reply to inquiries: now 48 hours (it was 24 hours).",
]
NEW_RULES = [
    "Explain politely that we do not accept competitors' coupons or match their prices.",
    "Tell the customer about any current offer of ours that meets their needs.",
    "Speak respectfully about competitors and their offers.",
    "Take over promptly from the automated service, and read what the customer has already "
    "told it so that they need not repeat themselves.",
    "Apologise if the customer had difficulty reaching a person, and tell them how to reach "
    "one directly next time.",
    "Report recurring faults or gaps in the automated service, so that they can be fixed.",
]
GONE_RULES = [
    "Accept a competitor's valid coupon just as you would one of our own.",
    "Tell customers who mention a better deal elsewhere that we honour competitors' coupons.",
    "Check that a coupon is current and applies to the item, and explain politely if it does not.",
    "Answer every contact personally and promptly, and introduce yourself by name.",
    "Mention self-service options where they would save the customer time, never as a way "
    "to end a conversation.",
    "Help straight away any customer who has trouble with a self-service option.",
]


@pytest.fixture(scope="module")
def notices() -> dict[str, Notice]:
    report = staff_notices(Source(OLD), Source(NEW), languages=ALL)
    return {notice.language: notice for notice in report.notices}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("notice")
    result = CliRunner().invoke(
        app, ["notice", str(OLD), str(NEW), "--lang", "all", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out / "brightline-electronics"


def test_the_example_pair_gives_the_changes_in_plain_sentences(notices: dict[str, Notice]) -> None:
    notice = notices["en"]
    assert [(group.audience, group.title) for group in notice.groups] == [
        ("everyone", "For everyone"),
        ("customers", "For customers"),
        ("employees", "For you and your colleagues"),
    ]
    assert notice.groups[0].sentences == [
        "“Value for money” is now one of our values. We help every customer get the best deal "
        "and a solution worth what they pay."
    ]
    assert notice.groups[1].sentences == CUSTOMERS
    assert notice.groups[2].sentences == [
        "Our employees, paid sick leave: now 5 days (it was 3 days)."
    ]
    assert notice.editorial == 2
    assert notice.acknowledgement_required
    assert notice.effective_date == "15 January 2026"
    assert notice.contact == "integrity@brightline.example"


def test_the_conduct_rules_that_changed_rule_by_rule(notices: dict[str, Notice]) -> None:
    notice = notices["en"]
    assert [rule.text for rule in notice.rules_of("new")] == NEW_RULES
    assert [rule.text for rule in notice.rules_of("gone")] == GONE_RULES
    assert [(rule.text, rule.was) for rule in notice.rules_of("changed")] == [
        (
            "Explain the 30-day return period and the conditions for a refund before the "
            "customer buys.",
            "Explain the 90-day return period and the conditions for a refund before the "
            "customer buys.",
        ),
        (
            "Reply to every inquiry within 48 hours wherever you can, even if your first reply "
            "only confirms that it has arrived.",
            "Reply to every inquiry within 24 hours wherever you can, even if your first reply "
            "only confirms that it has arrived.",
        ),
    ]


def test_every_language_tells_as_many_items(notices: dict[str, Notice]) -> None:
    english = notices["en"]
    for language in ALL:
        notice = notices[language]
        assert [group.audience for group in notice.groups] == [
            group.audience for group in english.groups
        ], language
        assert len(notice.sentences) == len(english.sentences) == 7, language
        for kind in ("new", "changed", "gone"):
            assert len(notice.rules_of(kind)) == len(english.rules_of(kind)), (language, kind)
        markdown = notice_markdown(notice)
        assert len(re.findall(r"(?m)^- ", markdown)) == 7 + 14, language
        assert "%(" not in markdown, language


def test_the_markdown_reads_as_a_notice(notices: dict[str, Notice]) -> None:
    markdown = notice_markdown(notices["en"])
    assert markdown.startswith(
        "# What changed in version 1.0\n\nBrightline Electronics · Takes effect on 15 January "
        "2026.\n"
    )
    assert "## What this means for your daily work" in markdown
    assert (
        "Also 2 small changes to wording, dates or contact details, which change nothing you do."
        in markdown
    )
    assert (
        "Yes. Please read the new chapter and sign the employee acknowledgement for version 1.0."
        in markdown
    )
    assert "Questions? Ask the ethics contact: integrity@brightline.example." in markdown
    assert "→" not in markdown and "material" not in markdown and "editorial" not in markdown


def test_urdu_isolates_names_and_versions(notices: dict[str, Notice]) -> None:
    markdown = notice_markdown(notices["ur"])
    assert "\u20681.0\u2069" in markdown.splitlines()[0]
    assert "\u2068Brightline Electronics\u2069" in markdown
    assert "\u2068integrity@brightline.example\u2069" in markdown


def _values(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_only_editorial_changes_need_no_new_acknowledgement(tmp_path: Path) -> None:
    text = NEW.read_text(encoding="utf-8")
    later = _values(tmp_path, "later.yaml", text.replace('version: "1.0"', 'version: "1.0.1"'))
    notice = staff_notices(Source(NEW), Source(later)).notices[0]
    assert not notice.groups and not notice.rules and notice.editorial == 1
    assert not notice.acknowledgement_required
    markdown = notice_markdown(notice)
    assert "No. Your acknowledgement of version 1.0 still applies." in markdown
    assert "What this means for your daily work" not in markdown


def test_no_changes_at_all_says_so(tmp_path: Path) -> None:
    notice = staff_notices(Source(NEW), Source(NEW), languages=["it"]).notices[0]
    assert not notice.changed
    markdown = notice_markdown(notice)
    assert (
        "Nel codice etico e di condotta non è cambiato nulla tra la versione 1.0 e la versione "
        "1.0." in markdown
    )
    assert "No. La tua presa visione della versione 1.0 resta valida." in markdown


def _github_text(markdown: str) -> str:
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_the_markdown_renders_on_github(written: Path) -> None:
    for language in ALL:
        markdown = (written / f"notice-1-0.{language}.md").read_text(encoding="utf-8")
        shown = _github_text(markdown)
        assert "**" not in shown and "~~" not in shown, language
        rendered = cmarkgfm.github_flavored_markdown_to_html(markdown)
        assert rendered.count("<h1>") == 1 and rendered.count("<li>") == 21, language


def test_each_pdf_is_one_page(written: Path) -> None:
    for language in ALL:
        reader = PdfReader(written / f"notice-1-0.{language}.pdf")
        assert len(reader.pages) == 1, language
    english = PdfReader(written / "notice-1-0.en.pdf").pages[0].extract_text()
    assert "What changed in version 1.0" in english
    assert "Returns, return window: now 30 days (it was 90 days)." in english


def _words(text: str) -> list[str]:
    return re.sub(r"[\u2066-\u2069]", "", text).split()


def test_the_docx_has_the_text_of_the_markdown(written: Path) -> None:
    for language in ALL:
        document = Document(str(written / f"notice-1-0.{language}.docx"))
        docx_text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        markdown = (written / f"notice-1-0.{language}.md").read_text(encoding="utf-8")
        shown = _github_text(markdown)
        assert _words(docx_text) == _words(shown), language
        assert [p.style.name for p in document.paragraphs][:1] == ["Title"], language


def test_the_files_are_named_by_company_version_and_language(written: Path) -> None:
    names = sorted(path.name for path in written.iterdir())
    assert names == sorted(
        f"notice-1-0.{language}.{fmt}" for language in ALL for fmt in ("md", "html", "pdf", "docx")
    )
    assert set(ALL) <= set(LANGUAGES)


def test_a_bad_values_file_gives_file_and_line_not_a_traceback(tmp_path: Path) -> None:
    text = NEW.read_text(encoding="utf-8").replace("window_days: 30", "window_days: thirty")
    broken = _values(tmp_path, "broken.yaml", text)
    line = 1 + text[: text.index("window_days: thirty")].count("\n")
    result = CliRunner().invoke(app, ["notice", str(OLD), str(broken), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert re.search(rf"broken\.yaml:{line}:\d+: policies\.returns\.window_days", result.output), (
        result.output
    )
    assert not (tmp_path / "brightline-electronics").exists()


def test_a_missing_file_is_a_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["notice", str(OLD), str(tmp_path / "nope.yaml")])
    assert result.exit_code != 0
    assert "nope.yaml" in result.output
    assert isinstance(result.exception, SystemExit)
