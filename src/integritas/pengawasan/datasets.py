"""Published datasets of the pengawasan app: LHP summaries, TLHP per OPD, recommendations."""

from __future__ import annotations

from collections.abc import Sequence

from integritas.core import clock
from integritas.core.datasets import Column, Dataset, Value
from integritas.pengawasan.choices import TlhpStatus
from integritas.pengawasan.selectors import public_rekomendasi, published_lhp, tlhp_per_opd


def _public_day() -> object:
    """The date the embargo is counted in: an embargoed summary goes public on its date
    without any write, so cached rows from the day before must not be reused."""
    return clock.today(None)


def _lhp_rows() -> list[Sequence[Value]]:
    from django.contrib.auth.models import AnonymousUser

    rows: list[Sequence[Value]] = []
    for lhp in published_lhp(viewer=AnonymousUser()).prefetch_related("rekomendasi"):
        recs = list(lhp.rekomendasi.all())
        rows.append(
            [
                lhp.organisation.public_id,
                lhp.organisation.name,
                lhp.number,
                lhp.date,
                lhp.title,
                lhp.summary,
                len(recs),
                sum(1 for r in recs if r.status == TlhpStatus.DONE),
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
            rec.lhp.organisation.public_id,
            rec.lhp.organisation.name,
            rec.lhp.number,
            rec.text,
            rec.get_status_display(),
            rec.due_date,
        ]
        for rec in public_rekomendasi()
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
            fingerprint=_public_day,
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
            fingerprint=_public_day,
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
            fingerprint=_public_day,
            order=62,
        )
    )
    return out
