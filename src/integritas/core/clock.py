"""The one clock (issue 9, item 6): ``now()`` and the Pemda's ``today(pemda)``.

Every service and view that needs the time asks here, never ``date.today()``,
``timezone.localdate()`` (the server's zone) or ``timezone.now().date()`` (the UTC date, a
day early before 07:00 WIB). A Pemda's day is its local day (WIB, WITA or WIT; DOMAIN.md §9):
``today(org)`` is the local date in the time zone of ``org`` (every organisation carries its
Pemda's zone). Tests move the clock by patching ``django.utils.timezone.now``, which ``now``
reads, so one patch moves every caller.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.utils import timezone

from integritas.core.calendar import DEFAULT_TIME_ZONE, resolve_time_zone


class HasTimeZone(Protocol):
    """Anything carrying an IANA zone name (an ``Organisation``)."""

    timezone: str


def now() -> dt.datetime:
    """The current instant, aware, in UTC."""
    return timezone.now()


def today(pemda: HasTimeZone | None, *, at: dt.datetime | None = None) -> dt.date:
    """The local date in ``pemda``'s zone at ``at`` (default: now); WIB when None."""
    zone = resolve_time_zone(pemda.timezone if pemda is not None else DEFAULT_TIME_ZONE)
    return (at or now()).astimezone(zone).date()
