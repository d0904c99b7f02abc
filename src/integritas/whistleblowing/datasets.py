"""Published WBS statistics: counts per year and category with outcomes — never content.

For the portal and the LKE (PW-P iv: WBS applied, evaluated, followed up).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Max, Q

from integritas.core.datasets import Column, Dataset, Value
from integritas.whistleblowing.choices import FINISHED, Category, ReportStatus
from integritas.whistleblowing.models import Report

S = ReportStatus


def _rows() -> list[Sequence[Value]]:
    grouped = (
        Report.objects.values("received_on__year", "category")
        .annotate(
            received=Count("pk"),
            proven=Count("pk", filter=Q(status=S.PROVEN)),
            not_proven=Count("pk", filter=Q(status=S.NOT_PROVEN)),
            forwarded=Count("pk", filter=Q(status=S.FORWARDED)),
            rejected=Count("pk", filter=Q(status=S.REJECTED)),
            open=Count("pk", filter=~Q(status__in=FINISHED)),
        )
        .order_by("received_on__year", "category")
    )
    labels = dict(Category.choices)
    return [
        [
            g["received_on__year"],
            str(labels.get(g["category"], g["category"])),
            g["received"],
            g["proven"],
            g["not_proven"],
            g["forwarded"],
            g["rejected"],
            g["open"],
        ]
        for g in grouped
    ]


def _fingerprint() -> object:
    return tuple(
        Report.objects.aggregate(n=Count("pk"), last=Max("pk"), done=Count("closed_on")).values()
    )


def published_datasets() -> list[Dataset]:
    return [
        Dataset(
            slug="wbs-per-tahun",
            title="Laporan whistleblowing per tahun dan kategori",
            description="Jumlah laporan whistleblowing (WBS) yang diterima per tahun dan kategori, dengan hasil penanganannya: terbukti, tidak terbukti, diteruskan ke APIP/APH, tidak ditindaklanjuti, dan masih ditangani. Isi laporan dan identitas pelapor tidak pernah dipublikasikan.",
            columns=[
                Column("tahun", "Tahun", "integer"),
                Column("kategori", "Kategori"),
                Column("diterima", "Diterima", "integer"),
                Column("terbukti", "Terbukti", "integer"),
                Column("tidak_terbukti", "Tidak terbukti", "integer"),
                Column("diteruskan", "Diteruskan ke APIP/APH", "integer"),
                Column("tidak_ditindaklanjuti", "Tidak ditindaklanjuti", "integer"),
                Column("dalam_proses", "Dalam proses", "integer"),
            ],
            rows=_rows,
            theme="pengawasan",
            source="UU 31/2014; Perpres 76/2013; LKE PW-P iv",
            keywords=("whistleblowing", "WBS", "integritas"),
            order=60,
            fingerprint=_fingerprint,
        )
    ]
