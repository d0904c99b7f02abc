"""Demo data of the pengawasan app: Inspektorat LHP summaries with follow-up (TLHP)."""

from __future__ import annotations

import datetime as dt

from integritas.core.actors import System
from integritas.core.demo import DemoContext
from integritas.pengawasan import services
from integritas.pengawasan.choices import TlhpStatus
from integritas.pengawasan.models import Lhp

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
                TlhpStatus.DONE,
            ),
            ("Menerapkan pemantauan waktu penyelesaian berkas secara harian.", TlhpStatus.DONE),
            (
                "Memberikan pembinaan kepada petugas loket yang melampaui standar waktu.",
                TlhpStatus.IN_PROGRESS,
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
            ("Memutakhirkan kartu stok obat di seluruh puskesmas.", TlhpStatus.IN_PROGRESS),
            ("Melaksanakan pemusnahan obat kedaluwarsa sesuai ketentuan.", TlhpStatus.DONE),
            ("Menyusun SOP penerimaan dan penyimpanan obat.", TlhpStatus.NOT_YET),
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
            ("Menambah kanal pelayanan daring untuk pencetakan dokumen.", TlhpStatus.DONE),
            (
                "Menindaklanjuti pengaduan calo bersama Satpol PP dan kepolisian.",
                TlhpStatus.IN_PROGRESS,
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
        [("Menyempurnakan dokumen perencanaan pengadaan.", TlhpStatus.NOT_YET)],
        False,
        None,
    ),
]


#: The follow-up actions that lead from "not yet" to each status.
_STEPS = {
    TlhpStatus.NOT_YET: [],
    TlhpStatus.IN_PROGRESS: ["start"],
    TlhpStatus.DONE: ["complete"],
}


def load_pengawasan(ctx: DemoContext) -> None:
    """Four LHP summaries: published, published with follow-up, embargoed, draft."""
    actor = System("demo")
    for number, code, date, title, summary, recs, publish, public_from in REPORTS:
        if Lhp.objects.filter(number=number).exists():
            continue
        lhp = services.lhp_create(
            actor=actor,
            organisation=ctx.orgs[code],
            number=number,
            date=date,
            title=title,
            summary=summary,
            recommendations=[text for text, _status in recs],
        )
        for rec, (_text, status) in zip(lhp.rekomendasi.order_by("id"), recs, strict=True):
            for step in _STEPS[status]:
                services.tlhp_update(actor=actor, rekomendasi=rec, action=step)
        if publish:
            services.lhp_publish(actor=actor, lhp=lhp, public_from=public_from)
