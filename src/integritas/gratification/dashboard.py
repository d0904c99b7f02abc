"""Gratification reports the UPG has not forwarded within 10 working days of receiving them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _

from integritas.core import clock
from integritas.core.dashboard import OverdueItem
from integritas.core.models import User
from integritas.core.permissions import scope_filter
from integritas.core.selectors import calendar_for
from integritas.gratification.choices import Status
from integritas.gratification.models import GratificationReport
from integritas.gratification.services import upg_forward_due


def overdue_reports(viewer: User | AnonymousUser) -> list[OverdueItem]:
    if not isinstance(viewer, User):
        return []
    waiting = GratificationReport.objects.filter(
        scope_filter(viewer, "gratification.view_reports", "pemda__path"),
        status__in=[Status.SUBMITTED, Status.VERIFIED],
    ).select_related("pemda")[:500]
    items = []
    for report in waiting:
        due = upg_forward_due(report.pemda, report.reported_on)
        if clock.today(report.pemda) <= due:
            continue
        items.append(
            OverdueItem(
                kind=_("Gratification"),
                title=report.public_id,
                unit=report.pemda.name,
                due=calendar_for(report.pemda).end_of_local_day(due),
                url=reverse("gratification:detail", args=[report.public_id]),
            )
        )
    return items
