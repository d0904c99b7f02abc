"""The ``lke.wbs`` feed: LKE PW-P iv (WBS applied, evaluated, followed up) for a unit and year.

Counts only, never content (issue 12, item 7): reports received in the year by the unit's
Pemda (the WBS is Pemda-wide), how many were finished (proven, not proven, forwarded to
APIP/APH, not followed up), how many are open past their step's deadline, and the median
handling time. ``value`` is finished / received. The LKE items PPE4A–C are A/B/C judgements
of policy, evaluation and follow-up, so the assessment offers this as evidence beside the
item and never writes the answer (see ``assessment.selectors.EVIDENCE_FEEDS``).
"""

from __future__ import annotations

from fractions import Fraction

from django.db.models import Count
from django.utils.translation import gettext as _

from integritas.core.feeds import FeedValue
from integritas.core.models import Organisation
from integritas.core.selectors import pemda_of
from integritas.whistleblowing import selectors
from integritas.whistleblowing.choices import FINISHED, ReportStatus
from integritas.whistleblowing.models import Report


def wbs_figures(unit: Organisation, year: int) -> FeedValue | None:
    """WBS handling figures of ``unit``'s Pemda in ``year``; None when nothing was received."""
    pemda = pemda_of(unit)
    stats = selectors.stats(pemda=pemda, year=year)
    if stats.total == 0:
        return None
    states = dict(
        Report.objects.filter(pemda=pemda, received_on__year=year)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    finished = sum(states.get(s.value, 0) for s in FINISHED)
    forwarded = states.get(ReportStatus.FORWARDED.value, 0)
    proven = states.get(ReportStatus.PROVEN.value, 0)
    median = "—" if stats.median_days is None else str(stats.median_days)
    return FeedValue(
        value=Fraction(finished, stats.total),
        numerator=finished,
        denominator=stats.total,
        source=_(
            "WBS %(year)s: %(total)s reports received, %(finished)s finished "
            "(%(proven)s proven, %(forwarded)s forwarded to APIP/APH), %(overdue)s open past "
            "their deadline; median handling %(median)s days"
        )
        % {
            "year": year,
            "total": stats.total,
            "finished": finished,
            "proven": proven,
            "forwarded": forwarded,
            "overdue": stats.open_overdue,
            "median": median,
        },
        details={
            "received": str(stats.total),
            "finished": str(finished),
            "forwarded": str(forwarded),
            "open_overdue": str(stats.open_overdue),
        },
    )
