"""The ``lke.gratification`` feed: LKE PW-P i (pengendalian gratifikasi) for a unit and year.

Counts and values without names (issue 12, item 9): reports received in the year by the
unit's Pemda (the UPG is Pemda-wide), refusals among them, those forwarded to the KPK, those
reported late, the total value. ``value`` is the share reported on time. The LKE items
PPE1A–B are A/B/C/D judgements, so the assessment offers this as evidence beside the item and
never writes the answer (see ``assessment.selectors.EVIDENCE_FEEDS``).
"""

from __future__ import annotations

from fractions import Fraction

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from integritas.core.feeds import FeedValue
from integritas.core.models import Organisation
from integritas.core.selectors import pemda_of
from integritas.gratification.choices import ReportForm, Status
from integritas.gratification.models import GratificationReport

REACHED_KPK = (Status.FORWARDED, Status.DECIDED, Status.HANDED_OVER)


def gratification_figures(unit: Organisation, year: int) -> FeedValue | None:
    """Gratification control figures of ``unit``'s Pemda in ``year``; None without reports."""
    pemda = pemda_of(unit)
    row = GratificationReport.objects.filter(pemda=pemda, received_on__year=year).aggregate(
        total=Count("pk"),
        refused=Count("pk", filter=Q(form=ReportForm.REFUSAL)),
        to_kpk=Count("pk", filter=Q(status__in=REACHED_KPK)),
        late=Count("pk", filter=Q(late=True)),
        value=Sum("value"),
    )
    total = int(row["total"] or 0)
    if total == 0:
        return None
    on_time = total - int(row["late"])
    return FeedValue(
        value=Fraction(on_time, total),
        numerator=on_time,
        denominator=total,
        source=_(
            "Gratification %(year)s: %(total)s reports to the UPG (%(refused)s refusals), "
            "%(to_kpk)s forwarded to the KPK, %(late)s reported late; total value Rp%(value)s"
        )
        % {
            "year": year,
            "total": total,
            "refused": row["refused"],
            "to_kpk": row["to_kpk"],
            "late": row["late"],
            "value": f"{int(row['value'] or 0):,}".replace(",", "."),
        },
        details={
            "reports": str(total),
            "refused": str(row["refused"]),
            "forwarded_to_kpk": str(row["to_kpk"]),
            "late": str(row["late"]),
        },
    )
