"""The ``lke.complaint_ratio`` feed: LKE "penanganan pengaduan" for a unit and year.

DOMAIN.md §1 (reform numeric items): penanganan pengaduan = complaints finished / complaints
to be followed up (real 2024 sheet: 157/170 = 92.35 %), capped at 1. Declared in
:meth:`integritas.complaints.apps.ComplaintsConfig.declare`.
"""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import gettext as _

from integritas.complaints import sla
from integritas.complaints.selectors import lke_ratio_for
from integritas.core.feeds import FeedValue
from integritas.core.models import Organisation


def complaint_ratio(unit: Organisation, year: int) -> FeedValue | None:
    """``FeedValue(finished/to_follow_up)`` for ``unit``'s subtree in ``year``; None if none.

    ``to_follow_up``: complaints received in ``year`` and forwarded to the unit, less those
    rejected, marked duplicate or referred outside; ``finished``: those answered or closed
    after the answer (never "closed" on its own; DOMAIN.md §6).
    """
    finished, to_follow_up, received = lke_ratio_for(unit, year)
    value = sla.lke_complaint_ratio(finished, to_follow_up)
    if value is None:
        return None
    return FeedValue(
        value=Fraction(value),
        numerator=finished,
        denominator=to_follow_up,
        source=_(
            "Complaints %(year)s: %(finished)s finished of %(total)s to be followed up (%(received)s received)"
        )
        % {"year": year, "finished": finished, "total": to_follow_up, "received": received},
        details={"received": str(received)},
    )
