"""Exemption limits change on 2026-01-20 by date received; deadlines skip closures."""

from __future__ import annotations

import datetime as dt

import pytest

from integritas.gratification import rules

BEFORE = dt.date(2026, 1, 19)
FROM = dt.date(2026, 1, 20)


def _exempt(day: dt.date, occasion: str, value: int, kind: str = "barang", year: int = 0) -> bool:
    return rules.check_exemption(
        received_on=day,
        occasion=occasion,
        object_kind=kind,
        value=value,
        same_giver_this_year=year,
    ).exempt


def test_rule_set_by_date_received() -> None:
    assert rules.rule_set_for(BEFORE).regulation == "Peraturan KPK 2/2019"
    assert rules.rule_set_for(FROM).regulation == "Peraturan KPK 1/2026"


@pytest.mark.parametrize(
    ("occasion", "value", "before", "after"),
    [
        ("upacara", 1_000_000, True, True),
        ("upacara", 1_200_000, False, True),
        ("upacara", 1_500_000, False, True),
        ("upacara", 1_500_001, False, False),
        ("musibah", 1_000_000, True, True),
        ("musibah", 1_000_001, False, False),
        ("rekan", 200_000, True, True),
        ("rekan", 450_000, False, True),
        ("rekan", 500_001, False, False),
        ("rekan_acara", 300_000, True, True),
        ("rekan_acara", 400_000, False, True),
        ("kedinasan", 10_000, False, False),
    ],
)
def test_limits_on_both_sides_of_2026_01_20(
    occasion: str, value: int, before: bool, after: bool
) -> None:
    assert _exempt(BEFORE, occasion, value) is before
    assert _exempt(FROM, occasion, value) is after


def test_money_between_colleagues_is_never_exempt() -> None:
    assert not _exempt(FROM, "rekan", 100_000, kind="uang")


def test_yearly_caps() -> None:
    assert _exempt(BEFORE, "rekan", 200_000, year=800_000)
    assert not _exempt(BEFORE, "rekan", 200_000, year=800_001)
    assert _exempt(FROM, "rekan", 500_000, year=1_000_000)
    assert not _exempt(FROM, "rekan", 500_000, year=1_000_001)


def test_refusals_are_reported_whatever_the_value() -> None:
    result = rules.check_exemption(
        received_on=FROM, occasion="upacara", object_kind="barang", value=1, form="penolakan"
    )
    assert not result.exempt


def test_completion_period_changes_with_the_rules() -> None:
    assert rules.rule_set_for(BEFORE).completion_days == 30
    assert rules.rule_set_for(FROM).completion_days == 20
