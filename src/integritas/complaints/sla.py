"""Working-day clocks and complaint ratios — pure Python, no Django import.

Sources:

- DOMAIN.md §6 (SP4N-LAPOR! public flow, PermenPANRB 62/2018): a complaint is verified and
  forwarded within **3** days, the agency follows up and replies within **5** days, the
  reporter may respond, and it is closed automatically **10** days after the reply with no
  response [1]. DOMAIN.md says to treat these as working days and keep them configurable
  [?]; :data:`DEFAULT_POLICY` holds these defaults and each Pemda may change them.
- The window in which the complainant may reopen an answered complaint is not fixed by any
  regulation we know of; it defaults to the same 10 working days after the answer
  (configuration, DOMAIN.md §6 [?]).
- DOMAIN.md §9: working days come from :class:`integritas.core.calendar.WorkingCalendar`
  (national holidays, cuti bersama, weekends, the Pemda's overrides); a deadline of *n*
  working days ends at the end of the *n*-th working day after the local day of the start.
- DOMAIN.md §1, reform numeric items: LKE "penanganan pengaduan" = complaints finished /
  complaints to be followed up (real 2024 sheet: 157/170 = 92.35 %), capped at 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from integritas.core.calendar import WorkingCalendar

#: Working days to verify and forward a complaint (DOMAIN.md §6, SP4N-LAPOR! [C]).
DEFAULT_FORWARD_DAYS = 3
#: Working days for the responsible unit to follow up and answer (DOMAIN.md §6 [C]).
DEFAULT_ANSWER_DAYS = 5
#: Working days after the answer with no response before automatic closing (DOMAIN.md §6 [1]).
DEFAULT_AUTOCLOSE_DAYS = 10
#: Working days after the answer in which the complainant may reopen (configuration [?]).
DEFAULT_REOPEN_DAYS = 10


@dataclass(frozen=True)
class SlaPolicy:
    """A Pemda's complaint clocks, in working days (each ≥ 1)."""

    forward_days: int = DEFAULT_FORWARD_DAYS
    answer_days: int = DEFAULT_ANSWER_DAYS
    autoclose_days: int = DEFAULT_AUTOCLOSE_DAYS
    reopen_days: int = DEFAULT_REOPEN_DAYS

    def __post_init__(self) -> None:
        for name in ("forward_days", "answer_days", "autoclose_days", "reopen_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
                raise ValueError(
                    f"{name} harus bilangan bulat 1–60 hari kerja, diterima {value!r}."
                )


DEFAULT_POLICY = SlaPolicy()


def forward_deadline(
    calendar: WorkingCalendar, received_at: dt.datetime, policy: SlaPolicy
) -> dt.datetime:
    """End of the local day by which a complaint received at ``received_at`` must be forwarded."""
    return calendar.add_working_days(received_at, policy.forward_days)


def answer_deadline(
    calendar: WorkingCalendar, forwarded_at: dt.datetime, policy: SlaPolicy
) -> dt.datetime:
    """End of the local day by which the responsible unit must answer (counted from disposition)."""
    return calendar.add_working_days(forwarded_at, policy.answer_days)


def autoclose_deadline(
    calendar: WorkingCalendar, answered_at: dt.datetime, policy: SlaPolicy
) -> dt.datetime:
    """End of the local day after which an answer with no response closes the complaint."""
    return calendar.add_working_days(answered_at, policy.autoclose_days)


def reopen_deadline(
    calendar: WorkingCalendar, answered_at: dt.datetime, policy: SlaPolicy
) -> dt.datetime:
    """End of the local day until which the complainant may reopen an answered complaint."""
    return calendar.add_working_days(answered_at, policy.reopen_days)


def clock_state(calendar: WorkingCalendar, now: dt.datetime, due: dt.datetime | None) -> str:
    """``"none"`` (no clock), ``"overdue"`` (``now`` after ``due``), ``"due_soon"`` (``due``
    falls on the local day of ``now`` or on the next working day) or ``"on_time"``.

    Values match :class:`integritas.complaints.choices.SlaState`.
    """
    if due is None:
        return "none"
    if now > due:
        return "overdue"
    today = calendar.local_date(now)
    if calendar.local_date(due) <= calendar.next_working_day(today):
        return "due_soon"
    return "on_time"


def met(done_at: dt.datetime | None, due: dt.datetime | None) -> bool | None:
    """Whether a step finished at ``done_at`` kept its deadline ``due`` (None: not finished)."""
    if done_at is None or due is None:
        return None
    return done_at <= due


def ratio(numerator: int, denominator: int, *, cap: bool = False) -> Fraction | None:
    """``numerator / denominator`` exactly, or None when the denominator is 0 (never divide by 0).

    With ``cap`` the value is limited to 1 (LKE numeric items, DOMAIN.md §1).
    """
    if numerator < 0 or denominator < 0:
        raise ValueError("Jumlah tidak boleh negatif.")
    if denominator == 0:
        return None
    value = Fraction(numerator, denominator)
    return min(value, Fraction(1)) if cap else value


def lke_complaint_ratio(finished: int, to_follow_up: int) -> Fraction | None:
    """LKE "penanganan pengaduan": finished / to be followed up, capped at 1 (DOMAIN.md §1).

    ``to_follow_up``: complaints of the year forwarded to the unit (rejected, duplicate and
    referred ones are not the unit's to follow up); ``finished``: those answered or closed
    after an answer. Real 2024 sheet: 157/170 → 0.9235 (92.35 %). None when nothing was
    to be followed up.
    """
    return ratio(finished, to_follow_up, cap=True)


def change(previous: int, current: int) -> Fraction | None:
    """Relative change ``(current − previous) / previous`` (−0.4 = a 40 % fall); None if previous is 0."""
    if previous == 0:
        return None
    return Fraction(current - previous, previous)


def percent(value: Fraction | None, decimals: int = 2) -> str:
    """A fraction as an Indonesian percentage text (``Fraction(157, 170)`` → ``"92,35 %"``); "–" for None."""
    if value is None:
        return "–"
    scaled = value * 100
    text = f"{float(round(scaled, decimals)):.{decimals}f}"
    return text.replace(".", ",") + " %"
