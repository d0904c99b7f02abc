"""The portal's home and unit pages on a large Pemda: 500 units, one million complaints.

Run from the repository root::

    uv run python bench/portal_load.py [--complaints 1000000] [--units 500] [--duration 10]
                                       [--rounds 3] [--connections 16] [--cold-reps 3]

Against PostgreSQL: set ``DATABASE_URL`` to a server the script may create a database on
(it creates ``integritas_bench_<random>`` there and drops it at the end).

What it does (details and measured numbers in ``bench/README.md``):

1. builds a temporary database — SQLite under a temporary ``INTEGRITAS_DATA_DIR``, or a
   temporary PostgreSQL database — with ``integritas demo --no-serve`` (the Sukamaju Pemda)
   and ``collectstatic``;
2. generates, timed on its own (``generate`` in the JSON): ``--units`` unit kerja spread
   round-robin under the demo's perangkat daerah (through ``organisation_create``, so paths,
   depth, level and the audit trail are the service's), one SKM survey per unit (through
   ``survey_create``) with eight quarters of published results (``PublishedResult`` rows in
   bulk, figures computed by the IKM module from generated tallies), and ``--complaints``
   complaints received 2025-01-01 … now, spread evenly over the days and uniformly over the
   units, each with one ``ComplaintEvent`` (its last status change), inserted with
   ``bulk_create`` in batches (no services: see ``_complaint_rows`` for what each row holds);
3. times, in one process, the cold build of every published dataset at this scale and the
   slowest queries of each (``dataset_profile`` in the JSON);
4. starts gunicorn with the project's runner (``run_gunicorn``: 2 sync workers, timeout 60 s,
   ``integritas.config.settings.base``, ``DEBUG=0``) on 127.0.0.1 and measures:
   - **cold**: after each of ``--cold-reps`` restarts, the first request of each page sent to
     every worker at once (one request per worker, timed with urllib), pages in rotating
     order, so each page is measured once as the very first request of a fresh worker;
   - **warm**: ``--rounds`` alternating rounds of ``wrk`` (``bench/latency.lua`` for p95) on
     ``/``, an OPD's unit page and a unit kerja's page;
   - **after a data change**: one ``ComplaintEvent`` is inserted (the complaint datasets'
     fingerprint moves), then the next request on every worker is timed (the rebuild), and
     one more ``wrk`` round on ``/`` starts right after another insert;
5. writes ``bench/results/portal_load-<db>-<date>.json``, prints a table, stops the server
   and removes the temporary database.

Every load run targets 127.0.0.1 only and is bounded by ``--duration``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from _common import (  # this folder is on sys.path when the script runs
    HOST,
    LUA_SCRIPT,
    REPO_ROOT,
    BenchError,
    exit_on_sigterm,
    free_port,
    machine_info,
    new_result_path,
    run_checked,
)

MAX_DURATION_S = 120
MAX_ROUNDS = 10
MAX_CONNECTIONS = 256
MAX_WORKERS = 8
MAX_COMPLAINTS = 5_000_000
MAX_UNITS = 5_000
COLD_TIMEOUT_S = 180  # gunicorn kills a worker after 60 s; urllib waits a little longer

#: Variables that would point the run at a real installation.
_ISOLATED_ENV = (
    "DATABASE_URL",
    "INTEGRITAS_STATIC_ROOT",
    "INTEGRITAS_MEDIA_ROOT",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
)

_SERVER_CODE = (
    "import sys\n"
    "from integritas.config.server import run_gunicorn\n"
    "sys.exit(run_gunicorn(bind=sys.argv[1], workers=int(sys.argv[2])))\n"
)
_RESULT_PREFIX = "PORTAL_LOAD_JSON "
SETTINGS = "integritas.config.settings.base"

#: Complaint generation: batch of complaints built and inserted per transaction.
GENERATE_BATCH = 10_000
#: Rows per INSERT statement (SQLite lowers it to its own bound-parameter limit).
INSERT_BATCH = 1_000
#: First day of the generated complaints (local date in the Pemda's zone).
FIRST_DAY = dt.date(2025, 1, 1)
#: Quarters of published survey results per unit.
QUARTERS = 8


# -- data generation (runs in a child process with Django set up) ------------------------


@dataclass
class Generated:
    """What ``generate`` made, how long each part took, and the pages to measure."""

    units: int
    surveys: int
    published_results: int
    complaints: int
    complaint_events: int
    status_counts: dict[str, int]
    complaints_per_year: dict[str, int]
    forwarded_to_units: int
    periods: list[str]
    seconds: dict[str, float]
    pages: dict[str, dict[str, str]]
    database_bytes: int | None = None


def _unit_kind(opd_kind: str) -> tuple[str, str]:
    """(OrganisationKind, name prefix) of a generated unit under an OPD of ``opd_kind``."""
    by_opd = {
        "kecamatan": ("kelurahan", "Kelurahan"),
        "rsud": ("unit", "Instalasi"),
        "sekretariat": ("bidang", "Bagian"),
        "badan": ("bidang", "Bidang"),
        "inspektorat": ("bidang", "Inspektur Pembantu"),
    }
    return by_opd.get(opd_kind, ("upt", "UPT"))


def _last_quarters(today: dt.date, n: int) -> list[str]:
    """The ``n`` most recent quarters that ended before ``today``, oldest first."""
    index = today.year * 4 + (today.month - 1) // 3 - 1  # the last finished quarter
    out = []
    for i in range(index - n + 1, index + 1):
        year, q = divmod(i, 4)
        out.append(f"{year}-Q{q + 1}")
    return out


def _generate(n_complaints: int, n_units: int, seed: int) -> Generated:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from integritas.complaints import sla
    from integritas.complaints.choices import (
        Category,
        Channel,
        EventKind,
        IdentityMode,
        ReferralAgency,
        Status,
    )
    from integritas.complaints.models import Complaint, ComplaintEvent
    from integritas.core import services as core_services
    from integritas.core.actors import System
    from integritas.core.choices import OrganisationLevel
    from integritas.core.models import Organisation
    from integritas.core.selectors import calendar_for
    from integritas.surveys import services as survey_services
    from integritas.surveys.choices import SurveyKind
    from integritas.surveys.ikm import (
        UNSUR_CODES,
        UnsurTally,
        compute_ikm_from_tallies,
        round_half_up,
    )
    from integritas.surveys.instruments import period_bounds
    from integritas.surveys.models import PublishedResult, Survey

    rng = random.Random(seed)
    seconds: dict[str, float] = {}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # this connection only: a bigger page cache
            cursor.execute("PRAGMA cache_size = -262144")

    # 1. Units: through the service (paths, depth, level, time zone, audit trail).
    started = time.perf_counter()
    pemda = Organisation.objects.get(level=OrganisationLevel.PEMDA, parent__isnull=True)
    opds = list(
        Organisation.objects.filter(parent=pemda, level=OrganisationLevel.PERANGKAT_DAERAH)
        .filter(is_active=True)
        .order_by("path")
    )
    units: list[Organisation] = []
    with transaction.atomic():
        for i in range(n_units):
            opd = opds[i % len(opds)]
            kind, prefix = _unit_kind(opd.kind)
            units.append(
                core_services.organisation_create(
                    actor=None,
                    parent=opd,
                    code=f"UB{i + 1:04d}",
                    name=f"{prefix} Uji Beban {i + 1:03d} ({opd.code})",
                    kind=kind,
                    is_public_service=True,
                )
            )
    seconds["units"] = round(time.perf_counter() - started, 2)

    # 2. One SKM per unit (service) and eight published quarters each (bulk rows).
    started = time.perf_counter()
    calendar = calendar_for(pemda)
    now = timezone.now()
    periods = _last_quarters(calendar.local_date(now), QUARTERS)
    offsets = dict(
        zip(UNSUR_CODES, (0.05, -0.05, -0.35, 0.45, 0.0, 0.1, 0.15, -0.1, 0.05), strict=True)
    )
    surveys: list[Survey] = []
    with transaction.atomic():
        for unit in units:
            surveys.append(
                survey_services.survey_create(
                    actor=System("bench"),
                    unit=unit,
                    kind=SurveyKind.SKM,
                    title=f"SKM {unit.name}",
                    opens_on=period_bounds(periods[0])[0],
                    population=rng.randint(300, 5000),
                )
            )
    results: list[PublishedResult] = []
    for survey in surveys:
        base = rng.uniform(2.85, 3.45)
        for k, period in enumerate(periods):
            respondents = rng.randint(60, 180)
            tallies = []
            for code in UNSUR_CODES:
                mean = min(4.0, max(1.0, base + offsets[code] + 0.02 * k + rng.gauss(0, 0.08)))
                total = min(4 * respondents, max(respondents, round(mean * respondents)))
                tallies.append(UnsurTally(code, total, respondents))
            ikm = compute_ikm_from_tallies(tallies, respondents=respondents)
            last_day = period_bounds(period)[1]
            published_at = min(
                now, calendar.end_of_local_day(last_day + dt.timedelta(days=rng.randint(5, 20)))
            )
            results.append(
                PublishedResult(
                    survey=survey,
                    period=period,
                    respondents=respondents,
                    value=round_half_up(ikm.ikm, 6),
                    mutu=ikm.mutu,
                    kinerja=ikm.kinerja,
                    tallies={t.code: [t.total, t.answered] for t in tallies},
                    published_at=published_at,
                    published_by=None,
                )
            )
    PublishedResult.objects.bulk_create(results, batch_size=INSERT_BATCH)
    seconds["surveys"] = round(time.perf_counter() - started, 2)

    # 3. Complaints and one event each, in bulk.
    started = time.perf_counter()
    zone = calendar.zone
    policy = sla.DEFAULT_POLICY

    @cache
    def working_day_after(day: dt.date, n: int) -> dt.date:
        for _ in range(n):
            day = calendar.next_working_day(day)
        return day

    @cache
    def end_of_day(day: dt.date) -> dt.datetime:
        return calendar.end_of_local_day(day)

    def deadline(instant: dt.datetime, n: int) -> dt.datetime:
        # = calendar.add_working_days(instant, n): the deadline depends on the local date only.
        return end_of_day(working_day_after(instant.astimezone(zone).date(), n))

    def after(start: dt.datetime, n: int) -> dt.datetime:
        """An instant during office hours ``n`` working days after ``start`` (as the demo)."""
        day = working_day_after(start.astimezone(zone).date(), n)
        moment = dt.datetime(
            day.year, day.month, day.day, rng.randint(8, 15), rng.randint(0, 59), tzinfo=zone
        ).astimezone(dt.UTC)
        return max(moment, start + dt.timedelta(minutes=30))

    # Days with their receiving window (07:00–22:00 local, and at least two hours ago).
    latest = now - dt.timedelta(hours=2)
    windows: list[tuple[dt.datetime, float]] = []
    day = FIRST_DAY
    while True:
        opens = dt.datetime(day.year, day.month, day.day, 7, tzinfo=zone).astimezone(dt.UTC)
        if opens >= latest:
            break
        closes = min(opens + dt.timedelta(hours=15), latest)
        windows.append((opens, (closes - opens).total_seconds()))
        day += dt.timedelta(days=1)

    def received_times() -> Iterator[dt.datetime]:
        """``n_complaints`` instants, evenly many per day, in time order."""
        n_days = len(windows)
        for i, (opens, span) in enumerate(windows):
            count = (i + 1) * n_complaints // n_days - i * n_complaints // n_days
            for offset in sorted(rng.random() * span for _ in range(count)):
                yield opens + dt.timedelta(seconds=offset)

    channels = [str(c) for c in Channel]
    channel_weights = [34, 6, 14, 9, 5, 9, 11, 12]  # web, api, walk-in, phone, …, LAPOR!
    categories = [str(c) for c in Category]
    agencies = [str(a) for a in ReferralAgency]
    answers = [
        "Terima kasih atas laporan Anda. Kami telah menindaklanjuti dan masalah sudah diperbaiki.",
        "Petugas terkait sudah diberi pembinaan dan layanan kembali normal.",
        "Lokasi sudah kami tinjau; perbaikan dijadwalkan dalam anggaran perubahan.",
    ]
    originals: deque[int] = deque(maxlen=1000)  # recent complaints a duplicate may point to
    status_counts: Counter[str] = Counter()
    per_year: Counter[str] = Counter()
    forwarded_to_units = 0
    made = 0
    events_made = 0
    times = received_times()

    def one(received: dt.datetime) -> tuple[Complaint, ComplaintEvent]:
        """One complaint as the services would have left it, and its last status event.

        Same life cycle and odds as the demo (``complaints/demo.py``): 7 % rejected, 5 %
        duplicate (of one of the last 1000 originals), 7 % verified then referred, the rest
        verified → forwarded to a unit (18 % late) → followed up (60 %) → answered → closed
        by the automatic close (95 %) or reopened (5 %); the steps stop at the present, so
        recent complaints are still open. Deadlines are the SLA module's (3/5/10/… working
        days on the Pemda's calendar). Anonymous: no identity row; no attachment, no audit.
        """
        unit = units[rng.randrange(len(units))]
        channel = rng.choices(channels, weights=channel_weights)[0]
        c = Complaint(
            pemda=pemda,
            organisation=pemda,
            suggested_organisation=unit if rng.random() < 0.3 else None,
            subject=f"Pengaduan uji beban tentang {unit.name}",
            description="Uraian contoh untuk uji beban: kejadian, lokasi dan waktu dijelaskan.",
            channel=channel,
            identity_mode=IdentityMode.ANONIM,
            category=rng.choice(categories),
            received_at=received,
            forward_due=deadline(received, policy.forward_days),
            lapor_id=f"LAPOR-{rng.randint(1000000, 9999999)}" if channel == Channel.LAPOR else "",
        )
        steps: list[tuple[dt.datetime, str, str]] = [(received, Status.RECEIVED, "")]
        fate, late = rng.random(), rng.random() < 0.18
        verified = after(received, rng.randint(0, 1))
        duplicate_of: int | None = None
        if fate < 0.07:
            steps.append((verified, Status.REJECTED, "Laporan berisi pertanyaan umum."))
        elif fate < 0.12 and originals:
            steps.append((verified, Status.DUPLICATE, ""))
            duplicate_of = rng.choice(originals)
        elif fate < 0.19:
            steps.append((verified, Status.VERIFIED, ""))
            c.referred_to = rng.choice(agencies)
            c.referral_reference = f"B/{rng.randint(100, 999)}/{received.year}"
            steps.append((after(verified, 1), Status.REFERRED, ""))
        else:
            steps.append((verified, Status.VERIFIED, ""))
            forwarded = after(verified, rng.randint(4, 6) if late else rng.randint(0, 2))
            steps.append((forwarded, Status.FORWARDED, ""))
            if rng.random() < 0.6:
                steps.append((after(forwarded, rng.randint(0, 2)), Status.FOLLOWED_UP, ""))
            slow = rng.random() < 0.15
            answered = after(forwarded, rng.randint(6, 9) if slow else rng.randint(2, 5))
            steps.append((answered, Status.ANSWERED, rng.choice(answers)))
            if rng.random() < 0.05:
                steps.append((after(answered, 2), Status.REOPENED, "Masalah terjadi lagi."))
            else:
                closing = deadline(answered, policy.autoclose_days) + dt.timedelta(seconds=1)
                steps.append((closing, Status.CLOSED, ""))
        last_at, last_message = received, ""
        for at, status, message in steps:
            if at > now:
                break
            c.status, last_at, last_message = status, at, message
            if status == Status.VERIFIED:
                c.verified_at = at
            elif status == Status.FORWARDED:
                c.organisation, c.forwarded_at = unit, at
                c.forward_met = sla.met(at, c.forward_due)
                c.answer_due = deadline(at, policy.answer_days)
            elif status == Status.ANSWERED:
                c.answered_at = c.finished_at = at
                c.answer_met = sla.met(at, c.answer_due)
                c.autoclose_due = deadline(at, policy.autoclose_days)
                c.reopen_until = deadline(at, policy.reopen_days)
            elif status == Status.CLOSED:
                c.closed_at, c.autoclose_due = at, None
                if rng.random() < 0.3:
                    c.rating = rng.choice([3, 4, 4, 5, 5, 2])
            elif status == Status.REOPENED:
                c.reopen_count, c.autoclose_due = 1, None
                c.answer_due = deadline(at, policy.answer_days)
            elif status in {Status.REJECTED, Status.DUPLICATE, Status.REFERRED}:
                c.finished_at = at
        if c.status == Status.DUPLICATE:
            c.duplicate_of_id = duplicate_of
        if c.status != Status.REFERRED:
            c.referred_to, c.referral_reference = "", ""
        event = ComplaintEvent(
            at=last_at,
            kind=EventKind.STATUS,
            status=c.status,
            message=last_message,
            is_public=True,
            organisation=unit if c.status == Status.FORWARDED else None,
        )
        return c, event

    while made < n_complaints:
        batch = [one(received) for _, received in zip(range(GENERATE_BATCH), times, strict=False)]
        if not batch:
            break
        with transaction.atomic():
            Complaint.objects.bulk_create([c for c, _e in batch], batch_size=INSERT_BATCH)
            for c, e in batch:
                e.complaint_id = c.pk
            ComplaintEvent.objects.bulk_create([e for _c, e in batch], batch_size=INSERT_BATCH)
        for c, _e in batch:
            status_counts[c.status] += 1
            per_year[str(c.received_at.astimezone(zone).year)] += 1
            if c.organisation_id != pemda.pk:
                forwarded_to_units += 1
            if c.duplicate_of_id is None:
                originals.append(c.pk)
        made += len(batch)
        events_made += len(batch)
        if made % 100_000 < GENERATE_BATCH:
            rate = made / (time.perf_counter() - started)
            print(f"  {made:>9,} complaints ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    seconds["complaints"] = round(time.perf_counter() - started, 2)

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        # What autovacuum does on its own soon after a bulk load; without it the planner
        # estimates from an empty table's statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds["analyze"] = round(time.perf_counter() - started, 2)

    opd = next((o for o in opds if o.code == "DISDUKCAPIL"), opds[0])
    unit_kerja = next(u for u in units if u.parent_id == opd.pk)
    size: int | None = None
    if connection.vendor == "sqlite":
        size = Path(str(connection.settings_dict["NAME"])).stat().st_size
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = int(cursor.fetchone()[0])
    return Generated(
        units=len(units),
        surveys=len(surveys),
        published_results=len(results),
        complaints=made,
        complaint_events=events_made,
        status_counts=dict(sorted(status_counts.items())),
        complaints_per_year=dict(sorted(per_year.items())),
        forwarded_to_units=forwarded_to_units,
        periods=periods,
        seconds=seconds,
        pages={
            "home": {"path": "/", "expect": pemda.name},
            "unit_opd": {
                "path": f"/transparansi/unit/{opd.public_id}/",
                "expect": opd.name,
                "what": f"perangkat daerah {opd.code}: complaint datasets, its units",
            },
            "unit_kerja": {
                "path": f"/transparansi/unit/{unit_kerja.public_id}/",
                "expect": unit_kerja.name,
                "what": f"generated unit kerja {unit_kerja.code}: {QUARTERS} quarters of IKM",
            },
        },
        database_bytes=size,
    )


def _profile() -> dict[str, Any]:
    """Cold build time of each dataset in one process, and its slowest queries."""
    import django

    django.setup()
    from django.db import connection

    from integritas.core.datasets import _version, datasets

    queries: list[tuple[float, str]] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    out: dict[str, Any] = {}
    with connection.execute_wrapper(record):
        connection.ensure_connection()
        for dataset in datasets():
            queries.clear()
            started = time.perf_counter()
            _version(dataset.slug)
            if dataset.fingerprint is not None:
                dataset.fingerprint()
            check_s = time.perf_counter() - started
            check_queries = len(queries)
            started = time.perf_counter()
            rows = dataset.rows()
            build_s = time.perf_counter() - started
            build = queries[check_queries:]
            slowest = sorted(build, reverse=True)[:3]
            out[dataset.slug] = {
                "order": dataset.order,
                "on_home": dataset in datasets()[:8],
                "rows": len(rows),
                "version_check_ms": round(check_s * 1000, 2),
                "build_s": round(build_s, 3),
                "build_queries": len(build),
                "build_query_s": round(sum(t for t, _s in build), 3),
                "slowest_queries": [
                    {"s": round(t, 3), "sql": " ".join(sql.split())[:400]} for t, sql in slowest
                ],
            }
    return out


def _touch() -> dict[str, Any]:
    """Insert one internal-note event on the newest complaint: the fingerprint moves."""
    import django

    django.setup()
    from django.utils import timezone

    from integritas.complaints.choices import EventKind
    from integritas.complaints.models import Complaint, ComplaintEvent

    complaint = Complaint.objects.order_by("-pk").first()
    assert complaint is not None
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        at=timezone.now(),
        kind=EventKind.INTERNAL_NOTE,
        status=complaint.status,
        message="Catatan uji beban.",
        is_public=False,
    )
    return {"event_id": event.pk}


def _child_main(mode: str, argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=0)
    parser.add_argument("--units", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    result: Any
    if mode == "_generate":
        result = asdict(_generate(args.complaints, args.units, args.seed))
    elif mode == "_profile":
        result = _profile()
    elif mode == "_touch":
        result = _touch()
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(_RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


# -- the measurement (parent process; no Django here) -------------------------------------


@dataclass
class RunResult:
    """One wrk run against one page; latencies in milliseconds."""

    page: str
    phase: str
    round: int
    requests: int
    duration_s: float
    rps: float
    mean_ms: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass
class FirstRequest:
    """One timed request sent to a fresh (or freshly invalidated) worker."""

    page: str
    phase: str
    rep: int
    position: int  # 1 = the first page requested after the restart or the change
    status: int
    ms: float


class Server:
    """One gunicorn server (the project's runner) on 127.0.0.1, logging to a file."""

    def __init__(self, port: int, workers: int, env: dict[str, str], log: Path) -> None:
        self.port = port
        self.workers = workers
        self.env = {**env, "DJANGO_SETTINGS_MODULE": SETTINGS}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _SERVER_CODE, f"{HOST}:{self.port}", str(self.workers)],
                env=self.env,
                cwd=REPO_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout_s: float = 90.0) -> None:
        """``/healthz`` answers 200 and every worker has booted (then 2 s for its import)."""
        deadline = time.monotonic() + timeout_s
        offset = self._log_size_at_start
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise BenchError(f"server exited early:\n{self.log_tail()}")
            booted = self.log.read_bytes()[offset:].count(b"Booting worker")
            try:
                status, _body, _ms = timed_get(f"{self.base}/healthz", timeout=5)
            except OSError:
                status = 0
            if status == 200 and booted >= self.workers:
                break
            if time.monotonic() > deadline:
                raise BenchError(f"server not ready:\n{self.log_tail()}")
            time.sleep(0.2)
        time.sleep(2.0)  # the last worker to boot imports Django before it accepts

    def restart(self) -> None:
        self.stop()
        self._log_size_at_start = self.log.stat().st_size if self.log.exists() else 0
        self.start()
        self.wait_ready()

    _log_size_at_start = 0

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        pgid = self.proc.pid
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def timed_get(url: str, timeout: float = COLD_TIMEOUT_S) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            status, body = int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, body, (time.perf_counter() - started) * 1000


def one_per_worker(url: str, workers: int) -> list[tuple[int, float]]:
    """``workers`` simultaneous GETs: with sync workers, each lands on a different worker."""
    barrier = threading.Barrier(workers)
    out: list[tuple[int, float]] = []
    lock = threading.Lock()

    def go() -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            status, _body, ms = timed_get(url)
        except OSError:  # connection closed: e.g. the worker was killed at gunicorn's timeout
            status, ms = 0, (time.perf_counter() - started) * 1000
        with lock:
            out.append((status, round(ms, 1)))

    threads = [threading.Thread(target=go) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(COLD_TIMEOUT_S + 30)
    return sorted(out, key=lambda x: x[1])


def run_wrk(
    url: str,
    *,
    page: str,
    phase: str,
    duration: int,
    connections: int,
    threads: int,
    round_no: int,
) -> RunResult:
    cmd = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=30s",
        f"--script={LUA_SCRIPT}",
        url,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 90, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    raw: dict[str, float] = json.loads(line.removeprefix("BENCH_RESULT "))
    duration_s = raw["duration_us"] / 1e6
    return RunResult(
        page=page,
        phase=phase,
        round=round_no,
        requests=int(raw["requests"]),
        duration_s=round(duration_s, 3),
        rps=round(raw["requests"] / duration_s, 1),
        mean_ms=round(raw["mean_us"] / 1000, 2),
        p50_ms=round(raw["p50_us"] / 1000, 2),
        p90_ms=round(raw["p90_us"] / 1000, 2),
        p95_ms=round(raw["p95_us"] / 1000, 2),
        p99_ms=round(raw["p99_us"] / 1000, 2),
        max_ms=round(raw["max_us"] / 1000, 2),
        errors={
            key.removesuffix("_errors"): int(raw[key])
            for key in ("connect_errors", "read_errors", "write_errors", "status_errors")
        }
        | {"timeouts": int(raw["timeouts"])},
    )


def run_child(mode: str, env: dict[str, str], *args: str, timeout: int = 3600) -> Any:
    """Run this file in ``mode`` under ``env`` (Django set up there); return its JSON."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), mode, *args],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=None,  # progress goes straight to the terminal
        text=True,
        timeout=timeout,
        check=False,
    )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith(_RESULT_PREFIX)), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"{mode} failed ({done.returncode}):\n{done.stdout[-3000:]}")
    return json.loads(line.removeprefix(_RESULT_PREFIX))


def _median(values: Sequence[float]) -> float:
    return round(statistics.median(values), 2) if values else float("nan")


def summarise(
    warm: list[RunResult], first: list[FirstRequest], pages: Sequence[str]
) -> dict[str, Any]:
    steady = [r for r in warm if r.phase == "warm"]
    medians = {
        page: {
            metric: _median([getattr(r, metric) for r in steady if r.page == page])
            for metric in ("rps", "p50_ms", "p95_ms", "p99_ms", "max_ms")
        }
        for page in pages
    }
    home = medians["home"]
    ratios: dict[str, Any] = {}
    for page in pages:
        if page == "home":
            continue
        pairs = [
            (h, u)
            for h in steady
            if h.page == "home"
            for u in steady
            if u.page == page and u.round == h.round
        ]
        ratios[f"{page}/home"] = {
            "rps": round(medians[page]["rps"] / home["rps"], 3),
            "p95": round(medians[page]["p95_ms"] / home["p95_ms"], 3),
            "rps_median_of_rounds": round(statistics.median(u.rps / h.rps for h, u in pairs), 3),
            "p95_median_of_rounds": round(
                statistics.median(u.p95_ms / h.p95_ms for h, u in pairs), 3
            ),
        }
    cold: dict[str, Any] = {}
    for phase in ("cold", "after_change"):
        for page in pages:
            for label, pick in (
                ("first", [f for f in first if f.position == 1]),
                ("later", [f for f in first if f.position > 1]),
            ):
                times = [f.ms for f in pick if f.phase == phase and f.page == page]
                if times:
                    cold[f"{phase}:{page}:{label}"] = {
                        "n": len(times),
                        "median_ms": _median(times),
                        "min_ms": round(min(times), 1),
                        "max_ms": round(max(times), 1),
                    }
    after = [r for r in warm if r.phase == "after_change"]
    return {
        "warm_median": medians,
        "warm_ratio": ratios,
        "first_requests": cold,
        "after_change_wrk": [asdict(r) for r in after],
    }


def print_report(
    generated: dict[str, Any],
    profile: dict[str, Any],
    warm: list[RunResult],
    first: list[FirstRequest],
    summary: dict[str, Any],
) -> None:
    print("\n== generation (s) ==")
    for part, secs in generated["seconds"].items():
        print(f"  {part:<12} {secs:>9.1f}")
    print(
        f"  {generated['complaints']:,} complaints, {generated['units']} units,"
        f" {generated['published_results']} published survey results;"
        f" statuses {generated['status_counts']}"
    )
    print("\n== cold dataset builds, in one process ==")
    print(f"  {'dataset':<28} {'home':>4} {'rows':>6} {'build s':>8} {'queries':>7}  slowest")
    for slug, p in profile.items():
        slowest: dict[str, Any] = (
            p["slowest_queries"][0] if p["slowest_queries"] else {"s": 0, "sql": ""}
        )
        print(
            f"  {slug:<28} {'yes' if p['on_home'] else '':>4} {p['rows']:>6} "
            f"{p['build_s']:>8.2f} {p['build_queries']:>7}  {slowest['s']:.2f}s "
            f"{slowest['sql'][:60]}"
        )
    print("\n== first requests per worker (ms) ==")
    print(f"  {'phase':<13} {'rep':>3} {'pos':>3} {'page':<11} {'status':>6} {'ms':>10}")
    for f in first:
        print(
            f"  {f.phase:<13} {f.rep:>3} {f.position:>3} {f.page:<11} {f.status:>6} {f.ms:>10.1f}"
        )
    print("\n== wrk ==")
    header = f"  {'phase':<13} {'page':<11} {'round':>5} {'req/s':>8} {'p50 ms':>8} "
    header += f"{'p95 ms':>8} {'max ms':>9} {'errors':>6}"
    print(header)
    for r in warm:
        print(
            f"  {r.phase:<13} {r.page:<11} {r.round:>5} {r.rps:>8.1f} {r.p50_ms:>8.2f} "
            f"{r.p95_ms:>8.2f} {r.max_ms:>9.1f} {r.error_count:>6}"
        )
    for page, med in summary["warm_median"].items():
        print(
            f"  {'median':<13} {page:<11} {'':>5} {med['rps']:>8.1f} {med['p50_ms']:>8.2f} "
            f"{med['p95_ms']:>8.2f} {med['max_ms']:>9.1f}"
        )
    for name, ratio in summary["warm_ratio"].items():
        print(
            f"  {name}: throughput {ratio['rps']:.3f} (per-round {ratio['rps_median_of_rounds']:.3f}),"
            f" p95 {ratio['p95']:.3f} (per-round {ratio['p95_median_of_rounds']:.3f})"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--complaints", type=int, default=1_000_000, help="complaints to make")
    parser.add_argument("--units", type=int, default=500, help="unit kerja to make")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16, help="open HTTP connections")
    parser.add_argument("--rounds", type=int, default=3, help="alternating warm rounds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--warmup", type=int, default=3, help="unrecorded seconds per page")
    parser.add_argument("--cold-reps", type=int, default=3, help="restarts for cold timings")
    parser.add_argument("--change-reps", type=int, default=3, help="data changes timed")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the data")
    parser.add_argument("--output", type=Path, default=None, help="JSON file to write")
    args = parser.parse_args(argv)
    bounds = {
        "complaints": (1, MAX_COMPLAINTS),
        # Units go round-robin under the demo's 25 OPDs; the measured OPD page needs one.
        "units": (25, MAX_UNITS),
        "duration": (1, MAX_DURATION_S),
        "connections": (1, MAX_CONNECTIONS),
        "rounds": (1, MAX_ROUNDS),
        "workers": (1, MAX_WORKERS),
        "threads": (1, 8),
        "warmup": (0, MAX_DURATION_S),
        "cold_reps": (1, MAX_ROUNDS),
        "change_reps": (0, MAX_ROUNDS),
    }
    for name, (low, high) in bounds.items():
        if not low <= getattr(args, name) <= high:
            parser.error(f"--{name.replace('_', '-')} must be between {low} and {high}")
    if args.threads > args.connections:
        parser.error("--threads must not exceed --connections")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    if shutil.which("wrk") is None:
        print("wrk is not installed:  apt-get install -y wrk", file=sys.stderr)
        return 2
    started = dt.datetime.now(dt.UTC)
    info = machine_info()
    pg_admin = os.environ.get("DATABASE_URL", "")
    database = "postgresql" if pg_admin else "sqlite"
    pages = ("home", "unit_opd", "unit_kerja")
    warm: list[RunResult] = []
    first: list[FirstRequest] = []
    phase_s: dict[str, float] = {}
    pg_db: str | None = None
    server: Server | None = None
    server_log: dict[str, Any] = {}
    tmpdir = Path(tempfile.mkdtemp(prefix="integritas-bench-portal-"))
    try:
        env = {k: v for k, v in os.environ.items() if k not in _ISOLATED_ENV}
        env |= {
            "INTEGRITAS_DATA_DIR": str(tmpdir / "data"),
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
            ),
        }
        if pg_admin:
            import psycopg

            pg_db = f"integritas_bench_{secrets.token_hex(4)}"
            with psycopg.connect(pg_admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{pg_db}"')
            env["DATABASE_URL"] = urlunsplit(urlsplit(pg_admin)._replace(path=f"/{pg_db}"))
        print(
            f"portal load on {database}: demo Pemda + {args.units} units + "
            f"{args.complaints:,} complaints",
            flush=True,
        )

        t0 = time.perf_counter()
        cli = [sys.executable, "-m", "integritas.cli"]
        run_checked([*cli, "demo", "--no-serve"], env, "integritas demo --no-serve")
        run_checked([*cli, "manage", "collectstatic", "--noinput", "-v", "0"], env, "collectstatic")
        phase_s["demo_and_static"] = round(time.perf_counter() - t0, 1)
        print(f"demo loaded in {phase_s['demo_and_static']} s; generating …", flush=True)

        t0 = time.perf_counter()
        generated = run_child(
            "_generate",
            env,
            f"--complaints={args.complaints}",
            f"--units={args.units}",
            f"--seed={args.seed}",
        )
        phase_s["generate"] = round(time.perf_counter() - t0, 1)
        print(f"generated in {phase_s['generate']} s: {generated['seconds']}", flush=True)

        t0 = time.perf_counter()
        profile = run_child("_profile", env)
        phase_s["profile"] = round(time.perf_counter() - t0, 1)
        print(f"dataset profile in {phase_s['profile']} s", flush=True)

        urls = {p: generated["pages"][p]["path"] for p in pages}
        expect = {p: generated["pages"][p]["expect"].encode() for p in pages}

        # Cold: restart, then each page once per worker, in rotating order.
        t0 = time.perf_counter()
        server = Server(free_port(), args.workers, env, tmpdir / "server.log")
        for rep in range(1, args.cold_reps + 1):
            server.restart()
            order = pages[(rep - 1) % len(pages) :] + pages[: (rep - 1) % len(pages)]
            for position, page in enumerate(order, start=1):
                for status, ms in one_per_worker(server.base + urls[page], args.workers):
                    first.append(FirstRequest(page, "cold", rep, position, status, ms))
                    print(f"  cold rep {rep} #{position} {page:<10} {status} {ms:9.1f} ms")
        phase_s["cold"] = round(time.perf_counter() - t0, 1)

        for page in pages:  # a 500 page is fast and would flatter the numbers
            status, body, _ms = timed_get(server.base + urls[page])
            if status != 200 or expect[page] not in body:
                raise BenchError(f"{page}: {urls[page]} answered {status} without the name")

        t0 = time.perf_counter()
        if args.warmup:
            for page in pages:
                run_wrk(
                    server.base + urls[page],
                    page=page,
                    phase="warmup",
                    duration=args.warmup,
                    connections=args.connections,
                    threads=args.threads,
                    round_no=0,
                )
        for round_no in range(1, args.rounds + 1):
            for page in pages:
                result = run_wrk(
                    server.base + urls[page],
                    page=page,
                    phase="warm",
                    duration=args.duration,
                    connections=args.connections,
                    threads=args.threads,
                    round_no=round_no,
                )
                warm.append(result)
                print(
                    f"  warm round {round_no} {page:<10} {result.rps:8.1f} req/s"
                    f"  p95 {result.p95_ms:8.2f} ms  errors {result.error_count}",
                    flush=True,
                )
        phase_s["warm"] = round(time.perf_counter() - t0, 1)

        # After a data change: the next request on each worker rebuilds the complaint datasets.
        t0 = time.perf_counter()
        for rep in range(1, args.change_reps + 1):
            run_child("_touch", env, timeout=120)
            order = pages[(rep - 1) % 2 :] + pages[: (rep - 1) % 2]
            for position, page in enumerate(order, start=1):
                for status, ms in one_per_worker(server.base + urls[page], args.workers):
                    first.append(FirstRequest(page, "after_change", rep, position, status, ms))
                    print(f"  change rep {rep} #{position} {page:<10} {status} {ms:9.1f} ms")
        if args.change_reps:
            run_child("_touch", env, timeout=120)
            result = run_wrk(
                server.base + urls["home"],
                page="home",
                phase="after_change",
                duration=args.duration,
                connections=args.connections,
                threads=args.threads,
                round_no=1,
            )
            warm.append(result)
            print(
                f"  after change home {result.rps:8.1f} req/s  p95 {result.p95_ms:8.2f} ms"
                f"  max {result.max_ms:9.1f} ms  errors {result.error_count}",
                flush=True,
            )
        phase_s["after_change"] = round(time.perf_counter() - t0, 1)
        server.stop()
    finally:
        if server is not None and server.log.exists():
            text = server.log.read_text(encoding="utf-8", errors="replace")
            server_log = {
                "worker_timeouts": text.count("WORKER TIMEOUT"),
                "error_lines": [ln for ln in text.splitlines() if "[ERROR]" in ln][-20:],
            }
        if server is not None:
            server.stop()
        if pg_admin and pg_db:
            import psycopg

            with psycopg.connect(pg_admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        shutil.rmtree(tmpdir, ignore_errors=True)

    summary = summarise(warm, first, pages)
    print_report(generated, profile, warm, first, summary)
    # A failure in the steady state or after a restart makes the run invalid; failures right
    # after a data change are a finding (rebuilds hitting gunicorn's timeout), reported apart.
    errors = sum(r.error_count for r in warm if r.phase == "warm")
    errors += sum(1 for f in first if f.status != 200 and f.phase == "cold")
    after_change_failures = sum(1 for f in first if f.status != 200 and f.phase != "cold")
    after_change_failures += sum(r.error_count for r in warm if r.phase == "after_change")
    output = args.output or new_result_path(f"portal_load-{database}-{started:%Y-%m-%d}")
    output.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "benchmark": "portal_load",
        "database": database,
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "parameters": {
            "complaints": args.complaints,
            "units": args.units,
            "duration_s": args.duration,
            "connections": args.connections,
            "rounds": args.rounds,
            "gunicorn_workers": args.workers,
            "wrk_threads": args.threads,
            "warmup_s": args.warmup,
            "cold_reps": args.cold_reps,
            "change_reps": args.change_reps,
            "seed": args.seed,
            "settings": SETTINGS,
            "pages": generated["pages"],
        },
        "phase_seconds": phase_s,
        "generate": generated,
        "dataset_profile": profile,
        "first_requests": [asdict(f) for f in first],
        "runs": [asdict(r) for r in warm],
        "summary": summary,
        "server_log": server_log,
        "errors_total": errors,
        "after_change_failures": after_change_failures,
    }
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {output}")
    if after_change_failures:
        print(f"note: {after_change_failures} requests failed after a data change", file=sys.stderr)
    if errors:
        print(f"warning: {errors} failed requests; the numbers are not valid", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        sys.exit(_child_main(sys.argv[1], sys.argv[2:]))
    sys.exit(main())
