"""Reports in every language: one file per language, each wholly in its language.

`ethos diff` and `ethos compare` write ``<stem>.<language>.<fmt>`` like the chapter; the
heading, summary, table, materiality, change descriptions and redline are all in the
report's language (nothing of ethos's own English left), Urdu runs right to left, and a
run in one language leaves the other languages' files alone. `diff --record` writes the
revision summary in every language of the file, so the file still checks and builds.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from pypdf import PdfReader

from ethos.wording.catalog import load_catalog
from ethos.wording.localization import typesetting
from ethos.wording.messages import message_catalog, message_template

from conftest import EXAMPLES
from helpers import copy_example

ACME, BRIGHTLINE = EXAMPLES[:2]
REPORT_LANGUAGES = ["it", "ur", "zh"]
DIFF_STEM = "changes-1-0-to-1-1"
COMPARE_STEM = "acme-outfitters--brightline-electronics"


def _strings(message: Message) -> tuple[str, ...]:
    value = message.id if isinstance(message.id, tuple) else (message.id,)
    return tuple(str(part) for part in value)


def english_wording(language: str) -> set[str]:
    """ethos's own English wording that ``language`` words differently: each piece of every
    message between its placeholders, and every label of the English catalog."""
    translated = message_catalog(language)
    pieces: set[str] = set()
    for message in message_template():
        if not message.id:
            continue
        target = translated.get(message.id)
        assert target is not None and all(target.string), f"untranslated: {message.id!r}"
        forms = target.string if isinstance(target.string, tuple) else (target.string,)
        for english in _strings(message):
            if english in forms:
                continue  # the same words in both languages (e.g. "Online:" in Italian)
            for piece in re.split(r"%\(\w+\)[sd]", english):
                if re.search(r"[A-Za-z]{3}", piece):
                    pieces.add(piece.strip(" .,;:()'\"→·"))
    english, local = load_catalog("en"), load_catalog(language)
    for key, policy in english.policies.items():
        other = local.policies[key]
        pieces.add(policy.title)
        pieces.update(policy.parameters.values())
        pieces.update(stance.label for stance in policy.stances.values())
        pieces -= {other.title, *other.parameters.values()}
        pieces -= {stance.label for stance in other.stances.values()}
    for key, value in english.values.items():
        if local.values[key].title != value.title:
            pieces.add(value.title)
    return {piece for piece in pieces if piece}


def english_left(text: str, language: str) -> list[str]:
    """The pieces of ethos's English wording found, as whole words, in ``text``."""
    return sorted(
        piece
        for piece in english_wording(language)
        if re.search(rf"(?<![\w-]){re.escape(piece)}(?![\w-])", text)
    )


def visible_text(page: str) -> str:
    """An HTML page's text, tags dropped."""
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<style>.*?</style>", "", page)))


def pdf_text(path: Path) -> str:
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def title_aligned_right(path: Path) -> bool:
    """Whether the title, the first line of the PDF, is nearer the right edge of the page
    than the left (set right to left) or the other way round."""
    command = ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(path), "-"]
    layout = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', layout)[1])  # type: ignore[index]
    left, right = map(
        float, re.search(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', layout).groups()
    )  # type: ignore[union-attr]
    return width - right < left


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two versions of the Brightline example and the two example companies, and their
    diff and comparison reports: English first, then each other language on its own."""
    from typer.testing import CliRunner

    from ethos.cli.app import app

    # Short relative names: the reports quote them, and a test's tmp path is English words.
    root = tmp_path_factory.mktemp("reports")
    shutil.copy(BRIGHTLINE, root / "old.yaml")
    copy_example(ACME, root / "acme.yaml")
    text = BRIGHTLINE.read_text(encoding="utf-8")
    for old, new in [
        ('version: "1.0"', 'version: "1.1"'),
        ("window_days: 30", "window_days: 60"),  # a parameter: material
        ("stance: automated_first", "stance: human_first"),  # more favourable to customers
        ("integrity@brightline.example", "speak-up@brightline.example"),  # editorial
        ("  - courtesy\n", "  - courtesy\n  - empathy\n"),  # a value added
        ("an accurate record", "a complete record"),  # a value reworded: editorial
    ]:
        assert old in text
        text = text.replace(old, new)
    (root / "new.yaml").write_text(text, encoding="utf-8")
    runner = CliRunner()
    commands = [
        ["diff", "old.yaml", "new.yaml", "-f", "md,html,pdf"],
        ["compare", "acme.yaml", "old.yaml", "-f", "md,html,pdf"],
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        for arguments in commands:
            result = runner.invoke(app, [*arguments, "-o", "out"])
            assert result.exit_code == 0, result.output
        shutil.copytree("out", "english")  # as the English run wrote them
        for language in REPORT_LANGUAGES:
            formats = "md,html,pdf" if language in {"it", "ur"} else "md,html"
            for arguments in commands:
                result = runner.invoke(
                    app, [*arguments, "-f", formats, "-l", language, "-o", "out"]
                )
                assert result.exit_code == 0, result.output
    return root / "out"


def report_files(reports: Path) -> dict[str, Path]:
    return {"diff": reports / "brightline-electronics", "compare": reports / "compare"}


STEMS = {"diff": DIFF_STEM, "compare": COMPARE_STEM}


@pytest.mark.parametrize("report", list(STEMS))
def test_one_file_per_language_named_like_the_chapter(reports: Path, report: str) -> None:
    folder = report_files(reports)[report]
    expected = {f"{STEMS[report]}.{language}.{fmt}" for language in ("en", "it", "ur")
                for fmt in ("md", "html", "pdf")}  # fmt: skip
    expected |= {f"{STEMS[report]}.zh.{fmt}" for fmt in ("md", "html")}
    assert {path.name for path in folder.iterdir()} == expected


def test_other_languages_leave_the_english_files_alone(reports: Path) -> None:
    english = sorted((reports.parent / "english").rglob("*.*"))
    assert sorted(path.name for path in english) == sorted(
        f"{stem}.en.{fmt}" for stem in STEMS.values() for fmt in ("html", "md", "pdf")
    )
    for before in english:
        after = reports / before.relative_to(reports.parent / "english")
        assert after.read_bytes() == before.read_bytes(), after


@pytest.mark.parametrize("language", REPORT_LANGUAGES)
@pytest.mark.parametrize("report", list(STEMS))
def test_report_is_wholly_in_its_language(reports: Path, report: str, language: str) -> None:
    stem = report_files(reports)[report] / STEMS[report]
    english_md = stem.with_suffix(".en.md").read_text(encoding="utf-8")
    markdown = stem.with_suffix(f".{language}.md").read_text(encoding="utf-8")
    page = stem.with_suffix(f".{language}.html").read_text(encoding="utf-8")
    # The check finds ethos's English where it is: the English report is full of it.
    assert len(english_left(english_md, language)) >= 10
    assert english_left(markdown, language) == []
    assert english_left(visible_text(page), language) == []
    setup = typesetting()[language]
    assert f'<html lang="{setup.html_lang}" dir="{setup.direction}">' in page
    title = re.search(r"<title>(.*?)</title>", page)[1]  # type: ignore[index]
    assert english_left(html.unescape(title), language) == []


@pytest.mark.parametrize("report", list(STEMS))
def test_urdu_pdf_is_right_to_left_and_in_urdu(reports: Path, report: str) -> None:
    stem = report_files(reports)[report] / STEMS[report]
    for language in ("ur", "en"):
        pdf = stem.with_suffix(f".{language}.pdf")
        assert PdfReader(pdf).trailer["/Root"]["/Lang"] == language
        assert title_aligned_right(pdf) is (language == "ur")
    assert english_left(pdf_text(stem.with_suffix(".ur.pdf")), "ur") == []
    assert english_left(pdf_text(stem.with_suffix(".it.pdf")), "it") == []


@pytest.mark.parametrize("language", REPORT_LANGUAGES)
def test_terminal_output_is_in_the_language_too(
    cli, reports: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(reports.parent)
    changes = cli("diff", "old.yaml", "new.yaml", "-f", "text", "-l", language)
    assert changes.exit_code == 0, changes.output
    assert len(changes.output.splitlines()) == 8  # heading, 6 changes, summary
    compared = cli("compare", "acme.yaml", "old.yaml", "-l", language)
    assert compared.exit_code == 0, compared.output
    for output in (changes.output, compared.output):
        assert english_left(output, language) == []


def test_diff_report_wording_in_italian(reports: Path) -> None:
    markdown = (reports / "brightline-electronics" / f"{DIFF_STEM}.it.md").read_text("utf-8")
    assert markdown.startswith(
        "# Modifiche al capitolo di Brightline Electronics\n\n"
        "Versione 1.0 (old.yaml) → versione 1.1 (new.yaml)\n\n"
        "**Serve una nuova presa visione: 3 modifiche sostanziali (Valore «Empatia»: nuova voce; "
        "Resi · Termine per il reso: 30 giorni → 60 giorni (più favorevole ai clienti); "
        "Contatto con i clienti: "
    )
    assert "| Rilevanza | Modifica | Prima | Dopo |" in markdown
    assert (
        "| sostanziale | Resi · Termine per il reso | 30 giorni | 60 giorni (più favorevole ai "
        "clienti) |"
    ) in markdown
    assert "| redazionale | Versione | 1.0 | 1.1 |" in markdown
    assert "| redazionale | Referente per l'etica · e-mail |" in markdown
    assert "## Modifiche evidenziate" in markdown
    # The .md file is plain Markdown: an unchanged section in italics, no HTML.
    assert "*Senza modifiche.*" in markdown
    assert "<p" not in markdown and "<del>" not in markdown


def test_compare_report_wording_in_chinese(reports: Path) -> None:
    markdown = (reports / "compare" / f"{COMPARE_STEM}.zh.md").read_text("utf-8")
    assert markdown.startswith("# 立场对比\n\nAcme Outfitters · Brightline Electronics\n\n**")
    assert (
        "项政策中有" in markdown
        and "| 政策 | Acme Outfitters | Brightline Electronics | 差异 |" in markdown
    )
    assert "Acme Outfitters对客户更有利" in markdown


def test_record_writes_the_summary_in_every_language(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    values = tmp_path / "acme.yaml"
    copy_example(ACME, values)
    text = values.read_text(encoding="utf-8")
    values.write_text(
        text.replace('version: "3.2"', 'version: "3.3"').replace(
            "retention_months: 36", "retention_months: 24"
        ),
        encoding="utf-8",
    )
    recorded = cli("diff", ACME, values, "--record")
    assert recorded.exit_code == 0, recorded.output
    assert values.read_text(encoding="utf-8").endswith(
        'revisions:\n  - version: "3.3"\n    date: 2026-03-01\n    summary:\n'
        '      en: "Record keeping · Retention period: 36 months → 24 months."\n'
        '      it: "Tenuta della documentazione · Periodo di conservazione: 36 mesi → 24 mesi."\n'
        '      tl: "Pagtatala · Tagal ng pag-iingat: 36 buwan → 24 buwan."\n'
        '      ur: "ریکارڈ کا اندراج · محفوظ رکھنے کی مدت: 36 مہینے ← 24 مہینے۔"\n'
        '      zh: "记录保存 · 保存期限：36个月 → 24个月。"\n'
    )
    check = cli("check", values)
    assert check.exit_code == 0, check.output
    built = cli("build", values, "-f", "md", "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    for language, heading in [("it", "Cronologia delle revisioni"), ("ur", "ترامیم کا ریکارڈ"),
                              ("zh", "修订记录"), ("en", "Revision history")]:  # fmt: skip
        chapter = (tmp_path / "out" / "acme-outfitters" / f"ethics-code.{language}.md").read_text(
            encoding="utf-8"
        )
        history = chapter[chapter.index(f"## {heading}") :]
        assert "| 3.3 |" in history
        if language != "en":
            assert english_left(history, language) == []
