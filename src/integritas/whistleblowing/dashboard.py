"""Overdue WBS reports for the leaders' dashboard: case number and link only, no content."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _

from integritas.core import clock
from integritas.core.dashboard import OverdueItem
from integritas.core.models import User
from integritas.core.selectors import calendar_for
from integritas.whistleblowing.choices import FINISHED
from integritas.whistleblowing.selectors import report_list


def overdue_reports(viewer: User | AnonymousUser) -> list[OverdueItem]:
    """Open reports past their step's deadline, for the handlers who may open them."""
    items = []
    for report in report_list(viewer=viewer).exclude(status__in=FINISHED)[:500]:
        if clock.today(report.pemda) <= report.due_on:
            continue
        items.append(
            OverdueItem(
                kind=_("Whistleblowing"),
                title=report.number,
                unit=report.pemda.name,
                due=calendar_for(report.pemda).end_of_local_day(report.due_on),
                url=reverse("whistleblowing:detail", args=[report.number]),
            )
        )
    return items
