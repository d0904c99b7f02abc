"""Published complaint statistics (aggregates only: no text, no identity, no codes).

The seed practice publishes the complaint trend; these datasets are that window. Outcomes
are counted separately — resolved (selesai), rejected, referred, duplicate — and "closed" is
never counted as resolved (DOMAIN.md §6).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Max
from django.db.models.functions import ExtractYear, TruncMonth

from integritas.complaints.models import Complaint, ComplaintEvent
from integritas.complaints.selectors import NOT_TO_FOLLOW_UP, RESOLVED, outcome_of
from integritas.core.datasets import Column, Dataset, Value
from integritas.core.models import Organisation


def _zone() -> ZoneInfo:
    """The zone of the (first) Pemda served here: months and years are local (DOMAIN.md §9)."""
    zone = (
        Organisation.objects.filter(depth=0, is_active=True)
        .order_by("pk")
        .values_list("timezone", flat=True)
        .first()
    )
    return ZoneInfo(zone or "Asia/Jakarta")


#: Published complaint statistics refresh at most every five minutes by default: aggregates
#: over the whole complaint table are too costly to rebuild after every single event.
DEFAULT_REFRESH_SECONDS = 300


def _fingerprint() -> object:
    # Every state change writes an event: the newest event id moves whenever figures can.
    return ComplaintEvent.objects.aggregate(last=Max("id"))["last"]


def _opd_ids() -> dict[int, Organisation]:
    """Organisation id → its perangkat daerah (depth 1), for every organisation."""
    opds = {o.pk: o for o in Organisation.objects.filter(depth=1)}
    out: dict[int, Organisation] = {}
    for org_id, path in Organisation.objects.values_list("pk", "path"):
        parts = [int(p) for p in path.strip("/").split("/") if p]
        if len(parts) >= 2 and parts[1] in opds:
            out[org_id] = opds[parts[1]]
    return out


def _monthly_rows() -> list[Sequence[Value]]:
    opd_of = _opd_ids()
    counts: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        Complaint.objects.exclude(organisation__isnull=True)
        .annotate(month=TruncMonth("received_at", tzinfo=_zone()))
        .values("organisation_id", "month", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        opd = opd_of.get(row["organisation_id"])
        if opd is None or row["month"] is None:
            continue
        bucket = counts[(opd.pk, row["month"].strftime("%Y-%m"))]
        bucket["total"] += row["n"]
        bucket[outcome_of(row["status"])] += row["n"]
    opds = {o.pk: o for o in opd_of.values()}
    out: list[Sequence[Value]] = []
    for (opd_id, month), c in sorted(
        counts.items(), key=lambda kv: (opds[kv[0][0]].name, kv[0][1])
    ):
        opd = opds[opd_id]
        out.append(
            [
                opd.public_id,
                opd.name,
                month,
                c["total"],
                c.get("resolved", 0),
                c.get("rejected", 0),
                c.get("referred", 0),
                c.get("duplicate", 0),
            ]
        )
    return out


def _yearly_rows() -> list[Sequence[Value]]:
    outcomes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for year, status, n in (
        Complaint.objects.annotate(year=ExtractYear("received_at", tzinfo=_zone()))
        .values_list("year", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        outcomes[year][outcome_of(status)] += n
    by_year = {year: sum(c.values()) for year, c in outcomes.items()}
    out: list[Sequence[Value]] = []
    previous: int | None = None
    for year in sorted(by_year):
        n = by_year[year]
        c = outcomes[year]
        change = (
            (Decimal(100 * (n - previous)) / Decimal(previous)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            if previous
            else None
        )
        out.append(
            [
                year,
                n,
                change,
                c.get("resolved", 0),
                c.get("rejected", 0),
                c.get("referred", 0),
                c.get("duplicate", 0),
                c.get("open", 0),
            ]
        )
        previous = n
    return out


def _lke_ratio_rows() -> list[Sequence[Value]]:
    """Finished / to be followed up per OPD and local year, in one aggregate query.

    Same definition as ``selectors.lke_ratio_for`` (the LKE feed): complaints forwarded to
    the OPD's subtree, received in the year (the Pemda's local time), excluding rejected,
    duplicate and referred ones; finished = answered or closed after an answer.
    """
    opd_of = _opd_ids()
    this_year = dt.datetime.now(tz=_zone()).year
    tallies: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        Complaint.objects.filter(forwarded_at__isnull=False, organisation__isnull=False)
        .exclude(status__in=NOT_TO_FOLLOW_UP)
        .annotate(year=ExtractYear("received_at", tzinfo=_zone()))
        .values_list("organisation_id", "year", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for org_id, year, status, n in rows:
        opd = opd_of.get(org_id)
        if opd is None or year > this_year:
            continue
        tally = tallies[(opd.pk, year)]
        tally[1] += n
        if status in RESOLVED:
            tally[0] += n
    opds = {o.pk: o for o in opd_of.values()}
    out: list[Sequence[Value]] = []
    for (opd_id, year), (finished, to_follow) in sorted(
        tallies.items(), key=lambda kv: (opds[kv[0][0]].name, kv[0][1])
    ):
        if not to_follow:
            continue
        percent = (Decimal(100 * finished) / Decimal(to_follow)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        opd = opds[opd_id]
        out.append([opd.public_id, opd.name, year, finished, to_follow, percent])
    return out


def published_datasets() -> list[Dataset]:
    """The app's published datasets (read by ``core.registry`` from the app declaration)."""
    out: list[Dataset] = []
    from django.conf import settings

    refresh = int(
        getattr(settings, "INTEGRITAS_PUBLIC_STATS_REFRESH_SECONDS", DEFAULT_REFRESH_SECONDS)
    )
    out.append(
        Dataset(
            slug="pengaduan-per-bulan",
            title="Pengaduan masyarakat per perangkat daerah per bulan",
            description="Jumlah pengaduan yang diterima per perangkat daerah dan bulan, dengan hasilnya: selesai, ditolak, dialihkan (bukan kewenangan) dan duplikat. Pengaduan yang ditutup tidak dihitung sebagai selesai.",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Perangkat daerah"),
                Column("bulan", "Bulan"),
                Column("diterima", "Diterima", "integer"),
                Column("selesai", "Selesai", "integer"),
                Column("ditolak", "Ditolak", "integer"),
                Column("dialihkan", "Dialihkan", "integer"),
                Column("duplikat", "Duplikat", "integer"),
            ],
            rows=_monthly_rows,
            theme="pengaduan",
            source="UU 25/2009; Perpres 76/2013; SP4N-LAPOR!",
            keywords=("pengaduan", "SP4N-LAPOR!", "pelayanan publik"),
            unit_column="unit_id",
            chart=("line", "bulan", "diterima", 0, 0),
            order=30,
            fingerprint=_fingerprint,
            refresh_after=refresh,
        )
    )
    out.append(
        Dataset(
            slug="pengaduan-per-tahun",
            title="Volume pengaduan masyarakat per tahun dan perubahannya",
            description="Jumlah pengaduan per tahun, persentase perubahan dibanding tahun sebelumnya, dan hasilnya: selesai, ditolak, dialihkan, duplikat, masih diproses.",
            columns=[
                Column("tahun", "Tahun", "integer"),
                Column("jumlah", "Jumlah pengaduan", "integer"),
                Column("perubahan_persen", "Perubahan dari tahun sebelumnya", "decimal", "%"),
                Column("selesai", "Selesai", "integer"),
                Column("ditolak", "Ditolak (bukan pengaduan)", "integer"),
                Column("dialihkan", "Dialihkan (bukan kewenangan)", "integer"),
                Column("duplikat", "Duplikat", "integer"),
                Column("dalam_proses", "Masih diproses", "integer"),
            ],
            rows=_yearly_rows,
            theme="pengaduan",
            source="Pengelola pengaduan Pemda",
            keywords=("pengaduan", "tren"),
            order=31,
            fingerprint=_fingerprint,
            refresh_after=refresh,
        )
    )
    out.append(
        Dataset(
            slug="penanganan-pengaduan-lke",
            title="Rasio penanganan pengaduan (LKE) per perangkat daerah",
            description="Pengaduan yang telah selesai dibanding pengaduan yang harus ditindaklanjuti, per perangkat daerah dan tahun (LKE Zona Integritas, reform Peningkatan Kualitas Pelayanan Publik).",
            columns=[
                Column("unit_id", "Id unit"),
                Column("unit", "Perangkat daerah"),
                Column("tahun", "Tahun", "integer"),
                Column("selesai", "Selesai", "integer"),
                Column("harus_ditindaklanjuti", "Harus ditindaklanjuti", "integer"),
                Column("persen", "Rasio", "decimal", "%"),
            ],
            rows=_lke_ratio_rows,
            theme="pengaduan",
            source="PermenPANRB 90/2021 Lampiran III",
            keywords=("LKE", "pengaduan"),
            unit_column="unit_id",
            chart=("bar", "tahun", "persen", 0, 100),
            order=32,
            fingerprint=_fingerprint,
            refresh_after=refresh,
        )
    )
    return out
