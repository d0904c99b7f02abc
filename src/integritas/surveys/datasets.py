"""Published survey results and improvement plans for the portal and open data.

Only published periods (``PublishedResult``, frozen at publication) and published plans are
released; responses, suggestions and unpublished periods never are.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max

from integritas.core.commentable import CommentTarget
from integritas.core.datasets import (
    Column,
    Dataset,
    PublicAction,
    Value,
)
from integritas.surveys.models import ImprovementPlan, PublishedResult


def _fingerprint() -> object:
    results = PublishedResult.objects.aggregate(
        n=Count("id"), last=Max("id"), at=Max("published_at")
    )
    plans = list(
        ImprovementPlan.objects.filter(published_at__isnull=False)
        .order_by("id")
        .values_list("id", "status")
    )
    return (tuple(results.values()), tuple(plans))


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _ikm_rows() -> list[Sequence[Value]]:
    rows: list[Sequence[Value]] = []
    published = PublishedResult.objects.select_related("survey", "survey__unit").order_by(
        "survey__unit__name", "survey__title", "period"
    )
    for result in published:
        survey = result.survey
        rows.append(
            [
                survey.unit.public_id,
                survey.unit.name,
                survey.title,
                survey.get_kind_display(),
                result.period,
                result.respondents,
                _two(result.value),
                result.mutu,
                result.kinerja,
            ]
        )
    return rows


def _plan_rows() -> list[Sequence[Value]]:
    plans = (
        ImprovementPlan.objects.filter(published_at__isnull=False)
        .select_related("survey", "survey__unit")
        .order_by("survey__unit__name", "period")
    )
    return [
        [
            p.survey.unit.public_id,
            p.survey.unit.name,
            p.survey.title,
            p.period,
            p.unsur,
            p.action,
            p.owner,
            p.due_date,
            p.get_status_display(),
            f"/transparansi/tanggapan/surveys-plan/{p.public_id}/",
        ]
        for p in plans
    ]


def plan_target(public_id: str) -> CommentTarget | None:
    plan = (
        ImprovementPlan.objects.filter(public_id=public_id, published_at__isnull=False)
        .select_related("survey", "survey__unit")
        .first()
    )
    if plan is None:
        return None
    return CommentTarget(
        title=f"Rencana tindak lanjut {plan.unsur} — {plan.survey.title} ({plan.period})",
        unit=plan.survey.unit.name,
        description=f"{plan.action}\nPenanggung jawab: {plan.owner}. Batas waktu: {plan.due_date:%d-%m-%Y}. Status: {plan.get_status_display()}.",
    )


def open_surveys(unit_public_id: str) -> list[PublicAction]:
    """Links to the unit's surveys that are open now (what a QR poster at the counter opens)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from integritas.core import clock
    from integritas.surveys.answering import window_state
    from integritas.surveys.models import Survey

    now = clock.now()
    surveys = Survey.objects.filter(unit__public_id=unit_public_id, is_active=True).order_by(
        "title"
    )
    return [
        PublicAction(
            _("Answer the survey: %(title)s") % {"title": s.title},
            reverse("surveys_public:answer", args=[s.slug]),
        )
        for s in surveys
        if window_state(is_active=s.is_active, opens_at=s.opens_at, closes_at=s.closes_at, now=now)
        == "open"
    ]


def published_datasets() -> list[Dataset]:
    """The app's published datasets (read by ``core.registry`` from the app declaration)."""
    out: list[Dataset] = []
    out.append(
        Dataset(
            slug="ikm-per-unit-triwulan",
            title="Indeks Kepuasan Masyarakat (IKM) per unit dan periode",
            description="Hasil survei yang telah dipublikasikan: IKM (skala 25–100), mutu (A–D) dan kinerja unit pelayanan, per survei dan periode; juga indeks persepsi anti korupsi (SPAK) dan kualitas pelayanan (SPKP) dalam skala 0–4.",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Unit pelayanan"),
                Column("survei", "Survei"),
                Column("jenis", "Jenis"),
                Column("periode", "Periode"),
                Column("responden", "Responden", "integer"),
                Column("nilai", "Nilai", "decimal"),
                Column("mutu", "Mutu"),
                Column("kinerja", "Kinerja"),
            ],
            rows=_ikm_rows,
            theme="pelayanan publik",
            source="PermenPANRB 14/2017",
            keywords=("SKM", "IKM", "kepuasan masyarakat"),
            unit_column="unit_id",
            chart=("line", "periode", "nilai", 25, 100),
            chart_series="survei",
            order=20,
            fingerprint=_fingerprint,
        )
    )
    out.append(
        Dataset(
            slug="rencana-tindak-lanjut-skm",
            title="Rencana tindak lanjut hasil survei kepuasan",
            description="Rencana perbaikan atas unsur pelayanan terlemah setiap periode, penanggung jawab, batas waktu dan statusnya; dapat ditanggapi oleh pengamat independen.",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Unit pelayanan"),
                Column("survei", "Survei"),
                Column("periode", "Periode"),
                Column("unsur", "Unsur"),
                Column("rencana", "Rencana aksi"),
                Column("penanggung_jawab", "Penanggung jawab"),
                Column("batas_waktu", "Batas waktu", "date"),
                Column("status", "Status"),
                Column("tanggapan", "Halaman tanggapan", "url"),
            ],
            rows=_plan_rows,
            theme="pelayanan publik",
            source="PermenPANRB 14/2017",
            keywords=("SKM", "rencana tindak lanjut"),
            unit_column="unit_id",
            order=21,
            fingerprint=_fingerprint,
        )
    )
    return out
