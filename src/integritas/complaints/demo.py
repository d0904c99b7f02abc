"""Demo complaints: two years (2025–2026) across OPDs and channels, in every state.

The volume falls by more than 40 % from 2025 to 2026, like the seed practice's headline
result; the figure on the statistics page is counted from these rows, not typed in.
Rows are created in bulk for speed, with their timeline events and one audit event per
complaint (``complaint.demo_import``) so the trail stays consistent. Idempotent: the data
is created once per Pemda; the OPD handler account is refreshed on every run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from integritas.complaints import sla
from integritas.complaints.choices import (
    Category,
    Channel,
    EventKind,
    IdentityMode,
    ReferralAgency,
    Status,
)
from integritas.complaints.models import (
    ComplainantIdentity,
    Complaint,
    ComplaintEvent,
    new_tracking_code,
)
from integritas.core import clock
from integritas.core import services as core_services
from integritas.core.actors import System
from integritas.core.audit import audit_record
from integritas.core.calendar import WorkingCalendar
from integritas.core.choices import Role
from integritas.core.demo import DemoContext, demo_password
from integritas.core.models import Organisation, User
from integritas.core.selectors import calendar_for

#: The OPD handler account of the demo (pengelola_pengaduan scoped to one OPD).
HANDLER_USERNAME = "pengaduan_capil"
HANDLER_OPD = "DISDUKCAPIL"
#: Complaints per month: 2025 then 2026 (2026 ≈ −47 % of 2025 over the same months).
MONTHLY = {
    2025: [48, 52, 61, 58, 55, 50, 53, 57, 49, 51, 46, 44],
    2026: [34, 31, 30, 29, 28, 27, 26, 27, 25, 26, 24, 20],
}
#: Extra complaints received in the last two weeks (still being handled).
RECENT = 16
OPD_WEIGHTS = [
    ("DISDUKCAPIL", 18),
    ("DPMPTSP", 12),
    ("RSUD", 10),
    ("DINKES", 9),
    ("PUPR", 9),
    ("DLH", 7),
    ("DINSOS", 7),
    ("DISDIK", 6),
    ("DISHUB", 5),
    ("SATPOLPP", 4),
    ("BAPENDA", 4),
    ("KEC-SKM", 3),
    ("KEC-CBD", 3),
    ("KEC-TGH", 2),
    ("DISDAG", 1),
]
CHANNEL_WEIGHTS = [
    (Channel.WEB, 34),
    (Channel.WALK_IN, 14),
    (Channel.PHONE, 9),
    (Channel.LETTER, 5),
    (Channel.EMAIL, 9),
    (Channel.SOCIAL, 11),
    (Channel.LAPOR, 12),
    (Channel.API, 6),
]
SUBJECTS = {
    Category.POPULATION: [
        "KTP elektronik belum jadi setelah tiga bulan",
        "Antrean akta kelahiran terlalu panjang",
        "Data KK salah cetak",
    ],
    Category.LICENSING: [
        "PBG tidak ada kabar",
        "Syarat izin usaha berubah-ubah",
        "NIB tidak bisa diverifikasi",
    ],
    Category.HEALTH: [
        "Obat kosong di instalasi farmasi",
        "Petugas IGD tidak ramah",
        "Jadwal dokter puskesmas tidak sesuai",
    ],
    Category.EDUCATION: ["Pungutan seragam di sekolah negeri", "Zonasi PPDB tidak transparan"],
    Category.INFRASTRUCTURE: [
        "Jalan kabupaten berlubang",
        "Lampu penerangan jalan mati",
        "Drainase tersumbat",
    ],
    Category.ENVIRONMENT: ["Sampah tidak diangkut seminggu", "Bau limbah dari pabrik tahu"],
    Category.SOCIAL: ["Bantuan sosial salah sasaran", "Lansia belum menerima bantuan"],
    Category.ORDER: ["Pedagang menutup trotoar", "Parkir liar di depan pasar"],
    Category.CONDUCT: ["Petugas loket bermain ponsel", "Pegawai datang terlambat"],
    Category.LEVY: ["Diminta uang tambahan di loket", "Pungutan parkir tanpa karcis"],
    Category.SERVICE: [
        "Jam layanan tidak sesuai pengumuman",
        "Website layanan sering tidak bisa diakses",
    ],
    Category.OTHER: ["Saran perbaikan ruang tunggu"],
}
ANSWERS = [
    "Terima kasih atas laporan Anda. Kami telah menindaklanjuti dan masalah sudah diperbaiki.",
    "Petugas terkait sudah diberi pembinaan dan layanan kembali normal.",
    "Kami menambah loket dan memperpanjang jam layanan mulai bulan ini.",
    "Lokasi sudah kami tinjau; perbaikan dijadwalkan dalam anggaran perubahan.",
]
FIRST = [
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gita",
    "Hadi",
    "Indah",
    "Joko",
    "Kartika",
    "Lukman",
    "Maya",
    "Nanda",
    "Oki",
    "Putri",
    "Rudi",
    "Sari",
    "Tono",
    "Wulan",
]
LAST = [
    "Saputra",
    "Lestari",
    "Wijaya",
    "Hidayat",
    "Pratama",
    "Kusuma",
    "Nugroho",
    "Rahayu",
    "Setiawan",
    "Permata",
]


@dataclass
class _Plan:
    complaint: Complaint
    events: list[tuple[dt.datetime, str, str, str, Organisation | None, bool]] = field(
        default_factory=list
    )
    identity: dict[str, str] | None = None


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _w in weighted], weights=[w for _k, w in weighted])[0]


def _local(calendar: WorkingCalendar, day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=calendar.zone).astimezone(
        dt.UTC
    )


def _after(
    calendar: WorkingCalendar, start: dt.datetime, days: int, rng: random.Random
) -> dt.datetime:
    """An instant during office hours ``days`` working days after ``start``."""
    day = calendar.local_date(calendar.add_working_days(start, days))
    moment = _local(calendar, day, rng.randint(8, 15), rng.randint(0, 59))
    return max(moment, start + dt.timedelta(minutes=30))


def _plan(
    rng: random.Random,
    calendar: WorkingCalendar,
    pemda: Organisation,
    orgs: dict[str, Organisation],
    received: dt.datetime,
    now: dt.datetime,
    earlier: list[Complaint],
) -> _Plan:
    policy = sla.DEFAULT_POLICY
    category = rng.choice(list(SUBJECTS))
    channel = _pick(rng, [(str(c), w) for c, w in CHANNEL_WEIGHTS])
    mode = _pick(
        rng, [(IdentityMode.TERBUKA, 45), (IdentityMode.RAHASIA, 35), (IdentityMode.ANONIM, 20)]
    )
    target = orgs[_pick(rng, [(code, w) for code, w in OPD_WEIGHTS if code in orgs])]
    c = Complaint(
        tracking_code=new_tracking_code(),
        pemda=pemda,
        organisation=pemda,
        subject=rng.choice(SUBJECTS[category]),
        description="Uraian contoh untuk data demo: kejadian, lokasi dan waktu dijelaskan oleh pelapor.",
        channel=channel,
        identity_mode=mode,
        category=category,
        received_at=received,
        forward_due=sla.forward_deadline(calendar, received, policy),
        lapor_id=f"LAPOR-{rng.randint(1000000, 9999999)}" if channel == Channel.LAPOR else "",
    )
    plan = _Plan(c)
    if mode != IdentityMode.ANONIM:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        plan.identity = {
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}@contoh.id" if rng.random() < 0.6 else "",
            "phone": f"+62812{rng.randint(10000000, 99999999)}" if rng.random() < 0.5 else "",
            "nik": "",
        }
    steps: list[tuple[dt.datetime, str, str, Organisation | None]] = [
        (received, Status.RECEIVED, "", None)
    ]
    fate = rng.random()
    late = rng.random() < 0.18
    verified = _after(calendar, received, rng.randint(0, 1), rng)
    if fate < 0.07:
        steps.append(
            (
                verified,
                Status.REJECTED,
                "Laporan berisi pertanyaan umum, bukan pengaduan; silakan hubungi layanan informasi.",
                None,
            )
        )
    elif fate < 0.12 and earlier:
        steps.append((verified, Status.DUPLICATE, "", None))
        c.duplicate_of = rng.choice(earlier[-30:])
    elif fate < 0.19:
        steps.append((verified, Status.VERIFIED, "", None))
        c.referred_to = rng.choice([a.value for a in ReferralAgency])
        c.referral_reference = f"B/{rng.randint(100, 999)}/{received.year}"
        steps.append((_after(calendar, verified, 1, rng), Status.REFERRED, "", None))
    else:
        steps.append((verified, Status.VERIFIED, "", None))
        forwarded = _after(
            calendar, verified, rng.randint(4, 6) if late else rng.randint(0, 2), rng
        )
        steps.append((forwarded, Status.FORWARDED, "", target))
        if rng.random() < 0.6:
            followed = _after(calendar, forwarded, rng.randint(0, 2), rng)
            steps.append(
                (followed, Status.FOLLOWED_UP, "Petugas sedang memeriksa laporan ini.", None)
            )
        answered = _after(
            calendar,
            forwarded,
            rng.randint(6, 9) if rng.random() < 0.15 else rng.randint(2, 5),
            rng,
        )
        steps.append((answered, Status.ANSWERED, rng.choice(ANSWERS), None))
        if rng.random() < 0.05:
            steps.append(
                (
                    _after(calendar, answered, 2, rng),
                    Status.REOPENED,
                    "Masalah yang sama terjadi lagi minggu ini.",
                    None,
                )
            )
        else:
            steps.append(
                (
                    calendar.add_working_days(answered, policy.autoclose_days)
                    + dt.timedelta(seconds=1),
                    Status.CLOSED,
                    "",
                    None,
                )
            )
    for at, status, message, org in steps:
        if at > now:
            break
        c.status = status
        public = True
        plan.events.append((at, EventKind.STATUS, status, message, org, public))
        if status == Status.VERIFIED:
            c.verified_at = at
        elif status == Status.FORWARDED:
            c.organisation, c.forwarded_at = target, at
            c.forward_met = at <= (c.forward_due or at)
            c.answer_due = sla.answer_deadline(calendar, at, policy)
        elif status == Status.ANSWERED:
            c.answered_at = c.finished_at = at
            c.answer_met = at <= (c.answer_due or at)
            c.autoclose_due = sla.autoclose_deadline(calendar, at, policy)
            c.reopen_until = sla.reopen_deadline(calendar, at, policy)
        elif status == Status.CLOSED:
            c.closed_at, c.autoclose_due = at, None
            if rng.random() < 0.3:
                c.rating = rng.choice([3, 4, 4, 5, 5, 2])
        elif status == Status.REOPENED:
            c.reopen_count, c.autoclose_due = 1, None
            c.answer_due = sla.answer_deadline(calendar, at, policy)
        elif status in {Status.REJECTED, Status.DUPLICATE, Status.REFERRED}:
            c.finished_at = at
    if c.status != Status.DUPLICATE:
        c.duplicate_of = None
    if c.status != Status.REFERRED:
        c.referred_to, c.referral_reference = "", ""
    return plan


def _handler(ctx: DemoContext) -> None:
    opd = (
        ctx.orgs.get(HANDLER_OPD)
        or Organisation.objects.filter(parent=ctx.pemda, code=HANDLER_OPD).first()
    )
    if opd is None:
        return
    password = demo_password(HANDLER_USERNAME)
    user = User.objects.filter(username=HANDLER_USERNAME).first()
    if user is None:
        user = core_services.user_create(
            actor=System("demo"),
            username=HANDLER_USERNAME,
            full_name="Rahmat Hidayat, S.AP.",
            password=password,
            email=f"{HANDLER_USERNAME}@sukamaju.example.id",
            nip="199104122016021005",
        )
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    core_services.role_grant(
        actor=System("demo"), user=user, role=Role.PENGELOLA_PENGADUAN, organisation=opd
    )
    ctx.users[HANDLER_USERNAME] = user
    ctx.logins.append((HANDLER_USERNAME, password, "Pengelola pengaduan OPD (Disdukcapil)"))


def load_complaints(ctx: DemoContext) -> None:
    """About 1 000 complaints in 2025–2026 (volume −47 %), every state, plus the OPD handler."""
    _handler(ctx)
    pemda = ctx.pemda
    if Complaint.objects.filter(pemda=pemda).exists():
        return
    orgs = {
        code: o
        for code, _w in OPD_WEIGHTS
        if (o := ctx.orgs.get(code) or Organisation.objects.filter(parent=pemda, code=code).first())
    }
    if not orgs:
        return
    rng = random.Random(2025)  # noqa: S311 - demo data, reproducible on purpose
    calendar = calendar_for(pemda)
    now = clock.now()
    plans: list[_Plan] = []
    originals: list[Complaint] = []
    for year, months in MONTHLY.items():
        for month, count in enumerate(months, start=1):
            for _ in range(count):
                day = dt.date(year, month, rng.randint(1, 28))
                received = _local(calendar, day, rng.randint(7, 21), rng.randint(0, 59))
                if received > now - dt.timedelta(hours=2):
                    continue
                plan = _plan(rng, calendar, pemda, orgs, received, now, originals)
                plans.append(plan)
                if plan.complaint.duplicate_of is None:
                    originals.append(plan.complaint)
    # The last two weeks: complaints still in flight, some of them overdue.
    for _ in range(RECENT):
        received = now - dt.timedelta(hours=rng.randint(3, 14 * 24))
        if received.year not in MONTHLY:
            continue
        plan = _plan(rng, calendar, pemda, orgs, received, now, originals)
        plans.append(plan)
        if plan.complaint.duplicate_of is None:
            originals.append(plan.complaint)
    _save(plans)


def _save(plans: list[_Plan]) -> None:
    # Originals first, so that a duplicate's reference has its primary key.
    Complaint.objects.bulk_create(
        [p.complaint for p in plans if p.complaint.duplicate_of is None], batch_size=200
    )
    duplicates = [p.complaint for p in plans if p.complaint.duplicate_of is not None]
    for c in duplicates:
        c.duplicate_of_id = c.duplicate_of.pk if c.duplicate_of is not None else None
    Complaint.objects.bulk_create(duplicates, batch_size=200)
    ComplainantIdentity.objects.bulk_create(
        [
            ComplainantIdentity(complaint=p.complaint, **p.identity)
            for p in plans
            if p.identity is not None
        ],
        batch_size=500,
    )
    ComplaintEvent.objects.bulk_create(
        [
            ComplaintEvent(
                complaint=p.complaint,
                at=at,
                kind=kind,
                status=status,
                message=message,
                organisation=org,
                is_public=public,
            )
            for p in plans
            for at, kind, status, message, org, public in p.events
        ],
        batch_size=1000,
    )
    for p in plans:
        audit_record(
            actor=System("demo"),
            action="complaint.demo_import",
            target=p.complaint,
            organisation=p.complaint.organisation,
            after={
                "status": p.complaint.status,
                "channel": p.complaint.channel,
                "category": p.complaint.category,
            },
        )
