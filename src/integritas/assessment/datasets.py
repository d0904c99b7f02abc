"""Published LKE figures for the portal and open data (issue 6, item 1).

Public: every unit's stage in the ZI process (building, under TPI review, proposed, WBK,
WBBM, revoked) and, once the TPI has locked an assessment, its TPI scores — total, components
and the six areas of each half. Self-assessment scores, answers, notes and evidence are never
released.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.db.models import Count, Max

from integritas.assessment.choices import AssessmentStatus as S
from integritas.assessment.choices import ScoreBasis, SnapshotStep
from integritas.assessment.lke_template import Template, load_template
from integritas.assessment.models import Assessment, ScoreSnapshot
from integritas.core.datasets import Column, Dataset, Value

#: Public stage of each status (DOMAIN.md §1 process).
STAGES: dict[str, str] = {
    S.DRAFT: "Membangun (penilaian mandiri)",
    S.SUBMITTED: "Dinilai TPI",
    S.LOCKED: "Dinilai TPI (terkunci)",
    S.NOT_PROPOSED: "Tidak diusulkan ke TPN",
    S.PROPOSED: "Diusulkan ke TPN",
    S.AWARDED_WBK: "Predikat Menuju WBK",
    S.AWARDED_WBBM: "Predikat Menuju WBBM",
    S.NOT_AWARDED: "Tidak memperoleh predikat",
    S.REVOKED: "Predikat dicabut",
}
LOCKED_OR_LATER = {
    S.LOCKED,
    S.NOT_PROPOSED,
    S.PROPOSED,
    S.AWARDED_WBK,
    S.AWARDED_WBBM,
    S.NOT_AWARDED,
    S.REVOKED,
}


def _fingerprint() -> object:
    return (
        tuple(Assessment.objects.aggregate(n=Count("id"), at=Max("updated_at")).values()),
        ScoreSnapshot.objects.aggregate(last=Max("id"))["last"],
    )


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@cache
def _template(template_id: str) -> Template:
    return load_template(template_id)


def _stage_rows() -> list[Sequence[Value]]:
    rows: list[Sequence[Value]] = []
    for a in Assessment.objects.select_related("organisation").order_by(
        "organisation__name", "year"
    ):
        rows.append(
            [a.organisation.public_id, a.organisation.name, a.year, STAGES.get(a.status, a.status)]
        )
    return rows


def _locked_snapshots() -> list[ScoreSnapshot]:
    """The TPI's locked score per assessment (the newest LOCKED snapshot on the TPI basis)."""
    latest: dict[int, ScoreSnapshot] = {}
    snaps = (
        ScoreSnapshot.objects.filter(
            step=SnapshotStep.LOCKED,
            basis=ScoreBasis.TPI,
            assessment__status__in=LOCKED_OR_LATER,
        )
        .select_related("assessment", "assessment__organisation")
        .order_by("at", "pk")
    )
    for snap in snaps:
        latest[snap.assessment_id] = snap
    return sorted(
        latest.values(), key=lambda s: (s.assessment.organisation.name, s.assessment.year)
    )


def _score_rows() -> list[Sequence[Value]]:
    return [
        [
            s.assessment.organisation.public_id,
            s.assessment.organisation.name,
            s.assessment.year,
            _two(s.total),
            _two(s.pengungkit),
            _two(s.hasil),
            "ya" if s.wbk_met else "tidak",
            "ya" if s.wbbm_met else "tidak",
        ]
        for s in _locked_snapshots()
    ]


def _area_rows() -> list[Sequence[Value]]:
    rows: list[Sequence[Value]] = []
    for s in _locked_snapshots():
        template = _template(s.assessment.template_id)
        scores = s.detail.get("areas", {})
        for area in template.areas():
            if area.code not in scores:
                continue
            value = Decimal(scores[area.code])
            weight = Decimal(area.weight.numerator) / Decimal(area.weight.denominator)
            rows.append(
                [
                    s.assessment.organisation.public_id,
                    s.assessment.organisation.name,
                    s.assessment.year,
                    area.half,
                    f"{area.half[:1].upper()}{area.number} {area.name}",
                    _two(weight),
                    _two(value),
                    _two(value / weight * 100),
                ]
            )
    return rows


def published_datasets() -> list[Dataset]:
    """The app's published datasets (read by ``core.registry`` from the app declaration)."""
    out: list[Dataset] = []
    out.append(
        Dataset(
            slug="zi-tahapan-unit",
            title="Unit yang membangun Zona Integritas dan tahapannya",
            description="Setiap unit yang membangun Zona Integritas per tahun dan tahapannya: membangun, dinilai TPI, diusulkan ke TPN, predikat WBK/WBBM, atau dicabut.",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Unit"),
                Column("tahun", "Tahun", "integer"),
                Column("tahap", "Tahap"),
            ],
            rows=_stage_rows,
            theme="zona integritas",
            source="PermenPANRB 90/2021",
            keywords=("Zona Integritas", "WBK", "WBBM"),
            unit_column="unit_id",
            order=10,
            fingerprint=_fingerprint,
        )
    )
    out.append(
        Dataset(
            slug="lke-nilai",
            title="Nilai LKE Zona Integritas setelah dikunci TPI",
            description="Nilai LKE hasil penilaian Tim Penilai Internal (TPI) yang telah dikunci: total (dari 100), pengungkit (dari 60), hasil (dari 40), dan apakah syarat Menuju WBK/WBBM terpenuhi.",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Unit"),
                Column("tahun", "Tahun", "integer"),
                Column("total", "Nilai total", "decimal"),
                Column("pengungkit", "Pengungkit", "decimal"),
                Column("hasil", "Hasil", "decimal"),
                Column("syarat_wbk", "Memenuhi syarat WBK"),
                Column("syarat_wbbm", "Memenuhi syarat WBBM"),
            ],
            rows=_score_rows,
            theme="zona integritas",
            source="PermenPANRB 90/2021 Lampiran III",
            keywords=("LKE", "Zona Integritas", "TPI"),
            unit_column="unit_id",
            chart=("bar", "tahun", "total", 0, 100),
            order=11,
            fingerprint=_fingerprint,
        )
    )
    out.append(
        Dataset(
            slug="lke-nilai-area",
            title="Nilai LKE per area perubahan (dikunci TPI)",
            description="Nilai enam area perubahan pada komponen pemenuhan dan reform, dengan bobot dan persentase capaian, dari penilaian TPI yang telah dikunci.",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Unit"),
                Column("tahun", "Tahun", "integer"),
                Column("komponen", "Komponen"),
                Column("area", "Area"),
                Column("bobot", "Bobot", "decimal"),
                Column("nilai", "Nilai", "decimal"),
                Column("persen", "Capaian", "decimal", "%"),
            ],
            rows=_area_rows,
            theme="zona integritas",
            source="PermenPANRB 90/2021 Lampiran III",
            keywords=("LKE", "area perubahan"),
            unit_column="unit_id",
            chart=("bar", "area", "persen", 0, 100),
            order=12,
            fingerprint=_fingerprint,
        )
    )
    return out
