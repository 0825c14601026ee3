"""Switches, numbers, dates and addresses are read as the JSON Schema reads them.

pydantic's lax mode took `yes`, `on` and `1` for true, `"24"` and `true` for numbers, a
Unix time or a date with a time for a date, and trimmed spaces off addresses the schema
refuses: editors flagged what `ethos check` accepted. Each refusal says what to write.
tests/test_schema_agreement.py checks the verdicts against real validators; this file
checks the wording.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from ethos import load
from ethos.errors import InvalidInputError
from ethos.values import text_fields

from helpers import write_text

HEADER = """\
ethos: 1
company:
  name: Test Co
  ethics_contact: {email: ethics@test.example}
document:
  version: "1.0"
  effective_date: 2026-02-01
values: [honesty]
"""


def messages(path: Path) -> list[str]:
    with pytest.raises(InvalidInputError) as caught:
        load(path)
    return [str(problem) for problem in caught.value.problems]


def test_switches_are_true_or_false(tmp_path: Path) -> None:
    path = write_text(
        tmp_path,
        HEADER
        + "policies:\n"
        + "  product_safety: {stance: proactive, notify_customers: yes}\n"
        + "  advertising: {stance: honest, rain_checks: on}\n"
        + "  loyalty: {stance: program, member_promotions: 1}\n"
        + '  employees: {stance: market, recognition: "true"}\n'
        + "  training: {stance: onboarding, incentives: [true]}\n",
    )
    where = f"{path}:{{}}: policies."
    assert messages(path) == [
        where.format("10:57")
        + "product_safety.notify_customers: 'yes' does not switch this on or off — write "
        "true or false",
        where.format("11:46")
        + "advertising.rain_checks: 'on' does not switch this on or off — write true or false",
        where.format("12:49")
        + "loyalty.member_promotions: '1' does not switch this on or off — write true or false",
        where.format("13:44")
        + "employees.recognition: 'true' is in quotes, which makes it text — write true or false",
        where.format("14:46") + "training.incentives: expected a switch — write true or false",
    ]


def test_numbers_are_numbers(tmp_path: Path) -> None:
    path = write_text(
        tmp_path,
        HEADER
        + "policies:\n"
        + '  customer_data: {stance: never, retention_months: "24"}\n'
        + "  returns: {stance: limited, window_days: true}\n"
        + "  loyalty: {stance: program, discount_percent: ten, price_lock_days: 7.5}\n"
        + "  response_times: {stance: target, callback_hours: [24]}\n",
    )
    where = f"{path}:{{}}: policies."
    assert messages(path) == [
        where.format("10:52") + "customer_data.retention_months: '24' is in quotes, which makes "
        "it text — write the number without quotes: 24",
        where.format("11:43") + "returns.window_days: 'true' is a yes/no switch, not a number — "
        "write a whole number, e.g. 30",
        where.format("12:48") + "loyalty.discount_percent: 'ten' is not a number — write a "
        "number, e.g. 10",
        where.format("12:70") + "loyalty.price_lock_days: '7.5' is not a whole number — write a "
        "whole number, e.g. 30",
        where.format("13:52") + "response_times.callback_hours: expected a number — write a "
        "whole number, e.g. 30",
    ]


def test_the_format_version_is_the_number_one(tmp_path: Path) -> None:
    path = write_text(tmp_path, HEADER.replace("ethos: 1\n", "ethos: true\n"))
    assert messages(path) == [
        f"{path}:1:8: ethos: 'true' is a yes/no switch, not a number — write 1",
    ]


def test_dates_are_iso_dates(tmp_path: Path) -> None:
    path = write_text(
        tmp_path,
        HEADER.replace("2026-02-01", "2026-03-01 10:00:00")
        + "revisions:\n"
        + "  - {version: '0.7', date: 2026-03-01T00:00:00Z, summary: x}\n"
        + "  - {version: '0.8', date: 1772323200, summary: x}\n"
        + "  - {version: '0.9', date: 2026-3-1, summary: x}\n",
    )
    assert messages(path) == [
        f"{path}:7:19: document.effective_date: '2026-03-01 10:00:00' is a date and time — "
        "write the date alone, as YYYY-MM-DD",
        f"{path}:10:28: revisions[0].date: '2026-03-01T00:00:00Z' is a date and time — write "
        "the date alone, as YYYY-MM-DD",
        f"{path}:11:28: revisions[1].date: '1772323200' is not a date — write it as "
        "YYYY-MM-DD, e.g. 2026-03-01",
        f"{path}:12:28: revisions[2].date: '2026-3-1' is not a date — write it as YYYY-MM-DD, "
        "e.g. 2026-03-01",
    ]


def test_addresses_have_no_spaces_around_them(tmp_path: Path) -> None:
    contact = '{email: "ethics@test.example ", url: " https://test.example/ethics"}'
    path = write_text(tmp_path, HEADER.replace("{email: ethics@test.example}", contact))
    assert messages(path) == [
        f"{path}:4:27: company.ethics_contact.email: 'ethics@test.example ' has spaces before "
        "or after it — remove them",
        f"{path}:4:56: company.ethics_contact.url: ' https://test.example/ethics' has spaces "
        "before or after it — remove them",
    ]


def test_what_yaml_12_and_the_schema_accept_still_loads(tmp_path: Path) -> None:
    path = write_text(
        tmp_path,
        HEADER.replace("ethos: 1\n", "ethos: 1.0\n")
        + "policies:\n"
        + "  product_safety: {stance: proactive, notify_customers: True}\n"
        + "  returns: {stance: limited, window_days: 30.0}\n"
        + "  loyalty: {stance: program, discount_percent: 7.5, member_promotions: FALSE}\n",
    )
    values_file = load(path)
    assert values_file.policies.product_safety is not None
    assert values_file.policies.product_safety.notify_customers is True
    assert values_file.policies.returns is not None
    assert values_file.policies.returns.window_days == 30
    assert values_file.policies.loyalty is not None
    assert values_file.policies.loyalty.discount_percent == 7.5
    assert str(values_file.document.effective_date) == "2026-02-01"


def test_the_schema_trims_the_spaces_ethos_trims() -> None:
    """The schema's text pattern spells out the spaces that pydantic and Python trim."""
    spaces = {
        character
        for character in map(chr, range(0x110000))
        if character.isspace() and unicodedata.category(character) != "Cc"
    }
    in_class = re.compile(f"[{text_fields._SPACES}]")
    assert {character for character in map(chr, range(0x110000)) if in_class.match(character)} == (
        spaces
    )
    short_text = TypeAdapter(text_fields.ShortText)
    assert all(short_text.validate_python(f"{space}x{space}") == "x" for space in spaces)
