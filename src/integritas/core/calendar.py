"""Working-day calendar and local time for Indonesian deadlines — pure Python, no Django import.

Source: ``shared/DOMAIN.md`` §9 ("Working days and time").

- Closures: national holidays (``public``) and *cuti bersama* (``government``) of Indonesia
  from the ``holidays`` package, country ``"ID"``, pinned to :data:`PINNED_HOLIDAYS_VERSION`
  (new SKB decrees arrive only with new releases; a silent upgrade would move deadlines —
  :func:`check_holidays_version` and the tests guard the pin), plus Saturdays and Sundays,
  plus per-Pemda overrides (:class:`CalendarOverrides`): regional closures added, national
  closures cancelled. The ``holidays`` package has no regional holidays.
- Time: instants are aware datetimes, stored in UTC; a Pemda's local day is in its zone —
  WIB ``Asia/Jakarta`` (also ``Asia/Pontianak``), WITA ``Asia/Makassar``, WIT
  ``Asia/Jayapura`` (zoneinfo; none of them observes daylight saving time).

Deadline convention (:meth:`WorkingCalendar.add_working_days`): the deadline of "n working
days" is the END of the local day (23:59:59.999999 local) of the n-th working day strictly
after the local date of receipt:

- the day of receipt is not counted, whatever the hour (Friday 16:00 + 1 → Monday, if Monday
  is a working day);
- a submission on a non-working day counts from the next working day: that day is day 1
  (Saturday + 1 → Monday; Friday-of-a-holiday + 1 → the first working day after it);
- ``n = 0`` gives the end of the local day of receipt itself.

:meth:`WorkingCalendar.working_days_between` is the inverse:
``working_days_between(start, add_working_days(start, n)) == n``.

Errors: :class:`CalendarError` (a :class:`ValueError`) with Indonesian messages —
:class:`UnknownTimeZoneError`, :class:`NaiveDatetimeError`, :class:`OverrideConflictError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import metadata
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

#: Version of the ``holidays`` package whose Indonesian data deadlines are computed with.
#: Changing it changes deadlines: bump it deliberately, together with pyproject.toml.
PINNED_HOLIDAYS_VERSION = "0.108"
#: Version actually installed (recorded alongside computed deadlines by callers who need to).
HOLIDAYS_VERSION: str = metadata.version("holidays")
HOLIDAYS_COUNTRY = "ID"
#: ``public`` = hari libur nasional, ``government`` = cuti bersama (SKB 3 Menteri each year).
HOLIDAYS_CATEGORIES: tuple[str, ...] = ("public", "government")
#: Holiday names in Bahasa Indonesia (the package ships an ``id`` translation).
HOLIDAYS_LANGUAGE = "id"

#: Saturday and Sunday (``date.weekday()`` numbering) are not working days.
WEEKEND_DAYS: frozenset[int] = frozenset({5, 6})

#: Accepted zone names: the IANA zones used in Indonesia and their common abbreviations.
TIME_ZONES: dict[str, str] = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
    "Asia/Jakarta": "Asia/Jakarta",
    "Asia/Pontianak": "Asia/Pontianak",
    "Asia/Makassar": "Asia/Makassar",
    "Asia/Jayapura": "Asia/Jayapura",
}
DEFAULT_TIME_ZONE = "Asia/Jakarta"


class CalendarError(ValueError):
    """Base of the calendar's errors; the message is Indonesian."""


class UnknownTimeZoneError(CalendarError):
    """A zone that is not one of :data:`TIME_ZONES`."""


class NaiveDatetimeError(CalendarError):
    """A datetime without tzinfo: its instant is ambiguous, so it is refused."""


class OverrideConflictError(CalendarError):
    """A date both added and removed, or an override that is not a plain date."""


class HolidaysVersionError(CalendarError):
    """The installed ``holidays`` package is not the pinned version."""


def check_holidays_version() -> str:
    """Return the installed ``holidays`` version; raise if it is not the pinned one."""
    if HOLIDAYS_VERSION != PINNED_HOLIDAYS_VERSION:
        raise HolidaysVersionError(
            f"Versi paket holidays {HOLIDAYS_VERSION} berbeda dari versi yang dipatok "
            f"{PINNED_HOLIDAYS_VERSION}; tenggat kerja dapat bergeser."
        )
    return HOLIDAYS_VERSION


def resolve_time_zone(name: str) -> ZoneInfo:
    """``"WIB"``/``"Asia/Jakarta"`` → ``ZoneInfo("Asia/Jakarta")``; raise for any other name."""
    key = TIME_ZONES.get(name.strip()) if isinstance(name, str) else None
    if key is None:
        raise UnknownTimeZoneError(
            f"Zona waktu tidak dikenal: {name!r} (gunakan WIB/Asia/Jakarta, "
            "WITA/Asia/Makassar atau WIT/Asia/Jayapura)."
        )
    return ZoneInfo(key)


@lru_cache(maxsize=64)
def national_closures(year: int) -> Mapping[date, str]:
    """National holidays and cuti bersama of ``year``: ``{date: Indonesian name}``.

    From ``holidays`` (country ID, categories public + government); a date with two events
    has their names joined by ``"; "``. Weekends are not included unless a holiday falls on
    one. Cached per year (the data is immutable for a given package version).
    """
    calendar = holidays.country_holidays(
        HOLIDAYS_COUNTRY,
        years=year,
        categories=HOLIDAYS_CATEGORIES,
        language=HOLIDAYS_LANGUAGE,
    )
    return MappingProxyType({day: str(name) for day, name in calendar.items()})


def _plain_date(value: object, what: str) -> date:
    # datetime is a subclass of date; a datetime here would hide a time-zone decision.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise OverrideConflictError(f"{what}: {value!r} bukan tanggal (date) biasa.")
    return value


@dataclass(frozen=True)
class CalendarOverrides:
    """Per-Pemda changes to the national calendar, as plain data.

    ``added``: extra closures (regional holidays, a local decree) — these dates are not
    working days. ``removed``: national holidays or cuti bersama cancelled for this Pemda —
    these dates are working days again unless they fall on a weekend (removing a Saturday does
    not make it a working day). A date may not be in both sets.
    """

    added: frozenset[date] = field(default_factory=frozenset)
    removed: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for day in self.added:
            _plain_date(day, "Tanggal libur tambahan")
        for day in self.removed:
            _plain_date(day, "Tanggal libur yang dibatalkan")
        both = self.added & self.removed
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise OverrideConflictError(
                f"Tanggal ditambahkan sekaligus dibatalkan sebagai hari libur: {listed}."
            )


NO_OVERRIDES = CalendarOverrides()


class WorkingCalendar:
    """Working days and local dates of one Pemda (one zone, one set of overrides).

    ``tz_name``: a key of :data:`TIME_ZONES` (``"Asia/Jakarta"``, ``"WITA"`` …); raises
    :class:`UnknownTimeZoneError` otherwise. ``overrides``: :class:`CalendarOverrides`.
    Instances are immutable and safe to share between threads.
    """

    __slots__ = ("_overrides", "_zone")

    def __init__(
        self, tz_name: str = DEFAULT_TIME_ZONE, overrides: CalendarOverrides = NO_OVERRIDES
    ) -> None:
        self._zone = resolve_time_zone(tz_name)
        self._overrides = overrides

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar({self._zone.key!r}, +{len(self._overrides.added)} "
            f"-{len(self._overrides.removed)}, holidays {HOLIDAYS_VERSION})"
        )

    @property
    def zone(self) -> ZoneInfo:
        """The Pemda's zone."""
        return self._zone

    @property
    def overrides(self) -> CalendarOverrides:
        """The overrides this calendar applies."""
        return self._overrides

    @property
    def holidays_version(self) -> str:
        """Version of the ``holidays`` data in use (to record next to computed deadlines)."""
        return HOLIDAYS_VERSION

    # -- time ---------------------------------------------------------------------------------

    def _require_aware(self, dt: datetime, what: str) -> None:
        if not isinstance(dt, datetime):
            raise TypeError(f"{what} harus datetime, diterima {type(dt).__name__}.")
        if dt.tzinfo is None or dt.utcoffset() is None:
            raise NaiveDatetimeError(
                f"{what} tidak memiliki zona waktu ({dt.isoformat()}); gunakan datetime "
                "dengan tzinfo (UTC untuk waktu yang disimpan)."
            )

    def local_date(self, dt: datetime) -> date:
        """The calendar date of instant ``dt`` in this Pemda's zone.

        2025-05-08 16:30 UTC is 2025-05-08 in WIB (23:30) but 2025-05-09 in WITA (00:30).
        Raises :class:`NaiveDatetimeError` for a naive datetime.
        """
        self._require_aware(dt, "Waktu")
        return dt.astimezone(self._zone).date()

    def end_of_local_day(self, day: date) -> datetime:
        """23:59:59.999999 local on ``day``, as an aware UTC datetime."""
        local = datetime.combine(_plain_day(day), time.max, tzinfo=self._zone)
        return local.astimezone(UTC)

    # -- days ---------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Whether local date ``d`` is a working day.

        Not a working day: Saturday, Sunday, a date in ``overrides.added``, or a national
        holiday / cuti bersama not in ``overrides.removed``. Raises :class:`TypeError` for a
        datetime (convert it with :meth:`local_date` first).
        """
        day = _plain_day(d)
        if day.weekday() in WEEKEND_DAYS or day in self._overrides.added:
            return False
        if day in self._overrides.removed:
            return True
        return day not in national_closures(day.year)

    def closure_reason(self, d: date) -> str | None:
        """Why ``d`` is not a working day (Indonesian), or ``None`` if it is one."""
        day = _plain_day(d)
        if self.is_working_day(day):
            return None
        if day in self._overrides.added:
            return "Libur daerah/tambahan"
        name = national_closures(day.year).get(day)
        if name is not None and day not in self._overrides.removed:
            return name
        return "Sabtu" if day.weekday() == 5 else "Minggu"

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after local date ``d``."""
        day = _plain_day(d) + timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """Deadline of ``n`` working days counted from instant ``start`` (module convention).

        Returns the end (23:59:59.999999 local) of the ``n``-th working day after the local
        date of ``start``, as an aware UTC datetime. ``n = 0`` → end of the local day of
        ``start``. Raises :class:`NaiveDatetimeError` for a naive ``start``, :class:`ValueError`
        for ``n < 0``.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise CalendarError(f"Jumlah hari kerja harus bilangan bulat ≥ 0, diterima {n!r}.")
        day = self.local_date(start)
        for _ in range(n):
            day = self.next_working_day(day)
        return self.end_of_local_day(day)

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Working days ``d`` with local(start) < d ≤ local(end); negative if end is earlier.

        The day of ``start`` is not counted, the day of ``end`` is, so
        ``working_days_between(s, add_working_days(s, n)) == n``. With ``end`` before
        ``start`` the result is ``-working_days_between(end, start)``. Raises
        :class:`NaiveDatetimeError` for a naive datetime.
        """
        first, last = self.local_date(start), self.local_date(end)
        if last < first:
            return -self.working_days_between(end, start)
        count = 0
        day = first + timedelta(days=1)
        while day <= last:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count


def _plain_day(d: date) -> date:
    if isinstance(d, datetime):
        raise TypeError(
            "Diperlukan tanggal (date), bukan datetime; ubah dulu dengan local_date(dt)."
        )
    if not isinstance(d, date):
        raise TypeError(f"Diperlukan tanggal (date), diterima {type(d).__name__}.")
    return d
