"""Every read of the portal, always given the viewer."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from integritas.core.choices import OrganisationLevel
from integritas.core.models import Organisation, User
from integritas.core.permissions import has_permission, scope_filter
from integritas.portal.choices import CommentStatus, FollowUpStatus
from integritas.portal.models import AuditRecommendation, AuditReport, PublicComment


def _today() -> dt.date:
    return timezone.now().date()


def published_reports(*, viewer: User | AnonymousUser) -> QuerySet[AuditReport]:
    """LHP summaries the viewer may read on the portal.

    Everyone: published ones whose public date has come. Observers (and leaders): every
    published one at once ("early").
    """
    base = AuditReport.objects.filter(is_published=True).select_related("organisation")
    if has_permission(viewer, "portal.view_early"):
        return base
    return base.filter(Q(public_from__isnull=True) | Q(public_from__lte=_today()))


def public_recommendations() -> QuerySet[AuditRecommendation]:
    """Recommendations of reports visible to everyone (the open-data view)."""
    return AuditRecommendation.objects.filter(
        report__in=published_reports(viewer=AnonymousUser())
    ).select_related("report", "report__organisation")


def tlhp_per_opd() -> list[tuple[Organisation, int, int, Decimal]]:
    """Per OPD: recommendations, done, and the percentage done (2 decimals, half up).

    Counts only recommendations of publicly visible reports.
    """
    rows = (
        public_recommendations()
        .values("report__organisation")
        .annotate(total=Count("id"), done=Count("id", filter=Q(status=FollowUpStatus.DONE)))
        .order_by()
    )
    orgs = Organisation.objects.in_bulk([r["report__organisation"] for r in rows])
    out = []
    for row in rows:
        total, done = row["total"], row["done"]
        percent = (Decimal(100 * done) / Decimal(total)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        out.append((orgs[row["report__organisation"]], total, done, percent))
    return sorted(out, key=lambda r: r[0].name)


def staff_reports(*, viewer: User | AnonymousUser) -> QuerySet[AuditReport]:
    """Every LHP summary in the viewer's scope (published or not), for the Inspektorat."""
    return (
        AuditReport.objects.filter(
            scope_filter(viewer, "portal.view_audit_reports", "organisation__path")
        )
        .select_related("organisation")
        .prefetch_related("recommendations")
    )


def public_units() -> QuerySet[Organisation]:
    """Perangkat daerah and unit kerja shown on the portal (active ones)."""
    return Organisation.objects.filter(
        is_active=True,
        level__in=[OrganisationLevel.PERANGKAT_DAERAH, OrganisationLevel.UNIT_KERJA],
    ).select_related("parent")


def approved_comments(kind: str, target_id: str) -> QuerySet[PublicComment]:
    """Published comments on an item, oldest first."""
    return PublicComment.objects.filter(
        target_kind=kind, target_id=target_id, status=CommentStatus.APPROVED
    ).select_related("author")


def pending_comments(*, viewer: User | AnonymousUser) -> QuerySet[PublicComment]:
    """Comments awaiting moderation (moderators only)."""
    if not has_permission(viewer, "portal.moderate_comments"):
        return PublicComment.objects.none()
    return PublicComment.objects.filter(status=CommentStatus.PENDING).select_related("author")
