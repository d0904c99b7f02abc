"""Demo data: WBS reports in every state, encrypted and readable by the demo ``wbs`` handler.

The handler's key is wrapped under the demo password (``core.demo.demo_password``), so
signing in as ``wbs`` unlocks it. Idempotent: reports are added only once.
"""

from __future__ import annotations

from integritas.core.actors import System
from integritas.core.demo import DemoContext, demo_password
from integritas.whistleblowing import services
from integritas.whistleblowing.choices import Category, ForwardedTo, ReportStatus
from integritas.whistleblowing.models import RecoveryKey, Report

DEMO = System("demo")

REPORTS: list[tuple[str, str, str, str]] = [
    (
        Category.PENGADAAN,
        ReportStatus.TRIAGE,
        "Pemenang tender rehabilitasi gedung sudah diumumkan di grup WhatsApp kantor seminggu "
        "sebelum evaluasi penawaran selesai.",
        "Kepala Seksi Sarana, Bidang Aset",
    ),
    (
        Category.GRATIFIKASI,
        ReportStatus.INVESTIGATION,
        "Pemohon izin diminta menyerahkan 'uang rokok' Rp500.000 agar berkas diproses cepat.",
        "Petugas loket perizinan (nama tidak diketahui)",
    ),
    (
        Category.PENYALAHGUNAAN_WEWENANG,
        ReportStatus.PROVEN,
        "Mobil dinas dipakai untuk keperluan keluarga setiap akhir pekan.",
        "Sekretaris dinas",
    ),
    (
        Category.PELANGGARAN_DISIPLIN,
        ReportStatus.NOT_PROVEN,
        "Pegawai honorer titip absen melalui rekan kerja.",
        "Staf Bagian Umum",
    ),
    (
        Category.KORUPSI,
        ReportStatus.FORWARDED,
        "Dana hibah kelompok tani dipotong 20% oleh pendamping sebelum dicairkan.",
        "Pendamping kelompok tani Kecamatan Tegalharja",
    ),
    (
        Category.LAINNYA,
        ReportStatus.REJECTED,
        "Parkir liar di depan kantor kecamatan.",
        "",
    ),
]


def load_whistleblowing(ctx: DemoContext) -> None:
    handler = ctx.users.get("wbs")
    if handler is None:
        return
    password = demo_password("wbs")
    unlocked = services.handler_key_unlock(user=handler, password=password)
    if unlocked is None:
        if services.active_key(handler) is not None:
            return  # someone changed the demo handler's password: leave their data alone
        services.handler_key_enrol(actor=DEMO, user=handler, password=password)
        unlocked = services.handler_key_unlock(user=handler, password=password)
    assert unlocked is not None
    if not RecoveryKey.objects.filter(pemda=ctx.pemda, active=True).exists():
        # The private half is discarded: the demo shows the procedure, not a usable key.
        services.recovery_key_create(actor=DEMO, pemda=ctx.pemda)
    if Report.objects.filter(pemda=ctx.pemda).exists():
        return
    for category, state, what, who in REPORTS:
        report, _receipt = services.report_submit(
            actor=DEMO,
            category=category,
            content={"what": what, "who": who, "where": "Kabupaten Sukamaju", "when": "2026"},
            identity={"name": "Pelapor Contoh"} if state == ReportStatus.PROVEN else None,
            pemda=ctx.pemda,
        )
        if state != ReportStatus.TRIAGE:
            services.handler_message(
                actor=handler,
                report=report,
                private_key=unlocked[1],
                text="Terima kasih. Mohon jelaskan kapan kejadian terakhir terlihat.",
            )
        if state in {ReportStatus.INVESTIGATION, ReportStatus.PROVEN, ReportStatus.NOT_PROVEN}:
            services.report_investigate(actor=handler, report=report)
        if state in {ReportStatus.PROVEN, ReportStatus.NOT_PROVEN}:
            services.report_conclude(actor=handler, report=report, result=state)
        elif state == ReportStatus.FORWARDED:
            services.report_forward(
                actor=handler, report=report, forwarded_to=ForwardedTo.KEJAKSAAN
            )
        elif state == ReportStatus.REJECTED:
            services.report_reject(actor=handler, report=report)
