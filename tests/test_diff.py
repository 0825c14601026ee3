"""`ethos diff`: every change kind, its materiality, git revisions, the redline and --record."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ethos import compose
from ethos.changes.diff import diff, diff_versions
from ethos.changes.redline import UNCHANGED, redline
from ethos.changes.reports import ReportFiles
from ethos.changes.revisions import record_revision
from ethos.errors import OutputError
from ethos.values.loading import check
from ethos.values.sources import Source

from conftest import EXAMPLES
from helpers import copy_example, png_logo, values_data, write_values

BASE = values_data(
    values=["courtesy", "honesty", {"id": "craft", "title": "Craft", "statement": "We repair."}],
    policies={
        "returns": {"stance": "limited", "window_days": 30, "note": "Receipts help."},
        "customer_contact": {"stance": "human_first"},
    },
)


def changed(tmp_path: Path, edit: Any) -> list[tuple[str, str, bool, str | None]]:
    old = write_values(tmp_path, BASE, "old.yaml")
    data = copy.deepcopy(BASE)
    edit(data)
    new = write_values(tmp_path, data, "new.yaml")
    result = diff(Source(old), Source(new))
    return [(c.kind, c.describe(), c.material, c.direction) for c in result.changes]


def _set(path: str, value: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for part in parents:
            data = data.setdefault(part, {})
        if value is None:
            del data[last]
        else:
            data[last] = value

    return edit


CASES = {
    "stance more favourable": (_set("policies.returns", {"stance": "unconditional"}), [
        ("stance_changed", "Returns: Limited returns → Unconditional returns (more favourable to customers)", True, "more favourable to customers"),
        ("parameter_changed", "Returns · Return window: 30 days → not set", True, None),
        ("note_changed", "Returns · note: removed (was Receipts help.)", False, None)]),
    "stance less favourable": (_set("policies.customer_contact.stance", "automated_first"), [
        ("stance_changed", "Customer contact: People first → Automated first (less favourable to customers)", True, "less favourable to customers")]),
    "parameter": (_set("policies.returns.window_days", 60), [
        ("parameter_changed",
         "Returns · Return window: 30 days → 60 days (more favourable to customers)", True,
         "more favourable to customers")]),
    "policy added": (_set("policies.loyalty", {"stance": "occasional"}), [
        ("policy_added", "Rewards for returning customers: added (Occasional offers)", True, None)]),
    "policy removed": (_set("policies.customer_contact", None), [
        ("policy_removed", "Customer contact: removed (was People first)", True, None)]),
    "value added": (lambda d: d["values"].append("empathy"), [
        ("value_added", "Value “Empathy”: added", True, None)]),
    "value removed": (lambda d: d["values"].remove("courtesy"), [
        ("value_removed", "Value “Courtesy”: removed", True, None)]),
    "value reworded": (lambda d: d["values"][2].update(statement="We repair first."), [
        ("value_reworded", "Value “Craft”: reworded", False, None)]),
    "catalog value given own wording": (lambda d: d["values"].__setitem__(1, {"id": "honesty", "statement": "We never lie."}), [
        ("value_reworded", "Value “Honesty”: reworded", False, None)]),
    "note": (_set("policies.returns.note", "Keep your receipt."), [
        ("note_changed", "Returns · note: Receipts help. → Keep your receipt.", False, None)]),
    "contact": (_set("company.ethics_contact.email", "speak-up@test.example"), [
        ("contact_changed", "Ethics contact · email: ethics@test.example → speak-up@test.example", False, None)]),
    "version and date": (lambda d: d["document"].update(version="1.1", effective_date="2026-09-01"), [
        ("version_changed", "Version: 1.0 → 1.1", False, None),
        ("effective_date_changed", "Effective date: 2026-02-01 → 2026-09-01", False, None)]),
    "title": (_set("document.title", "Service Ethics"), [
        ("title_changed", "Title: added (Service Ethics)", False, None)]),
    "company": (_set("company.industry", "bicycle repair"), [
        ("industry_changed", "Industry: added (bicycle repair)", False, None)]),
    "paper": (_set("document.paper", "Letter"), [
        ("paper_changed", "Paper: A4 → Letter", False, None)]),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_every_change_kind_and_its_materiality(tmp_path: Path, case: str) -> None:
    edit, expected = CASES[case]
    assert changed(tmp_path, edit) == expected


def test_summary_says_whether_employees_must_sign_again(tmp_path: Path) -> None:
    old = write_values(tmp_path, BASE, "old.yaml")
    assert diff(Source(old), Source(old)).summary == "No changes."
    data = copy.deepcopy(BASE)
    data["policies"]["returns"]["note"] = "Keep your receipt."
    editorial = diff(Source(old), Source(write_values(tmp_path, data, "a.yaml")))
    assert editorial.summary == (
        "No re-acknowledgement needed: 1 editorial change only (wording, contact or dates)."
    )
    data["policies"]["returns"]["window_days"] = 60
    same_version = diff(Source(old), Source(write_values(tmp_path, data, "b.yaml")))
    assert same_version.version_unchanged
    assert same_version.summary == (
        "Re-acknowledgement needed: 1 material change (Returns · Return window: 30 days → "
        "60 days (more favourable to customers)) and 1 editorial. Employees must acknowledge version 1.0. The version is "
        "still 1.0: raise it, so that each signature names the version it acknowledges."
    )
    data["document"]["version"] = "1.1"
    raised = diff(Source(old), Source(write_values(tmp_path, data, "c.yaml")))
    assert not raised.version_unchanged
    assert raised.as_json()["reacknowledgment_required"] is True
    assert raised.summary.endswith("Employees must acknowledge version 1.1.")


def git(directory: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", *arguments],
        cwd=directory, check=True, capture_output=True,
    )  # fmt: skip


def test_git_revision_as_old_version(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(EXAMPLES[1], tmp_path / "bright.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "bright.yaml")
    git(tmp_path, "commit", "-qm", "v1")
    text = (tmp_path / "bright.yaml").read_text(encoding="utf-8")
    (tmp_path / "bright.yaml").write_text(text.replace("window_days: 30", "window_days: 60"))
    result = cli("diff", f"{tmp_path / 'bright.yaml'}@HEAD", tmp_path / "bright.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["old"]["source"].endswith("bright.yaml@HEAD")
    assert [(c["kind"], c["old"], c["new"]) for c in data["changes"]] == [
        ("parameter_changed", "30 days", "60 days")
    ]
    missing = cli("diff", f"{tmp_path / 'bright.yaml'}@no-such-rev", tmp_path / "bright.yaml")
    assert missing.exit_code == 2
    assert "'no-such-rev' names no commit in the git repository" in missing.output


def test_redline_collapses_unchanged_sections_and_marks_words(tmp_path: Path) -> None:
    old = write_values(tmp_path, BASE, "old.yaml")
    data = copy.deepcopy(BASE)
    data["policies"]["returns"]["window_days"] = 60
    new = write_values(tmp_path, data, "new.yaml")
    marked = redline(compose(old).markdown, compose(new).markdown)
    assert f"## Introduction\n\n{UNCHANGED}" in marked
    assert "### Customer contact\n\n" + UNCHANGED in marked  # unchanged subsection, too
    assert "within <del>30</del><ins>60</ins> days of purchase" in marked
    assert "Explain the <del>30-day</del><ins>60-day</ins> return period" in marked


def test_report_files_have_the_redline(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = write_values(tmp_path, BASE, "old.yaml")
    data = copy.deepcopy(BASE)
    data["policies"]["returns"]["window_days"] = 60
    data["document"]["version"] = "1.1"
    new = write_values(tmp_path, data, "new.yaml")
    result = cli("diff", old, new, "-f", "html,pdf", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "test-co" / "changes-1-0-to-1-1.en.html").read_text(encoding="utf-8")
    assert "<del>30</del><ins>60</ins>" in html
    pdf = tmp_path / "out" / "test-co" / "changes-1-0-to-1-1.en.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "Re-acknowledgement needed" in text and "Redline" in text


def test_record_appends_to_the_revision_history(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = write_values(tmp_path, BASE, "old.yaml")
    data = copy.deepcopy(BASE)
    data["policies"]["returns"]["window_days"] = 60
    data["document"]["version"] = "1.1"
    new = write_values(tmp_path, data, "new.yaml")
    result = cli("diff", old, new, "--record")
    assert result.exit_code == 0, result.output
    (values_file,) = check([new]).files
    (revision,) = values_file.revisions
    assert (revision.version, str(revision.date)) == ("1.1", "2026-02-01")
    assert revision.summary == (
        "Returns · Return window: 30 days → 60 days (more favourable to customers)."
    )
    chapter = compose(new).markdown
    assert "## Revision history" in chapter
    assert (
        "| 1.1 | 1 February 2026 | Returns · Return window: 30 days → 60 days (more "
        "favourable to customers). |"
    ) in chapter
    again = cli("diff", old, new, "--record")
    assert again.exit_code == 1
    assert "the revision history already has version 1.1" in again.output


def test_record_keeps_comments_and_needs_a_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    new = tmp_path / "acme.yaml"
    copy_example(EXAMPLES[0], new)
    before = new.read_text(encoding="utf-8")
    data = before.replace('version: "3.2"', 'version: "3.3"')
    new.write_text(data, encoding="utf-8")
    assert cli("diff", EXAMPLES[0], new, "--record").exit_code == 0
    after = new.read_text(encoding="utf-8")
    assert after.startswith(data.rstrip("\n"))  # everything before is kept, comments too
    assert after.endswith(
        'revisions:\n  - version: "3.3"\n    date: 2026-03-01\n    summary:\n'
        '      en: "Version: 3.2 → 3.3."\n      it: "Versione: 3.2 → 3.3."\n'
        '      tl: "Bersiyon: 3.2 → 3.3."\n      ur: "ورژن: 3.2 ← 3.3۔"\n      zh: "版本：3.2 → 3.3。"\n'
    )  # one summary per language of the file (see test_report_languages.py)
    assert cli("diff", EXAMPLES[0], f"{new}@HEAD", "--record").exit_code == 2


def test_record_as_a_library_call_validates_before_writing(tmp_path: Path) -> None:
    new = write_values(tmp_path, BASE, "new.yaml")
    record_revision(new, check([new]).files[0], check([new]).files[0])
    (revision,) = check([new]).files[0].revisions
    assert (revision.summary, revision.date) == ("No changes.", dt.date(2026, 2, 1))


def test_diff_versions_does_all_the_command_does_as_one_library_call(tmp_path: Path) -> None:
    base = values_data(policies={"returns": {"stance": "limited", "window_days": 30}})
    old = write_values(tmp_path, base, "old.yaml")
    data = copy.deepcopy(base)
    data["policies"]["returns"]["window_days"] = 60
    data["document"]["version"] = "1.1"
    new = write_values(tmp_path, data, "new.yaml")
    with pytest.raises(OutputError, match=r"new\.yaml@HEAD: it is not a file on disk"):
        diff_versions(Source(old), Source(new, "HEAD"), record=True)
    files = ReportFiles(tmp_path / "out", ("md",))
    report = diff_versions(
        Source(old), Source(new), languages=["en", "it"], reports=files, record=True
    )
    assert [result.language for result in report.diffs] == ["en", "it"]
    assert report.diffs[0].summary == diff(Source(old), Source(new)).summary
    assert [path.relative_to(tmp_path / "out").as_posix() for path in report.written] == [
        "test-co/changes-1-0-to-1-1.en.md",
        "test-co/changes-1-0-to-1-1.it.md",
    ]
    assert report.recorded == (
        '  - version: "1.1"\n    date: 2026-02-01\n'
        '    summary: "Returns · Return window: 30 days → 60 days (more favourable to '
        'customers)."'
    )
    (values_file,) = check([new]).files
    assert [revision.version for revision in values_file.revisions] == ["1.1"]


def test_the_logo_and_the_accent_colour_are_editorial_changes(tmp_path: Path) -> None:
    data = values_data()
    old = write_values(tmp_path, data, "a.yaml")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.png").write_bytes(png_logo())
    data["company"] = {**data["company"], "logo": "brand/logo.png", "accent_colour": "#2e6b3f"}
    result = diff(Source(old), Source(write_values(tmp_path, data, "b.yaml")))
    assert [(c.kind, c.title, c.old, c.new, c.material) for c in result.changes] == [
        ("logo_changed", "Logo", None, "brand/logo.png", False),
        ("accent_colour_changed", "Accent colour", None, "#2e6b3f", False),
    ]
