"""The conduct policies: the "Conduct at work" section, speaking up inside "Raising a
concern", and a group that locks staff conduct for its subsidiaries (the Halden example)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ethos.chapter.compose import compose_chapter
from ethos.errors import InvalidInputError
from ethos.values.loading import load_located
from ethos.values.policies import policy_definitions

from conftest import EXAMPLES
from helpers import copy_example, stance_data, values_data, write_values

HALDEN_ITALY = next(path for path in EXAMPLES if path.stem == "halden-casa-italia")
CONDUCT = [key for key, definition in policy_definitions().items() if definition.group == "conduct"]
GENERIC_CONCERN = (
    "You may raise a concern in confidence with your manager or with the contact below"
)
NO_RETALIATION = "does not allow anyone to be punished for raising a concern in good faith"


def _chapter(tmp_path: Path, policies: dict[str, object]) -> str:
    path = write_values(tmp_path, values_data(policies=policies))
    return compose_chapter(load_located(path)[1]).markdown


def _section(markdown: str, title: str) -> str:
    start = markdown.index(f"\n## {title}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


def test_eleven_conduct_policies_and_speaking_up_are_built_in() -> None:
    assert CONDUCT == [
        "conflicts_of_interest", "gifts", "bribery", "respect_at_work", "confidentiality",
        "social_media", "health_safety", "company_property", "fair_competition",
        "political_activity", "breaches",
    ]  # fmt: skip
    assert policy_definitions()["speaking_up"].group == "concern"


def test_conduct_at_work_states_each_policy_with_its_rules_numbered_on(tmp_path: Path) -> None:
    policies = {
        key: stance_data(key, next(iter(policy_definitions()[key].stances))) for key in CONDUCT
    }
    policies["returns"] = {"stance": "unconditional"}
    markdown = _chapter(tmp_path, policies)
    section = _section(markdown, "Conduct at work")
    titles = re.findall(r"^### (.+)$", section, flags=re.MULTILINE)
    assert titles[:3] == [
        "Conflicts of interest",
        "Gifts and hospitality",
        "Bribery and corruption",
    ]
    assert len(titles) == 11
    assert section.count("**Our stance:**") == 11
    # The code of conduct is numbered once: "Putting ethics into action" has the returns
    # rules (1-3), and "Conduct at work" goes on from 4 to its last rule.
    action = re.findall(r"^(\d+)\. ", _section(markdown, "Putting ethics into action"), re.M)
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", section, flags=re.MULTILINE)]
    assert numbers == list(range(len(action) + 1, len(action) + 1 + len(numbers)))
    assert len(numbers) == 33
    assert '"Putting ethics into action" and "Conduct at work" are the code of conduct' in markdown
    assert "It also sets out the standards of conduct for everyone" in markdown


def test_a_chapter_without_conduct_policies_has_no_conduct_section(tmp_path: Path) -> None:
    markdown = _chapter(tmp_path, {"returns": {"stance": "unconditional"}})
    assert "## Conduct at work" not in markdown
    assert '"Putting ethics into action" is the code of conduct that follows' in markdown
    assert "It also sets out the standards of conduct" not in markdown


def test_raising_a_concern_states_the_speaking_up_policy_when_there_is_one(
    tmp_path: Path,
) -> None:
    without = _section(_chapter(tmp_path, {}), "Raising a concern")
    assert GENERIC_CONCERN in without and NO_RETALIATION in without
    speaking_up = {
        "stance": "line_management",
        "channels": ["ethics_contact", "anonymous_line"],
        "acknowledge_days": 5,
    }
    stated = _section(_chapter(tmp_path, {"speaking_up": speaking_up}), "Raising a concern")
    # The policy replaces the general sentence, so the two never say different things.
    assert GENERIC_CONCERN not in stated
    assert "Concerns are raised first with the employee's manager" in stated
    assert "any of the following: the ethics contact and the confidential speak-up line" in stated
    assert "hears within 5 days that it was received" in stated
    assert "- Never treat anyone less well for raising a concern." in stated
    assert NO_RETALIATION in stated
    assert "## Speaking up" not in stated


def test_the_gift_limit_is_written_in_its_currency(tmp_path: Path) -> None:
    gifts = {"stance": "up_to_limit", "limit_amount": 75, "currency": "gbp", "gift_register": True}
    section = _section(_chapter(tmp_path, {"gifts": gifts}), "Conduct at work")
    assert "worth no more than £75, provided" in section
    assert "Record every offer in the gifts register" in section


def test_a_subsidiary_cannot_restate_a_conduct_stance_the_group_locked(tmp_path: Path) -> None:
    italy = copy_example(HALDEN_ITALY, tmp_path / "italy.yaml")
    text = italy.read_text(encoding="utf-8")
    italy.write_text(
        text.replace("\npolicies:\n", "\npolicies:\n  gifts:\n    stance: none_accepted\n"),
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError) as caught:
        load_located(italy)
    message = str(caught.value)
    assert "italy.yaml:" in message and "locked by the group file" in message
    assert "halden-group.yaml:" in message


def test_a_group_change_to_a_conduct_stance_shows_in_each_subsidiarys_diff(tmp_path: Path) -> None:
    from ethos.changes.diff import diff
    from ethos.values.sources import Source

    for folder in ("old", "new"):
        (tmp_path / folder).mkdir()
    old = copy_example(HALDEN_ITALY, tmp_path / "old" / "italy.yaml")
    new = copy_example(HALDEN_ITALY, tmp_path / "new" / "italy.yaml")
    group = tmp_path / "new" / "groups" / "halden-group.yaml"
    text = group.read_text(encoding="utf-8")
    text = text.replace("    limit_amount: 50\n", "    limit_amount: 100\n")
    text = text.replace("  political_activity:\n    stance: no_donations\n    locked: true\n", "")
    group.write_text(
        text.replace("    stance: need_to_know\n", "    stance: internal\n"), encoding="utf-8"
    )
    result = diff(Source(old), Source(new))
    described = [(change.describe(), change.material) for change in result.changes]
    assert described == [
        ("Gifts and hospitality · Value limit: €50 → €100 (less favourable to the public)", True),
        (
            "Confidentiality: Need to know → Within the company (less favourable to the public)",
            True,
        ),
        ("Political activity: removed (was No political donations)", True),
    ]


def test_explain_names_the_group_file_that_locks_each_conduct_stance() -> None:
    from ethos.changes.explain import explain

    rows = {origin.key: origin for origin in explain(HALDEN_ITALY)}
    for key in [*CONDUCT, "speaking_up"]:
        assert rows[f"policies.{key}"].kind == "locked", key
        assert "halden-group.yaml:" in rows[f"policies.{key}"].source, key
    assert rows["policies.returns"].kind == "own"
    assert rows["policies.training"].kind == "inherited"


@pytest.mark.parametrize(
    ("channels", "expected"),
    [
        (["ethics_contact"], "can raise it with the ethics contact."),
        (
            ["manager", "anonymous_line"],
            "can raise it with any of the following: their manager and the confidential "
            "speak-up line.",
        ),
    ],
)
def test_one_speak_up_channel_is_not_a_list(
    tmp_path: Path, channels: list[str], expected: str
) -> None:
    speaking_up = {"stance": "confidential", "channels": channels}
    assert expected in _section(
        _chapter(tmp_path, {"speaking_up": speaking_up}), "Raising a concern"
    )
