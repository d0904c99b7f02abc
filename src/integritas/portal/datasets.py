"""The portal's own published datasets: LHP summaries and TLHP progress per OPD."""

from __future__ import annotations

from collections.abc import Sequence

from integritas.core.datasets import Column, Dataset, Value
from integritas.portal.selectors import public_recommendations, published_reports, tlhp_per_opd


def _lhp_rows() -> list[Sequence[Value]]:
    from django.contrib.auth.models import AnonymousUser

    rows: list[Sequence[Value]] = []
    for report in published_reports(viewer=AnonymousUser()).prefetch_related("recommendations"):
        recs = list(report.recommendations.all())
        rows.append(
            [
                report.organisation.public_id,
                report.organisation.name,
                report.number,
                report.date,
                report.title,
                report.summary,
                len(recs),
                sum(1 for r in recs if r.status == "selesai"),
            ]
        )
    return rows


def _tlhp_rows() -> list[Sequence[Value]]:
    return [
        [org.public_id, org.name, total, done, percent]
        for org, total, done, percent in tlhp_per_opd()
    ]


def _recommendation_rows() -> list[Sequence[Value]]:
    return [
        [
            rec.report.organisation.public_id,
            rec.report.organisation.name,
            rec.report.number,
            rec.text,
            rec.get_status_display(),
            rec.due_date,
        ]
        for rec in public_recommendations()
    ]


def published_datasets() -> list[Dataset]:
    """The app's published datasets (read by ``core.registry`` from the app declaration)."""
    out: list[Dataset] = []
    out.append(
        Dataset(
            slug="lhp-ringkasan",
            title="Ringkasan Laporan Hasil Pemeriksaan (LHP) Inspektorat",
            description="Ringkasan LHP yang telah dipublikasikan, per perangkat daerah, dengan jumlah rekomendasi dan yang telah selesai ditindaklanjuti.",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Perangkat daerah"),
                Column("nomor", "Nomor LHP"),
                Column("tanggal", "Tanggal", "date"),
                Column("judul", "Judul"),
                Column("ringkasan", "Ringkasan"),
                Column("rekomendasi", "Jumlah rekomendasi", "integer"),
                Column("selesai", "Rekomendasi selesai", "integer"),
            ],
            rows=_lhp_rows,
            theme="pengawasan",
            source="Inspektorat Daerah",
            keywords=("LHP", "pengawasan", "Inspektorat"),
            unit_column="unit_id",
            order=60,
        )
    )
    out.append(
        Dataset(
            slug="tlhp-per-opd",
            title="Tindak lanjut hasil pemeriksaan (TLHP) per perangkat daerah",
            description="Persentase rekomendasi LHP yang telah selesai ditindaklanjuti per perangkat daerah.",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Perangkat daerah"),
                Column("rekomendasi", "Jumlah rekomendasi", "integer"),
                Column("selesai", "Selesai", "integer"),
                Column("persen_selesai", "Persentase selesai", "decimal", "%"),
            ],
            rows=_tlhp_rows,
            theme="pengawasan",
            source="Inspektorat Daerah",
            keywords=("TLHP", "tindak lanjut", "pengawasan"),
            unit_column="unit_id",
            chart=("bar", "unit", "persen_selesai", 0, 100),
            order=61,
        )
    )
    out.append(
        Dataset(
            slug="tlhp-rekomendasi",
            title="Rekomendasi LHP dan status tindak lanjutnya",
            description="Setiap rekomendasi LHP yang dipublikasikan dengan status tindak lanjut (belum, proses, selesai).",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Perangkat daerah"),
                Column("nomor", "Nomor LHP"),
                Column("rekomendasi", "Rekomendasi"),
                Column("status", "Status tindak lanjut"),
                Column("batas_waktu", "Batas waktu", "date"),
            ],
            rows=_recommendation_rows,
            theme="pengawasan",
            source="Inspektorat Daerah",
            keywords=("TLHP", "rekomendasi"),
            unit_column="unit_id",
            order=62,
        )
    )
    return out
