"""Demo gratification reports across both rule periods: exempt and reportable, on time and
late, in every UPG state."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from integritas.core.actors import System
from integritas.core.demo import DemoContext
from integritas.gratification import services
from integritas.gratification.choices import Decision, Status
from integritas.gratification.models import GratificationReport

DEMO = System("demo")

# (received, reported, form, occasion, kind, value, giver, description, final state)
ROWS: list[tuple[dt.date, dt.date, str, str, str, int, str, str, str]] = [
    (
        dt.date(2025, 11, 3),
        dt.date(2025, 11, 10),
        "penerimaan",
        "upacara",
        "uang",
        1_200_000,
        "Keluarga pemohon izin",
        "Amplop resepsi pernikahan anak",
        Status.HANDED_OVER,
    ),
    (
        dt.date(2025, 12, 1),
        dt.date(2026, 2, 2),
        "penerimaan",
        "kedinasan",
        "barang",
        2_500_000,
        "PT Contoh Konstruksi",
        "Jam tangan setelah serah terima pekerjaan",
        Status.DECIDED,
    ),
    (
        dt.date(2026, 1, 19),
        dt.date(2026, 1, 21),
        "penerimaan",
        "upacara",
        "barang",
        1_200_000,
        "Rekanan pengadaan",
        "Parsel lebaran (di bawah batas baru, tetapi aturan lama)",
        Status.FORWARDED,
    ),
    (
        dt.date(2026, 1, 20),
        dt.date(2026, 1, 22),
        "penerimaan",
        "upacara",
        "barang",
        1_200_000,
        "Tetangga",
        "Kado pernikahan (dikecualikan menurut 1/2026)",
        Status.VERIFIED,
    ),
    (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 4),
        "penolakan",
        "kedinasan",
        "uang",
        5_000_000,
        "Pemohon izin usaha",
        "Uang terima kasih ditolak di loket",
        Status.SUBMITTED,
    ),
    (
        dt.date(2026, 4, 6),
        dt.date(2026, 4, 8),
        "penerimaan",
        "rekan",
        "makanan",
        400_000,
        "Rekan sekantor",
        "Kue ulang tahun",
        Status.INCOMPLETE,
    ),
]


def load_gratification(ctx: DemoContext) -> None:
    reporter = ctx.users.get("operator") or ctx.users.get("upg")
    if reporter is None or GratificationReport.objects.filter(pemda=ctx.pemda).exists():
        return
    for received, reported, form, occasion, kind, value, giver, description, state in ROWS:
        noon = dt.datetime.combine(reported, dt.time(5), tzinfo=dt.UTC)
        with mock.patch("integritas.core.clock.now", return_value=noon):
            report = services.report_submit(
                actor=DEMO,
                reporter=reporter,
                pemda=ctx.pemda,
                form=form,
                giver=giver,
                relation="rekan" if occasion == "rekan" else "layanan",
                occasion=occasion,
                object_kind=kind,
                description=description,
                value=value,
                received_on=received,
                place="Kantor",
                kept_at="upg",
            )
            if state == Status.INCOMPLETE:
                services.report_ask_completion(actor=DEMO, report=report)
                continue
            if state == Status.SUBMITTED:
                continue
            services.report_verify(actor=DEMO, report=report)
            if state == Status.VERIFIED:
                continue
            services.report_forward(actor=DEMO, report=report, gol_number=f"GOL-{report.pk:05d}")
            if state == Status.FORWARDED:
                continue
            services.report_decide(
                actor=DEMO,
                report=report,
                decision=Decision.STATE,
                decree=f"KEP-{report.pk}/KPK/2026",
            )
            if state == Status.HANDED_OVER:
                services.report_hand_over(actor=DEMO, report=report)
