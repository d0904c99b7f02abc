"""``integritas demo``: a fictional but realistic Pemda, loaded idempotently.

Each app declares its loader in its ``AppDeclaration`` (``core.registry``); core runs them in
``order``, so the demo grows with the product. Every loader must be safe to run twice (look
up before creating).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from integritas.core import services
from integritas.core.actors import System
from integritas.core.choices import OrganisationKind as K
from integritas.core.choices import OverrideKind, Role
from integritas.core.models import Organisation, User, WorkingDayOverride

SYSTEM = System("demo")

DEMO_PEMDA_CODE = "3299"  # fictional kabupaten code (no real kabupaten uses 32.99)


@dataclass
class DemoContext:
    """What loaders share: the Pemda, organisations by code, users by username."""

    pemda: Organisation
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, password, role


Loader = Callable[[DemoContext], None]
_LOADERS: list[tuple[int, str, Loader]] = []


def register_loader(order: int, name: str, func: Loader) -> None:
    """Register a demo loader (from an app's declaration); lower ``order`` runs first."""
    if not any(existing == name for _o, existing, _f in _LOADERS):
        _LOADERS.append((order, name, func))


def demo_password(username: str) -> str:
    """A stable password per install: HMAC of the username under this install's secret key.

    Stable, so running the demo twice prints the same logins; not in the source code, so
    two installs never share passwords.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo:{username}".encode(), hashlib.sha256)
    token = base64.b32encode(digest.digest()).decode().lower()[:12]
    return f"{token[:4]}-{token[4:8]}-{token[8:12]}"


# (code, name, kind, public service, [(unit code, unit name, kind, public service)])
OPD: list[tuple[str, str, str, bool, list[tuple[str, str, str, bool]]]] = [
    (
        "SETDA",
        "Sekretariat Daerah",
        K.SEKRETARIAT,
        False,
        [
            ("ORG", "Bagian Organisasi", K.BIDANG, False),
            ("PBJ", "Bagian Pengadaan Barang dan Jasa", K.BIDANG, True),
            ("HKM", "Bagian Hukum", K.BIDANG, False),
        ],
    ),
    (
        "SETWAN",
        "Sekretariat DPRD",
        K.SEKRETARIAT,
        False,
        [("PERSID", "Bagian Persidangan dan Perundang-undangan", K.BIDANG, False)],
    ),
    (
        "INSP",
        "Inspektorat Daerah",
        K.INSPEKTORAT,
        False,
        [
            ("IRBAN1", "Inspektur Pembantu Wilayah I", K.BIDANG, False),
            ("IRBAN2", "Inspektur Pembantu Wilayah II", K.BIDANG, False),
        ],
    ),
    (
        "BAPPEDA",
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        K.BADAN,
        False,
        [
            ("PEP", "Bidang Perencanaan, Pengendalian dan Evaluasi", K.BIDANG, False),
            ("LITBANG", "Bidang Riset dan Inovasi Daerah", K.BIDANG, False),
        ],
    ),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        K.BADAN,
        False,
        [
            ("ASET", "Bidang Aset", K.BIDANG, False),
            ("PERBEND", "Bidang Perbendaharaan", K.BIDANG, False),
        ],
    ),
    (
        "BAPENDA",
        "Badan Pendapatan Daerah",
        K.BADAN,
        True,
        [("PBB", "UPT Pelayanan PBB-P2", K.UPT, True)],
    ),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan SDM",
        K.BADAN,
        True,
        [("MUTASI", "Bidang Mutasi dan Promosi", K.BIDANG, True)],
    ),
    (
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        K.BADAN,
        True,
        [("DARURAT", "Bidang Kedaruratan dan Logistik", K.BIDANG, True)],
    ),
    (
        "KESBANGPOL",
        "Badan Kesatuan Bangsa dan Politik",
        K.BADAN,
        False,
        [("IDEOLOGI", "Bidang Ideologi dan Wawasan Kebangsaan", K.BIDANG, False)],
    ),
    (
        "DISDIK",
        "Dinas Pendidikan",
        K.DINAS,
        True,
        [
            ("SMP1", "SMP Negeri 1 Sukamaju", K.SEKOLAH, True),
            ("GTK", "Bidang Guru dan Tenaga Kependidikan", K.BIDANG, True),
            ("SDN3", "SD Negeri 3 Mekarsari", K.SEKOLAH, True),
        ],
    ),
    (
        "DINKES",
        "Dinas Kesehatan",
        K.DINAS,
        True,
        [
            ("PKM-SKM", "Puskesmas Sukamaju", K.PUSKESMAS, True),
            ("PKM-CBD", "Puskesmas Cibodas", K.PUSKESMAS, True),
            ("LABKES", "UPT Laboratorium Kesehatan Daerah", K.UPT, True),
        ],
    ),
    (
        "RSUD",
        "RSUD Sukamaju",
        K.RSUD,
        True,
        [
            ("IGD", "Instalasi Gawat Darurat", K.UNIT, True),
            ("RAJAL", "Instalasi Rawat Jalan", K.UNIT, True),
            ("FARMASI", "Instalasi Farmasi", K.UNIT, True),
        ],
    ),
    (
        "DINSOS",
        "Dinas Sosial",
        K.DINAS,
        True,
        [
            ("LINJAMSOS", "Bidang Perlindungan dan Jaminan Sosial", K.BIDANG, True),
            ("REHSOS", "Bidang Rehabilitasi Sosial", K.BIDANG, True),
        ],
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        K.DINAS,
        True,
        [
            ("PERIZINAN", "Bidang Pelayanan Perizinan", K.BIDANG, True),
            ("MPP", "UPT Mal Pelayanan Publik", K.UPT, True),
        ],
    ),
    (
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        K.DINAS,
        True,
        [
            ("DAFDUK", "Bidang Pelayanan Pendaftaran Penduduk", K.BIDANG, True),
            ("CAPIL", "Bidang Pelayanan Pencatatan Sipil", K.BIDANG, True),
        ],
    ),
    (
        "PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        K.DINAS,
        True,
        [
            ("BINAMARGA", "Bidang Bina Marga", K.BIDANG, False),
            ("TARU", "Bidang Penataan Ruang", K.BIDANG, True),
        ],
    ),
    (
        "DISHUB",
        "Dinas Perhubungan",
        K.DINAS,
        True,
        [("PKB", "UPT Pengujian Kendaraan Bermotor", K.UPT, True)],
    ),
    (
        "DLH",
        "Dinas Lingkungan Hidup",
        K.DINAS,
        True,
        [("PERSAMPAHAN", "UPT Persampahan", K.UPT, True)],
    ),
    (
        "DISKOMINFO",
        "Dinas Komunikasi dan Informatika",
        K.DINAS,
        True,
        [("PPID", "Bidang Informasi dan Komunikasi Publik (PPID)", K.BIDANG, True)],
    ),
    (
        "DISTAN",
        "Dinas Pertanian dan Ketahanan Pangan",
        K.DINAS,
        True,
        [("PENYULUHAN", "UPT Penyuluhan Pertanian", K.UPT, True)],
    ),
    (
        "DISDAG",
        "Dinas Perdagangan, Koperasi dan UKM",
        K.DINAS,
        True,
        [
            ("METRO", "UPT Metrologi Legal", K.UPT, True),
            ("PASAR", "UPT Pasar Sukamaju", K.UPT, True),
        ],
    ),
    (
        "SATPOLPP",
        "Satuan Polisi Pamong Praja",
        K.SATPOL,
        True,
        [("TIBUM", "Bidang Ketertiban Umum", K.BIDANG, True)],
    ),
    (
        "KEC-SKM",
        "Kecamatan Sukamaju",
        K.KECAMATAN,
        True,
        [
            ("KEL-SKM", "Kelurahan Sukamaju", K.KELURAHAN, True),
            ("KEL-MKR", "Kelurahan Mekarsari", K.KELURAHAN, True),
        ],
    ),
    (
        "KEC-CBD",
        "Kecamatan Cibodas",
        K.KECAMATAN,
        True,
        [
            ("KEL-CBD", "Kelurahan Cibodas", K.KELURAHAN, True),
            ("KEL-SRJ", "Kelurahan Sukaraja", K.KELURAHAN, True),
        ],
    ),
    (
        "KEC-TGH",
        "Kecamatan Tegalharja",
        K.KECAMATAN,
        True,
        [
            ("KEL-TGH", "Kelurahan Tegalharja", K.KELURAHAN, True),
            ("KEL-WNR", "Kelurahan Wanareja", K.KELURAHAN, True),
        ],
    ),
]

# (username, full name, role, organisation code, NIP)
PEOPLE: list[tuple[str, str, Role, str, str | None]] = [
    ("admin", "Administrator Sistem", Role.ADMIN, DEMO_PEMDA_CODE, None),
    (
        "pimpinan",
        "Drs. H. Ahmad Suryana, M.Si.",
        Role.PIMPINAN,
        DEMO_PEMDA_CODE,
        "196905121994031004",
    ),
    ("timzi", "Rina Kartikasari, S.Sos.", Role.TIM_ZI, "DPMPTSP", "198703152010012015"),
    ("tpi", "Bambang Wijaya, S.E., Ak.", Role.TPI, DEMO_PEMDA_CODE, "197811202003121002"),
    (
        "pengaduan",
        "Dewi Lestari, S.H.",
        Role.PENGELOLA_PENGADUAN,
        DEMO_PEMDA_CODE,
        "199001082015032003",
    ),
    (
        "wbs",
        "Hendra Gunawan, S.H., M.H.",
        Role.PENGELOLA_WBS,
        DEMO_PEMDA_CODE,
        "198211042006041008",
    ),
    ("upg", "Siti Nurhaliza, S.E.", Role.UPG, DEMO_PEMDA_CODE, "198506172009022004"),
    ("survei", "Yusuf Ramadhan, S.Kom.", Role.PENGELOLA_SURVEI, "DPMPTSP", "199207242019031006"),
    (
        "perencana",
        "Maya Anggraini, S.T., M.T.",
        Role.PERENCANA,
        DEMO_PEMDA_CODE,
        "198809302012122001",
    ),
    (
        "kepegawaian",
        "Agus Setiawan, S.IP.",
        Role.KEPEGAWAIAN,
        DEMO_PEMDA_CODE,
        "198012252005011009",
    ),
    ("operator", "Fajar Nugroho, A.Md.", Role.OPERATOR_LAYANAN, "MPP", "199503112020121007"),
    ("pengamat", "Lembaga Pemantau Integritas Sukamaju", Role.PENGAMAT, DEMO_PEMDA_CODE, None),
]


def load_core(ctx: DemoContext) -> None:
    """Organisations (25 OPD, 44 unit kerja), a user per role, a regional holiday."""
    pemda = ctx.pemda
    ctx.orgs[pemda.code] = pemda
    for code, name, kind, service, units in OPD:
        opd = Organisation.objects.filter(parent=pemda, code=code).first() or (
            services.organisation_create(
                actor=SYSTEM,
                parent=pemda,
                code=code,
                name=name,
                kind=kind,
                is_public_service=service,
            )
        )
        ctx.orgs[code] = opd
        for ucode, uname, ukind, uservice in units:
            unit = Organisation.objects.filter(parent=opd, code=ucode).first() or (
                services.organisation_create(
                    actor=SYSTEM,
                    parent=opd,
                    code=ucode,
                    name=uname,
                    kind=ukind,
                    is_public_service=uservice,
                )
            )
            ctx.orgs[ucode] = unit
    for username, full_name, role, org_code, nip in PEOPLE:
        password = demo_password(username)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.user_create(
                actor=SYSTEM,
                username=username,
                full_name=full_name,
                password=password,
                email=f"{username}@sukamaju.example.id",
                nip=nip,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
        else:
            user.set_password(password)  # keep the printed password true after a re-run
            user.save(update_fields=["password"])
        services.role_grant(actor=SYSTEM, user=user, role=role, organisation=ctx.orgs[org_code])
        ctx.users[username] = user
        ctx.logins.append((username, password, str(role.label)))
    for date, reason in [
        (dt.date(2026, 9, 14), "Hari Jadi Kabupaten Sukamaju (Keputusan Bupati 100/2026)"),
        (dt.date(2027, 9, 14), "Hari Jadi Kabupaten Sukamaju (Keputusan Bupati 100/2026)"),
    ]:
        if not WorkingDayOverride.objects.filter(pemda=pemda, date=date).exists():
            services.calendar_override_set(
                actor=SYSTEM, pemda=pemda, date=date, kind=OverrideKind.CLOSURE, reason=reason
            )


def load_demo() -> DemoContext:
    """Create or update the demo Pemda and run every registered loader in order."""
    with transaction.atomic():
        pemda = Organisation.objects.filter(parent=None, code=DEMO_PEMDA_CODE).first()
        if pemda is None:
            pemda = services.organisation_create(
                actor=SYSTEM,
                parent=None,
                code=DEMO_PEMDA_CODE,
                name="Pemerintah Kabupaten Sukamaju",
                short_name="Kab. Sukamaju",
                kind=K.PEMDA,
                timezone="WIB",
            )
    ctx = DemoContext(pemda=pemda)
    for _order, _name, loader in sorted(_LOADERS, key=lambda item: item[0]):
        with transaction.atomic():
            loader(ctx)
    return ctx


def run_demo(*, port: int, serve: bool) -> int:
    """Migrate, load the demo, print the logins, then serve on 127.0.0.1:``port``."""
    call_command("migrate", interactive=False, verbosity=0)
    ctx = load_demo()
    out = sys.stdout
    out.write(f"\nIntegritas demo — {ctx.pemda.name}\n")
    out.write(f"  data: {settings.DATABASES['default']['NAME']}\n")
    out.write(f"  {Organisation.objects.count()} organisations, {User.objects.count()} users\n\n")
    out.write("  Demo logins (username / password — role):\n")
    for username, password, role in ctx.logins:
        out.write(f"    {username:<12} {password}   {role}\n")
    if not serve:
        return 0
    call_command("collectstatic", interactive=False, verbosity=0)
    out.write(f"\n  Open http://127.0.0.1:{port}/ (staff: http://127.0.0.1:{port}/app/)\n")
    out.write("  Background jobs and due-date sweeps run beside the server; e-mails and\n")
    out.write("  WhatsApp/SMS messages are printed here (console backends).\n")
    out.write("  Press Ctrl+C to stop.\n\n")
    out.flush()
    from integritas.config.server import run_gunicorn

    os.environ["DJANGO_SETTINGS_MODULE"] = "integritas.config.settings.base"
    helpers = start_background_processes()
    try:
        return run_gunicorn(bind=f"127.0.0.1:{port}", workers=2)
    finally:
        stop_background_processes(helpers)


def start_background_processes() -> list[subprocess.Popen[bytes]]:
    """The job worker (every queue) and the sweep loop, as child processes of the demo.

    Production runs the same two commands under its process manager (README).
    """
    command = [sys.executable, "-m", "integritas.cli", "manage"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return [
        subprocess.Popen(  # noqa: S603 - our own command line, no user input
            [*command, "db_worker", "--queue-name", "*", "--interval", "1"], env=env
        ),
        subprocess.Popen(  # noqa: S603 - our own command line, no user input
            [*command, "sweeps", "--every", "300"], env=env
        ),
    ]


def stop_background_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stop the demo's helper processes (terminate, then kill after 10 s)."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
