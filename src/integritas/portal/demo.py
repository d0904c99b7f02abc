"""Demo data for the portal: Inspektorat audit summaries (LHP) with follow-up (TLHP)."""

from __future__ import annotations

import datetime as dt

from integritas.core.demo import DemoContext
from integritas.portal import services
from integritas.portal.choices import FollowUpStatus
from integritas.portal.models import AuditReport

# (number, OPD code, date, title, summary, [(recommendation, status)], publish, public_from)
REPORTS = [
    (
        "700/LHP-01/INSP/2025",
        "DPMPTSP",
        dt.date(2025, 4, 14),
        "Pemeriksaan kinerja pelayanan perizinan berusaha",
        "Pemeriksaan atas pelayanan perizinan berusaha tahun 2024 menemukan waktu penyelesaian "
        "yang melebihi standar pelayanan pada 12% berkas dan papan informasi biaya yang belum "
        "diperbarui.",
        [
            (
                "Memperbarui standar pelayanan dan memublikasikannya di ruang tunggu dan laman.",
                FollowUpStatus.DONE,
            ),
            ("Menerapkan pemantauan waktu penyelesaian berkas secara harian.", FollowUpStatus.DONE),
            (
                "Memberikan pembinaan kepada petugas loket yang melampaui standar waktu.",
                FollowUpStatus.IN_PROGRESS,
            ),
        ],
        True,
        None,
    ),
    (
        "700/LHP-04/INSP/2025",
        "DINKES",
        dt.date(2025, 8, 25),
        "Pemeriksaan pengelolaan obat dan bahan medis habis pakai",
        "Pencatatan persediaan obat di dua puskesmas belum didukung kartu stok yang mutakhir; "
        "terdapat obat kedaluwarsa yang belum dimusnahkan.",
        [
            ("Memutakhirkan kartu stok obat di seluruh puskesmas.", FollowUpStatus.IN_PROGRESS),
            ("Melaksanakan pemusnahan obat kedaluwarsa sesuai ketentuan.", FollowUpStatus.DONE),
            ("Menyusun SOP penerimaan dan penyimpanan obat.", FollowUpStatus.NOT_YET),
        ],
        True,
        None,
    ),
    (
        "700/LHP-07/INSP/2026",
        "DISDUKCAPIL",
        dt.date(2026, 2, 9),
        "Reviu pelayanan administrasi kependudukan",
        "Antrean pelayanan KTP-el pada hari Senin melebihi kapasitas ruang tunggu; pengaduan "
        "tentang calo belum ditindaklanjuti secara tuntas.",
        [
            ("Menambah kanal pelayanan daring untuk pencetakan dokumen.", FollowUpStatus.DONE),
            (
                "Menindaklanjuti pengaduan calo bersama Satpol PP dan kepolisian.",
                FollowUpStatus.IN_PROGRESS,
            ),
        ],
        True,
        dt.date(2027, 1, 4),  # shown to observers first
    ),
    (
        "700/LHP-09/INSP/2026",
        "PUPR",
        dt.date(2026, 6, 22),
        "Pemeriksaan pengadaan pekerjaan jalan (draf)",
        "Draf internal; belum disetujui untuk dipublikasikan.",
        [("Menyempurnakan dokumen perencanaan pengadaan.", FollowUpStatus.NOT_YET)],
        False,
        None,
    ),
]


def load_portal(ctx: DemoContext) -> None:
    """Four LHP summaries: published, published with follow-up, embargoed, unpublished."""
    for number, code, date, title, summary, recs, publish, public_from in REPORTS:
        if AuditReport.objects.filter(number=number).exists():
            continue
        report = services.audit_report_create(
            actor=None,
            organisation=ctx.orgs[code],
            number=number,
            date=date,
            title=title,
            summary=summary,
            recommendations=[text for text, _status in recs],
        )
        for rec, (_text, status) in zip(report.recommendations.order_by("id"), recs, strict=True):
            if status != FollowUpStatus.NOT_YET:
                services.recommendation_set_status(actor=None, recommendation=rec, status=status)
        if publish:
            services.audit_report_publish(actor=None, report=report, public_from=public_from)
