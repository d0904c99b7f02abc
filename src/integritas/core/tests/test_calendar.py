"""Tests of the working-day calendar (DOMAIN.md §9).

Expected dates are written out from the decrees as listed by ``holidays`` 0.108 (country ID,
categories public + government), never computed by the code under test. The decrees are the
yearly SKB of the Menteri Agama, Menteri Ketenagakerjaan and Menteri PANRB on "Hari Libur
Nasional dan Cuti Bersama" for 2025 and for 2026.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integritas.core.calendar import (
    PINNED_HOLIDAYS_VERSION,
    CalendarError,
    CalendarOverrides,
    NaiveDatetimeError,
    OverrideConflictError,
    UnknownTimeZoneError,
    WorkingCalendar,
    check_holidays_version,
    national_closures,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")

jakarta = WorkingCalendar("Asia/Jakarta")


def end_of_day_utc(day: date, zone: ZoneInfo) -> datetime:
    """23:59:59.999999 local on ``day`` as UTC — a test helper, not the code under test."""
    return datetime.combine(day, time(23, 59, 59, 999999), tzinfo=zone).astimezone(UTC)


def test_holidays_package_is_the_pinned_version() -> None:
    assert PINNED_HOLIDAYS_VERSION == "0.108"
    assert check_holidays_version() == "0.108"
    assert jakarta.holidays_version == "0.108"


# --- closures --------------------------------------------------------------------------------

# Idulfitri 1446 H (2025): 31 Mar – 1 Apr national holidays; cuti bersama 2, 3, 4, 7 Apr; and
# Fri 28 Mar cuti bersama of Nyepi (Sat 29 Mar) — SKB Hari Libur Nasional dan Cuti Bersama 2025.
IDULFITRI_2025_CLOSED = [
    date(2025, 3, 28),
    date(2025, 3, 31),
    date(2025, 4, 1),
    date(2025, 4, 2),
    date(2025, 4, 3),
    date(2025, 4, 4),
    date(2025, 4, 7),
]
# Nyepi and Idulfitri 1447 H (2026) as in holidays 0.108: Wed 18 Mar (cuti bersama Nyepi),
# Thu 19 Mar (Nyepi), Fri 20 Mar (cuti bersama), Sat 21 – Sun 22 Mar (Idulfitri),
# Mon 23 – Tue 24 Mar (cuti bersama).
IDULFITRI_2026_CLOSED = [
    date(2026, 3, 18),
    date(2026, 3, 19),
    date(2026, 3, 20),
    date(2026, 3, 21),
    date(2026, 3, 22),
    date(2026, 3, 23),
    date(2026, 3, 24),
]


@pytest.mark.parametrize("day", IDULFITRI_2025_CLOSED + IDULFITRI_2026_CLOSED)
def test_idulfitri_closures(day: date) -> None:
    assert not jakarta.is_working_day(day)
    assert jakarta.closure_reason(day) is not None


@pytest.mark.parametrize(
    "day", [date(2025, 3, 27), date(2025, 4, 8), date(2026, 3, 17), date(2026, 3, 25)]
)
def test_working_days_around_idulfitri(day: date) -> None:
    assert jakarta.is_working_day(day)
    assert jakarta.closure_reason(day) is None


def test_weekends_and_names() -> None:
    assert not jakarta.is_working_day(date(2025, 5, 10))  # Saturday
    assert jakarta.closure_reason(date(2025, 5, 10)) == "Sabtu"
    assert jakarta.closure_reason(date(2025, 5, 11)) == "Minggu"
    assert jakarta.closure_reason(date(2025, 3, 31)) == "Hari Raya Idul Fitri"
    assert date(2025, 4, 7) in national_closures(2025)
    assert date(2025, 4, 8) not in national_closures(2025)


# --- deadlines -------------------------------------------------------------------------------


def test_deadline_across_idulfitri_2025() -> None:
    start = datetime(2025, 3, 27, 10, 0, tzinfo=WIB)  # Thursday
    # 28 Mar – 7 Apr closed (holidays, cuti bersama, weekends): day 1 is Tue 8 Apr.
    assert jakarta.add_working_days(start, 1) == end_of_day_utc(date(2025, 4, 8), WIB)
    # 8, 9, 10, 11, 14 Apr.
    assert jakarta.add_working_days(start, 5) == end_of_day_utc(date(2025, 4, 14), WIB)


def test_deadline_across_idulfitri_2026() -> None:
    start = datetime(2026, 3, 17, 9, 0, tzinfo=WIB)  # Tuesday
    # 18 – 24 Mar closed: day 1 is Wed 25 Mar; days 1–3 are 25, 26, 27 Mar.
    assert jakarta.add_working_days(start, 1) == end_of_day_utc(date(2026, 3, 25), WIB)
    assert jakarta.add_working_days(start, 3) == end_of_day_utc(date(2026, 3, 27), WIB)


@pytest.mark.parametrize("zone", [WIB, WITA, WIT])
def test_friday_afternoon_before_vesak_long_weekend_2025(zone: ZoneInfo) -> None:
    # Fri 9 May 2025 16:00 local. Then Sat 10, Sun 11, Mon 12 May (Waisak 2569 BE) and
    # Tue 13 May (cuti bersama Waisak) — SKB 2025. Friday itself is not counted.
    calendar = WorkingCalendar(zone.key)
    start = datetime(2025, 5, 9, 16, 0, tzinfo=zone)
    deadline = calendar.add_working_days(start, 1)
    assert deadline == end_of_day_utc(date(2025, 5, 14), zone)  # Wednesday
    assert deadline.tzinfo is UTC
    assert calendar.add_working_days(start, 3) == end_of_day_utc(date(2025, 5, 16), zone)


def test_deadline_instants_differ_per_zone() -> None:
    start = datetime(2025, 5, 9, 9, 0, tzinfo=UTC)  # 16:00 WIB, 17:00 WITA, 18:00 WIT
    deadlines = {
        name: WorkingCalendar(name).add_working_days(start, 1) for name in ("WIB", "WITA", "WIT")
    }
    assert deadlines == {
        "WIB": datetime(2025, 5, 14, 16, 59, 59, 999999, tzinfo=UTC),
        "WITA": datetime(2025, 5, 14, 15, 59, 59, 999999, tzinfo=UTC),
        "WIT": datetime(2025, 5, 14, 14, 59, 59, 999999, tzinfo=UTC),
    }


def test_friday_before_imlek_long_weekend_2026() -> None:
    # Fri 13 Feb 2026 16:00 WIB; Mon 16 Feb cuti bersama Imlek, Tue 17 Feb Tahun Baru Imlek
    # 2577 Kongzili — SKB 2026. Day 1 is Wed 18 Feb.
    start = datetime(2026, 2, 13, 16, 0, tzinfo=WIB)
    assert jakarta.add_working_days(start, 1) == end_of_day_utc(date(2026, 2, 18), WIB)


def test_same_instant_different_local_days_near_midnight() -> None:
    instant = datetime(2025, 5, 8, 16, 30, tzinfo=UTC)  # Thursday 23:30 WIB, Friday 00:30 WITA
    wib, wita, wit = WorkingCalendar("WIB"), WorkingCalendar("WITA"), WorkingCalendar("WIT")
    assert wib.local_date(instant) == date(2025, 5, 8)
    assert wita.local_date(instant) == date(2025, 5, 9)
    assert wit.local_date(instant) == date(2025, 5, 9)
    # Received Thursday in WIB: day 1 is Friday 9 May. Received Friday in WITA/WIT: day 1 is
    # Wednesday 14 May (after the Waisak long weekend).
    assert wib.add_working_days(instant, 1) == datetime(2025, 5, 9, 16, 59, 59, 999999, tzinfo=UTC)
    assert wita.add_working_days(instant, 1) == datetime(
        2025, 5, 14, 15, 59, 59, 999999, tzinfo=UTC
    )
    assert wit.add_working_days(instant, 1) == datetime(2025, 5, 14, 14, 59, 59, 999999, tzinfo=UTC)


def test_submission_on_non_working_day_counts_from_next_working_day() -> None:
    saturday = datetime(2025, 5, 17, 10, 0, tzinfo=WIB)
    assert jakarta.add_working_days(saturday, 1) == end_of_day_utc(date(2025, 5, 19), WIB)
    holiday = datetime(2025, 3, 31, 8, 0, tzinfo=WIB)  # Idulfitri
    assert jakarta.add_working_days(holiday, 1) == end_of_day_utc(date(2025, 4, 8), WIB)


def test_zero_days_is_end_of_day_of_receipt() -> None:
    start = datetime(2025, 5, 9, 16, 0, tzinfo=WIB)
    assert jakarta.add_working_days(start, 0) == end_of_day_utc(date(2025, 5, 9), WIB)


def test_working_days_between() -> None:
    friday = datetime(2025, 5, 9, 16, 0, tzinfo=WIB)
    wednesday = datetime(2025, 5, 14, 8, 0, tzinfo=WIB)
    assert jakarta.working_days_between(friday, wednesday) == 1
    assert jakarta.working_days_between(wednesday, friday) == -1
    assert jakarta.working_days_between(friday, friday + timedelta(hours=1)) == 0
    # 27 Mar → 14 Apr 2025: 8, 9, 10, 11, 14 Apr.
    assert (
        jakarta.working_days_between(
            datetime(2025, 3, 27, tzinfo=WIB), datetime(2025, 4, 14, tzinfo=WIB)
        )
        == 5
    )


# --- overrides -------------------------------------------------------------------------------


def test_added_regional_closure_delays_deadline() -> None:
    calendar = WorkingCalendar("WIB", CalendarOverrides(added=frozenset({date(2025, 5, 14)})))
    start = datetime(2025, 5, 9, 16, 0, tzinfo=WIB)
    assert not calendar.is_working_day(date(2025, 5, 14))
    assert calendar.closure_reason(date(2025, 5, 14)) == "Libur daerah/tambahan"
    assert calendar.add_working_days(start, 1) == end_of_day_utc(date(2025, 5, 15), WIB)


def test_cancelled_holiday_brings_deadline_forward() -> None:
    calendar = WorkingCalendar("WIB", CalendarOverrides(removed=frozenset({date(2025, 5, 13)})))
    start = datetime(2025, 5, 9, 16, 0, tzinfo=WIB)
    assert calendar.is_working_day(date(2025, 5, 13))
    assert calendar.add_working_days(start, 1) == end_of_day_utc(date(2025, 5, 13), WIB)


def test_cancelling_a_weekend_holiday_keeps_the_weekend() -> None:
    calendar = WorkingCalendar("WIB", CalendarOverrides(removed=frozenset({date(2025, 3, 29)})))
    assert not calendar.is_working_day(date(2025, 3, 29))  # Nyepi on a Saturday


def test_override_conflicts_are_refused() -> None:
    day = date(2025, 5, 14)
    with pytest.raises(OverrideConflictError, match="2025-05-14"):
        CalendarOverrides(added=frozenset({day}), removed=frozenset({day}))
    with pytest.raises(OverrideConflictError, match="bukan tanggal"):
        CalendarOverrides(added=frozenset({datetime(2025, 5, 14, tzinfo=UTC)}))


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Europe/London", "UTC", "wib", "Asia/Jakarta/x", ""])
def test_unknown_time_zone(name: str) -> None:
    with pytest.raises(UnknownTimeZoneError, match="Zona waktu tidak dikenal"):
        WorkingCalendar(name)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2025, 5, 9, 16, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(NaiveDatetimeError, match="zona waktu"):
        jakarta.add_working_days(naive, 1)
    with pytest.raises(NaiveDatetimeError):
        jakarta.local_date(naive)
    with pytest.raises(NaiveDatetimeError):
        jakarta.working_days_between(datetime(2025, 5, 9, tzinfo=UTC), naive)


def test_bad_arguments() -> None:
    with pytest.raises(CalendarError):
        jakarta.add_working_days(datetime(2025, 5, 9, tzinfo=UTC), -1)
    with pytest.raises(TypeError, match="local_date"):
        jakarta.is_working_day(datetime(2025, 5, 9, tzinfo=UTC))


# --- properties ------------------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2024, 12, 1),  # noqa: DTZ001 - hypothesis bounds are naive by API
    max_value=datetime(2026, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
zones = st.sampled_from(["WIB", "WITA", "WIT"])


@settings(deadline=None)  # the first call per year loads that year's holidays
@given(instants, zones, st.integers(min_value=0, max_value=40))
def test_deadline_monotone_and_inverse(start: datetime, zone: str, n: int) -> None:
    calendar = WorkingCalendar(zone)
    deadline = calendar.add_working_days(start, n)
    later = calendar.add_working_days(start, n + 1)
    assert deadline < later
    assert calendar.working_days_between(start, deadline) == n
    assert deadline.tzinfo is UTC
    assert deadline.astimezone(calendar.zone).time() == time(23, 59, 59, 999999)
    assert calendar.is_working_day(calendar.local_date(later))


# --- purity ----------------------------------------------------------------------------------


def test_calendar_imports_no_django() -> None:
    code = (
        "import sys, integritas.core.calendar; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
