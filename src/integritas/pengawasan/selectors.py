"""Every read of the pengawasan app, always given the viewer (or public by name)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from integritas.core import clock
from integritas.core.models import Organisation, User
from integritas.core.permissions import get_visible_or_404, scope_filter
from integritas.pengawasan.choices import LhpStatus, TlhpStatus
from integritas.pengawasan.models import Lhp, Rekomendasi
from integritas.pengawasan.permissions import VIEW, sees_early

Viewer = User | AnonymousUser


def published_lhp(*, viewer: Viewer) -> QuerySet[Lhp]:
    """LHP summaries the viewer may read on the portal.

    Everyone: published ones whose public date has come. Observers (and leaders): every
    published one at once ("early"). The public date is counted in WIB, the westernmost
    zone, so that the summary is public nowhere before its date (DOMAIN.md §9).
    """
    base = Lhp.objects.filter(status=LhpStatus.PUBLISHED).select_related("organisation")
    if sees_early(viewer):
        return base
    return base.filter(Q(public_from__isnull=True) | Q(public_from__lte=clock.today(None)))


def published_lhp_with_rekomendasi(*, viewer: Viewer) -> QuerySet[Lhp]:
    """:func:`published_lhp` with the recommendations fetched in one more query."""
    return published_lhp(viewer=viewer).prefetch_related("rekomendasi")


def public_rekomendasi() -> QuerySet[Rekomendasi]:
    """Recommendations of LHP visible to everyone (the open-data view)."""
    return Rekomendasi.objects.filter(lhp__in=published_lhp(viewer=AnonymousUser())).select_related(
        "lhp", "lhp__organisation"
    )


def tlhp_per_opd() -> list[tuple[Organisation, int, int, Decimal]]:
    """Per OPD: recommendations, done, and the percentage done (2 decimals, half up).

    Counts only recommendations of publicly visible LHP.
    """
    rows = (
        public_rekomendasi()
        .values("lhp__organisation")
        .annotate(total=Count("id"), done=Count("id", filter=Q(status=TlhpStatus.DONE)))
        .order_by()
    )
    orgs = Organisation.objects.in_bulk([r["lhp__organisation"] for r in rows])
    out = []
    for row in rows:
        total, done = row["total"], row["done"]
        percent = (Decimal(100 * done) / Decimal(total)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        out.append((orgs[row["lhp__organisation"]], total, done, percent))
    return sorted(out, key=lambda r: r[0].name)


def lhp_list(*, viewer: Viewer) -> QuerySet[Lhp]:
    """Every LHP summary in the viewer's scope (published or not), for the Inspektorat."""
    return (
        Lhp.objects.filter(scope_filter(viewer, VIEW, "organisation__path"))
        .select_related("organisation")
        .prefetch_related("rekomendasi")
    )


def lhp_get(*, viewer: Viewer, public_id: str) -> Lhp:
    """One LHP summary in the viewer's scope; ``Http404`` otherwise."""
    return get_visible_or_404(lhp_list(viewer=viewer), public_id=public_id)


def rekomendasi_get(*, viewer: Viewer, public_id: str) -> Rekomendasi:
    """One recommendation of an LHP in the viewer's scope; ``Http404`` otherwise."""
    return get_visible_or_404(
        Rekomendasi.objects.filter(
            scope_filter(viewer, VIEW, "lhp__organisation__path")
        ).select_related("lhp", "lhp__organisation"),
        public_id=public_id,
    )


def lhp_counts(*, viewer: Viewer) -> dict[str, int]:
    """How many LHP summaries the viewer may see, and how many are published."""
    counts: dict[str, int] = Lhp.objects.filter(
        scope_filter(viewer, VIEW, "organisation__path")
    ).aggregate(total=Count("id"), published=Count("id", filter=Q(status=LhpStatus.PUBLISHED)))
    return counts
