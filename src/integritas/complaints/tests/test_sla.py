"""Working-day clocks on real 2025/2026 dates (SKB cuti bersama) and the ratios (pure)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integritas.complaints import sla
from integritas.complaints.tests.factories import at
from integritas.core.calendar import CalendarOverrides, WorkingCalendar

WIB = WorkingCalendar("Asia/Jakarta")
POLICY = sla.DEFAULT_POLICY


def end_of_day_wib(year: int, month: int, day: int) -> dt.datetime:
    """23:59:59.999999 WIB of a date = 16:59:59.999999 UTC."""
    return dt.datetime(year, month, day, 16, 59, 59, 999999, tzinfo=dt.UTC)


def test_defaults_are_domain_md_section_6() -> None:
    assert (POLICY.forward_days, POLICY.answer_days, POLICY.autoclose_days) == (3, 5, 10)


def test_forward_deadline_across_nyepi_and_idul_fitri_2025() -> None:
    # Thu 27 Mar 2025. Closed: 28 Mar (cuti bersama Nyepi), 29–30 weekend, 31 Mar–1 Apr
    # (Idul Fitri), 2–4 and 7 Apr (cuti bersama), 5–6 weekend. Working: 8, 9, 10 Apr.
    assert sla.forward_deadline(WIB, at(2025, 3, 27), POLICY) == end_of_day_wib(2025, 4, 10)


def test_answer_deadline_across_idul_fitri_2026() -> None:
    # Tue 17 Mar 2026. Closed: 18 (cuti Nyepi), 19 (Nyepi), 20 (cuti), 21–22 (Idul Fitri,
    # weekend), 23–24 (cuti bersama). Working: 25, 26, 27, 30, 31 Mar.
    assert sla.answer_deadline(WIB, at(2026, 3, 17, 9), POLICY) == end_of_day_wib(2026, 3, 31)


def test_autoclose_deadline_across_christmas_2025() -> None:
    # Mon 15 Dec 2025. Working: 16, 17, 18, 19, 22, 23, 24, 29, 30, 31 (25 Natal, 26 cuti).
    assert sla.autoclose_deadline(WIB, at(2025, 12, 15, 14), POLICY) == end_of_day_wib(2025, 12, 31)


def test_regional_holiday_override_moves_the_deadline() -> None:
    # Thu 10 Sep 2026 with a regional closure on Mon 14 Sep: working 11, 15, 16 Sep.
    calendar = WorkingCalendar(
        "Asia/Jakarta", CalendarOverrides(added=frozenset({dt.date(2026, 9, 14)}))
    )
    assert sla.forward_deadline(calendar, at(2026, 9, 10), POLICY) == end_of_day_wib(2026, 9, 16)
    assert sla.forward_deadline(WIB, at(2026, 9, 10), POLICY) == end_of_day_wib(2026, 9, 15)


def test_a_late_evening_utc_submission_counts_from_the_local_day() -> None:
    # 2025-04-08 18:30 UTC is Wed 9 Apr 01:30 WIB: days 10, 11, 14 Apr.
    received = dt.datetime(2025, 4, 8, 18, 30, tzinfo=dt.UTC)
    assert sla.forward_deadline(WIB, received, POLICY) == end_of_day_wib(2025, 4, 14)


def test_configurable_policy() -> None:
    policy = sla.SlaPolicy(forward_days=1, answer_days=2, autoclose_days=3, reopen_days=4)
    # Fri 2 May 2025 + 1 working day → Mon 5 May.
    assert sla.forward_deadline(WIB, at(2025, 5, 2), policy) == end_of_day_wib(2025, 5, 5)
    with pytest.raises(ValueError, match="hari kerja"):
        sla.SlaPolicy(forward_days=0)


def test_clock_state() -> None:
    due = end_of_day_wib(2025, 4, 10)
    assert sla.clock_state(WIB, at(2025, 4, 11, 8), due) == "overdue"
    assert sla.clock_state(WIB, at(2025, 4, 9, 8), due) == "due_soon"
    assert sla.clock_state(WIB, at(2025, 4, 8, 8), due) == "on_time"
    assert sla.clock_state(WIB, at(2025, 4, 8, 8), None) == "none"


def test_lke_ratio_real_2024_sheet() -> None:
    # DOMAIN.md §1: the real 2024 sheet reads 157/170 = 92.35 %.
    value = sla.lke_complaint_ratio(157, 170)
    assert value == Fraction(157, 170)
    assert sla.percent(value) == "92,35 %"
    assert sla.lke_complaint_ratio(0, 0) is None


def test_year_over_year_change() -> None:
    assert sla.change(100, 55) == Fraction(-45, 100)
    assert sla.change(0, 10) is None


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_lke_ratio_is_capped_and_never_divides_by_zero(finished: int, total: int) -> None:
    value = sla.lke_complaint_ratio(finished, total)
    if total == 0:
        assert value is None
    else:
        assert value is not None and 0 <= value <= 1
        assert value == min(Fraction(finished, total), 1)


@given(
    st.integers(0, 30),
    st.datetimes(  # bounds are naive by hypothesis' API; the values carry UTC
        min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001
        max_value=dt.datetime(2026, 12, 20),  # noqa: DTZ001
        timezones=st.just(dt.UTC),
    ),
)
def test_deadline_is_n_working_days_later(days: int, start: dt.datetime) -> None:
    policy = sla.SlaPolicy(forward_days=max(days, 1))
    due = sla.forward_deadline(WIB, start, policy)
    assert WIB.working_days_between(start, due) == policy.forward_days
    assert WIB.is_working_day(WIB.local_date(due))
