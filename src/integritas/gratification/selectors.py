"""Reads of the gratification app: the UPG's list, one's own reports, the yearly recap."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet, Sum

from integritas.core.exports import Cell
from integritas.core.models import User
from integritas.core.permissions import get_visible_or_404, scope_filter
from integritas.gratification.choices import ObjectKind
from integritas.gratification.models import Document, GratificationReport


def report_list(*, viewer: User | AnonymousUser) -> QuerySet[GratificationReport]:
    """Reports the viewer handles (UPG scope) or made themself."""
    if not isinstance(viewer, User):
        return GratificationReport.objects.none()
    mine = GratificationReport.objects.filter(reporter=viewer)
    handled = GratificationReport.objects.filter(
        scope_filter(viewer, "gratification.view_reports", "pemda__path")
    )
    return (mine | handled).distinct().select_related("reporter", "pemda")


def report_get(*, viewer: User | AnonymousUser, public_id: str) -> GratificationReport:
    return get_visible_or_404(report_list(viewer=viewer), public_id=public_id)


def document_get(
    *, viewer: User | AnonymousUser, report: GratificationReport, public_id: str
) -> Document:
    """One document of a report the viewer may see (the reporter or the UPG), else 404."""
    from django.http import Http404

    from integritas.gratification.permissions import can_view

    if not isinstance(viewer, User) or not can_view(viewer, report):
        raise Http404
    return get_visible_or_404(Document.objects.filter(report=report), public_id=public_id)


@dataclass(frozen=True)
class RecapRow:
    label: str
    count: int
    value: int


def recap(*, year: int) -> list[RecapRow]:
    """Counts and values by object kind for a year, no names (issue 12, item 9)."""
    rows = dict(
        (kind, (n, v))
        for kind, n, v in GratificationReport.objects.filter(received_on__year=year)
        .values("object_kind")
        .annotate(n=Count("pk"), v=Sum("value"))
        .values_list("object_kind", "n", "v")
    )
    return [
        RecapRow(str(k.label), rows.get(k.value, (0, 0))[0], int(rows.get(k.value, (0, 0))[1] or 0))
        for k in ObjectKind
    ]


#: Columns of the KPK's online reporting form (gol.kpk.go.id), in its order.
KPK_COLUMNS = (
    "Nama pelapor",
    "NIP",
    "Jenis laporan",
    "Nama pemberi",
    "Hubungan dengan pemberi",
    "Peristiwa",
    "Jenis objek",
    "Uraian objek",
    "Perkiraan nilai (Rp)",
    "Tanggal penerimaan",
    "Tempat penerimaan",
    "Lokasi objek",
    "Tanggal lapor ke UPG",
)


def kpk_rows(*, viewer: User | AnonymousUser) -> list[list[Cell]]:
    """Verified reports not yet forwarded, as rows of the KPK's online form."""
    from integritas.gratification.choices import Status

    reports = report_list(viewer=viewer).filter(status=Status.VERIFIED, exempt=False)
    if isinstance(viewer, User):
        reports = reports.filter(scope_filter(viewer, "gratification.view_reports", "pemda__path"))
    return [
        [
            r.reporter.full_name,
            r.reporter.nip or "",
            str(r.get_form_display()),
            r.giver,
            str(r.get_relation_display()),
            str(r.get_occasion_display()),
            str(r.get_object_kind_display()),
            r.description,
            r.value,
            r.received_on,
            r.place,
            str(r.get_kept_at_display()),
            r.reported_on,
        ]
        for r in reports.order_by("reported_on", "pk")
    ]
