"""Published gratification recap: counts and values per year and object kind — no names.

For the portal and the LKE (PW-P i: pengendalian gratifikasi).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Max, Q, Sum

from integritas.core.datasets import Column, Dataset, Value
from integritas.gratification.choices import ObjectKind
from integritas.gratification.models import GratificationReport


def _rows() -> list[Sequence[Value]]:
    grouped = (
        GratificationReport.objects.values("received_on__year", "object_kind")
        .annotate(
            n=Count("pk"),
            value=Sum("value"),
            refused=Count("pk", filter=Q(form="penolakan")),
            late=Count("pk", filter=Q(late=True)),
            state=Count("pk", filter=Q(decision="milik_negara")),
        )
        .order_by("received_on__year", "object_kind")
    )
    labels = dict(ObjectKind.choices)
    return [
        [
            g["received_on__year"],
            str(labels.get(g["object_kind"], g["object_kind"])),
            g["n"],
            int(g["value"] or 0),
            g["refused"],
            g["late"],
            g["state"],
        ]
        for g in grouped
    ]


def _fingerprint() -> object:
    return tuple(
        GratificationReport.objects.aggregate(
            n=Count("pk"), last=Max("pk"), decided=Count("decision", filter=~Q(decision=""))
        ).values()
    )


def published_datasets() -> list[Dataset]:
    return [
        Dataset(
            slug="gratifikasi-per-tahun",
            title="Laporan gratifikasi per tahun dan jenis objek",
            description="Jumlah dan nilai laporan gratifikasi pegawai per tahun dan jenis objek, termasuk penolakan, laporan terlambat, dan objek yang ditetapkan KPK menjadi milik negara. Tanpa nama pelapor maupun pemberi.",
            columns=[
                Column("tahun", "Tahun", "integer"),
                Column("jenis_objek", "Jenis objek"),
                Column("laporan", "Laporan", "integer"),
                Column("nilai", "Nilai", "integer", "Rp"),
                Column("penolakan", "Penolakan", "integer"),
                Column("terlambat", "Terlambat", "integer"),
                Column("milik_negara", "Ditetapkan milik negara", "integer"),
            ],
            rows=_rows,
            theme="pengawasan",
            source="UU 20/2001 Pasal 12B–12C; Peraturan KPK 2/2019 dan 1/2026; LKE PW-P i",
            keywords=("gratifikasi", "UPG", "integritas"),
            order=61,
            fingerprint=_fingerprint,
        )
    ]
