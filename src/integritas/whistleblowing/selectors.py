"""Reads of the whistleblowing app: lists scoped to the viewer, statistics without content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from integritas.core import clock
from integritas.core.models import Organisation, User
from integritas.core.permissions import get_visible_or_404, scope_filter
from integritas.whistleblowing.choices import FINISHED, Category, ReportStatus
from integritas.whistleblowing.models import HandlerKey, Report


def report_list(*, viewer: User | AnonymousUser) -> QuerySet[Report]:
    """Reports of the Pemdas the viewer handles, minus those they are conflicted on."""
    if not isinstance(viewer, User):
        return Report.objects.none()
    return (
        Report.objects.filter(scope_filter(viewer, "whistleblowing.view_reports", "pemda__path"))
        .exclude(conflicts__user=viewer)
        .select_related("pemda")
        .order_by("-received_on", "-pk")
    )


def report_get(*, viewer: User | AnonymousUser, number: str) -> Report:
    return get_visible_or_404(report_list(viewer=viewer), number=number)


def is_overdue(report: Report, today: dt.date | None = None) -> bool:
    """A report still open past its step's working-day deadline."""
    if report.status in FINISHED:
        return False
    return (today or clock.today(report.pemda)) > report.due_on


def handlers_without_key_or_access(*, viewer: User) -> list[User]:
    """Other WBS handlers (same scope) — candidates for an access grant."""
    from integritas.core.models import RoleMembership
    from integritas.whistleblowing.permissions import PERMISSIONS

    ids = RoleMembership.objects.filter(role__in=PERMISSIONS["whistleblowing.handle"]).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).exclude(pk=viewer.pk))


def has_key(user: User) -> bool:
    return HandlerKey.objects.filter(user=user, active=True).exists()


@dataclass(frozen=True)
class Stats:
    """Counts without content (issue 12, item 7)."""

    total: int
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    open_overdue: int
    median_days: int | None


def stats(*, pemda: Organisation | None = None, year: int | None = None) -> Stats:
    reports = Report.objects.all()
    if pemda is not None:
        reports = reports.filter(pemda=pemda)
    if year is not None:
        reports = reports.filter(received_on__year=year)
    cats = dict(
        reports.values_list("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    states = dict(reports.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    today = clock.today(pemda)
    overdue = reports.exclude(status__in=FINISHED).filter(due_on__lt=today).count()
    durations = sorted(
        (closed - received).days
        for received, closed in reports.filter(closed_on__isnull=False).values_list(
            "received_on", "closed_on"
        )
        if closed is not None
    )
    return Stats(
        total=sum(cats.values()),
        by_category=[(str(c.label), cats.get(c.value, 0)) for c in Category],
        by_status=[(str(s.label), states.get(s.value, 0)) for s in ReportStatus],
        open_overdue=overdue,
        median_days=durations[len(durations) // 2] if durations else None,
    )
