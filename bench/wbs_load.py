"""WBS submissions under 50 concurrent reporters, and re-sealing 10,000 reports to a new handler.

Run from the repository root::

    uv run python bench/wbs_load.py [--reporters 50] [--submissions 1000] [--duration 60]
                                    [--workers 2] [--reseal 10000] [--output FILE]

What it does:

1. creates a fresh database (SQLite in a temporary directory, or a temporary PostgreSQL
   database when ``DATABASE_URL`` is set, dropped at the end), migrates it, creates one Pemda
   and two WBS handlers with key pairs (production Argon2id cost);
2. starts ``integritas serve`` (gunicorn, ``bench/wbs_settings.py``: production settings with
   the Pemda-wide submission limit off) on 127.0.0.1 only;
3. ``--reporters`` threads POST ``/api/v1/wbs/reports`` until ``--submissions`` reports were
   sent or ``--duration`` seconds passed (both bounded); every request is a new report with
   an identity, so each pays one Argon2id derivation of its receipt, the AEAD encryption of
   content and identity and the sealing of two keys to every handler;
4. measures throughput, latency percentiles and the CPU time of the whole gunicorn process
   group per acknowledged submission (``/proc``, user + system);
5. checks that nothing was lost or duplicated: every 201 answer's case number is stored
   exactly once, receipts and numbers are distinct, nothing is stored that was not
   acknowledged, every stored report opens with the first handler's key and holds no
   plaintext; any failed request (non-201, connection error) also fails the run;
6. stops the server, adds ``--reseal`` reports sealed to the first handler (generated
   in-process with the same crypto, without the Argon2id receipt cost) and times
   ``access_grant``: the first handler re-seals every report key to the second handler.

Writes ``bench/results/wbs_load-<db>-<date>.json``. Exit 1 if a check fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    HOST,
    REPO_ROOT,
    BenchError,
    exit_on_sigterm,
    free_port,
    machine_info,
    new_result_path,
    run_checked,
)

MAX_DURATION_S = 300
MAX_REPORTERS = 200
MAX_SUBMISSIONS = 20_000
MAX_RESEAL = 50_000
PASSWORD = "Bench-Handler-Password-2026"  # noqa: S105 - a throw-away database's handler
MARKER = "PENANDA-BENCH-WBS-91KX"

_SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from integritas.core import services
from integritas.core.actors import System
from integritas.core.choices import Role
from integritas.core.models import User
from integritas.whistleblowing import services as wbs
actor = System("bench")
pemda = services.organisation_create(actor=actor, parent=None, code="3299",
    name="Pemerintah Kabupaten Uji Beban", kind="pemda", timezone="WIB")
for name in ("penangan1", "penangan2"):
    user = User.objects.create_user(username=name, email=name + "@bench.invalid",
        password={PASSWORD!r})
    services.role_grant(actor=actor, user=user, role=Role.PENGELOLA_WBS, organisation=pemda)
    wbs.handler_key_enrol(actor=actor, user=user, password={PASSWORD!r})
"""

_CHECK = f"""
import django, json, sys
django.setup()
from django.db import connection
from integritas.core.models import User
from integritas.whistleblowing import services as wbs
from integritas.whistleblowing.models import Report
handler = User.objects.get(username="penangan1")
_, private = wbs.handler_key_unlock(user=handler, password={PASSWORD!r})
numbers, unreadable = [], 0
for report in Report.objects.all():
    numbers.append(report.number)
    try:
        key = wbs.report_key_for(actor=handler, report=report, private_key=private)
        content = wbs.read_content(report, key)
        if {MARKER!r} not in content.what:
            unreadable += 1
    except Exception:
        unreadable += 1
plaintext = 0
with connection.cursor() as cursor:
    for table in connection.introspection.table_names():
        if not table.startswith("whistleblowing_"):
            continue
        cursor.execute(f'SELECT * FROM "{{table}}"')
        for row in cursor.fetchall():
            for value in row:
                raw = value if isinstance(value, (bytes, memoryview)) else str(value).encode()
                plaintext += {MARKER!r}.encode() in bytes(raw)
json.dump({{"numbers": numbers, "unreadable": unreadable, "plaintext_cells": plaintext}},
          sys.stdout)
"""  # noqa: S608 - table names come from the schema

_RESEAL = f"""
import django, json, secrets, sys, time
django.setup()
from django.db import connection, transaction
from integritas.core import clock
from integritas.core.actors import System
from integritas.core.models import Organisation, User
from integritas.whistleblowing import crypto, services as wbs
from integritas.whistleblowing.models import Grant, Report
count = int(sys.argv[1])
one = User.objects.get(username="penangan1")
two = User.objects.get(username="penangan2")
key_one = wbs.active_key(one)
pemda = Organisation.objects.get(code="3299")
today = clock.today(pemda)
cost = crypto.current_cost()
started = time.perf_counter()
with transaction.atomic():
    for start in range(0, count, 1000):
        reports = []
        keys = []
        for i in range(start, min(count, start + 1000)):
            key = crypto.new_key()
            report = Report(pemda=pemda, number=f"WBS-R-{{i:06d}}", category="korupsi",
                received_on=today, due_on=today, receipt_index=secrets.token_hex(32),
                receipt_salt=b"s" * 16, receipt_verifier=b"v" * 32,
                receipt_opslimit=cost.opslimit, receipt_memlimit=cost.memlimit,
                reporter_key=b"", content=b"")
            reports.append(report)
            keys.append(key)
        Report.objects.bulk_create(reports)
        saved = {{r.number: r for r in Report.objects.filter(number__in=[r.number for r in reports])}}
        grants = []
        for report, key in zip(reports, keys):
            stored = saved[report.number]
            stored.content = crypto.encrypt(key, b'{{"what": "x"}}', aad=stored.aad("content"))
            stored.save(update_fields=["content"])
            grants.append(Grant(report=stored, handler_key=key_one,
                sealed=crypto.seal(bytes(key_one.public_key), key)))
        Grant.objects.bulk_create(grants)
prepared = time.perf_counter() - started
_, private = wbs.handler_key_unlock(user=one, password={PASSWORD!r})
held = Grant.objects.filter(handler_key=wbs.active_key(two)).count()
started = time.perf_counter()
granted = wbs.access_grant(actor=one, private_key=private, to_user=two)
elapsed = time.perf_counter() - started
after = Grant.objects.filter(handler_key=wbs.active_key(two)).count()
json.dump({{"prepare_s": round(prepared, 2), "reseal_s": round(elapsed, 2),
            "granted": granted, "grants_before": held, "grants_after": after}}, sys.stdout)
"""


@dataclass
class Stats:
    """What the reporters saw (shared, guarded by ``lock``)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    numbers: list[str] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    sent: int = 0


def _post(port: int, body: bytes) -> tuple[int, dict[str, Any], float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request(
            "POST", "/api/v1/wbs/reports", body=body, headers={"Content-Type": "application/json"}
        )
        response = conn.getresponse()
        payload = response.read()
    finally:
        conn.close()
    elapsed = (time.perf_counter() - start) * 1000
    data = json.loads(payload) if payload.startswith(b"{") else {}
    return response.status, data, elapsed


def _reporter(n: int, port: int, deadline: float, budget: int, stats: Stats) -> None:
    i = 0
    while time.monotonic() < deadline:
        with stats.lock:
            if stats.sent >= budget:
                return
            stats.sent += 1
        i += 1
        body = json.dumps(
            {
                "category": "korupsi",
                "what": f"Uji beban {MARKER}: pelapor {n} laporan {i}, uang pelicin perizinan.",
                "who": "Kepala Bidang Uji",
                "where": "Kantor uji",
                "name": f"Pelapor Uji {n}",
                "contact": f"pelapor{n}@uji.invalid",
            }
        ).encode()
        try:
            status, data, ms = _post(port, body)
        except (OSError, http.client.HTTPException) as exc:
            with stats.lock:
                stats.errors[type(exc).__name__] = stats.errors.get(type(exc).__name__, 0) + 1
            continue
        with stats.lock:
            stats.latencies_ms.append(ms)
            stats.statuses[status] = stats.statuses.get(status, 0) + 1
            if status == 201 and "number" in data:
                stats.numbers.append(data["number"])
                stats.receipts.append(data["receipt"])


def _group_cpu_seconds(session: int) -> float:
    """User + system CPU of every live process in ``session`` (gunicorn's master and workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == session:  # field 6 of stat: the session id
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _python(code: str, env: dict[str, str], *args: str, timeout: int = 1800) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"in-process step failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _wait_healthy(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise BenchError("server did not become healthy")
        time.sleep(0.3)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--reporters", type=int, default=50)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reseal", type=int, default=10_000)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    duration = min(max(args.duration, 1), MAX_DURATION_S)
    reporters = min(max(args.reporters, 1), MAX_REPORTERS)
    budget = min(max(args.submissions, 1), MAX_SUBMISSIONS)
    reseal = min(max(args.reseal, 0), MAX_RESEAL)
    info = machine_info()
    data_dir = Path(tempfile.mkdtemp(prefix="integritas-bench-wbs-"))
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"INTEGRITAS_STATIC_ROOT", "INTEGRITAS_MEDIA_ROOT", "ALLOWED_HOSTS"}
        },
        "INTEGRITAS_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DJANGO_SETTINGS_MODULE": "bench.wbs_settings",
        "PYTHONPATH": os.pathsep.join(
            [str(REPO_ROOT), str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH", "")]
        ),
    }
    pg_admin, pg_db = os.environ.get("DATABASE_URL"), None
    if pg_admin:
        import psycopg

        pg_db = f"integritas_bench_{secrets.token_hex(4)}"
        with psycopg.connect(pg_admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_db}"')
        env["DATABASE_URL"] = urlunsplit(urlsplit(pg_admin)._replace(path=f"/{pg_db}"))
    database = "postgresql" if pg_admin else "sqlite"
    server: subprocess.Popen[bytes] | None = None
    stats = Stats()
    try:
        run_checked([sys.executable, "-c", _SETUP], env, "set-up")
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "integritas.cli",
                "serve",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(args.workers),
            ],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_healthy(port, server)
        cpu_before = _group_cpu_seconds(server.pid)
        end = time.monotonic() + duration
        threads = [
            threading.Thread(target=_reporter, args=(n, port, end, budget, stats), daemon=True)
            for n in range(reporters)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=duration + 180)
        elapsed = time.monotonic() - started
        cpu_used = _group_cpu_seconds(server.pid) - cpu_before
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        server = None
        db = _python(_CHECK, env)
        resealed = _python(_RESEAL, env, str(reseal)) if reseal else None
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if pg_admin and pg_db:
            import psycopg

            with psycopg.connect(pg_admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)
    stored: list[str] = db["numbers"]
    acked = stats.numbers
    check = {
        "sent": stats.sent,
        "acknowledged": len(acked),
        "failed_requests": sum(v for k, v in stats.statuses.items() if k != 201)
        + sum(stats.errors.values()),
        "stored": len(stored),
        "acknowledged_missing_from_db": len(set(acked) - set(stored)),
        "stored_not_acknowledged": len(set(stored) - set(acked)),
        "duplicate_numbers": len(acked) - len(set(acked)) + len(stored) - len(set(stored)),
        "duplicate_receipts": len(stats.receipts) - len(set(stats.receipts)),
        "unreadable_with_handler_key": db["unreadable"],
        "plaintext_cells": db["plaintext_cells"],
    }
    ok = (
        check["failed_requests"] == 0
        and check["acknowledged_missing_from_db"] == 0
        and check["stored_not_acknowledged"] == 0
        and check["duplicate_numbers"] == 0
        and check["duplicate_receipts"] == 0
        and check["unreadable_with_handler_key"] == 0
        and check["plaintext_cells"] == 0
        and len(acked) == stats.sent
    )
    if resealed is not None:
        # the load's reports were sealed to both handlers at submission: only the generated
        # ones are new to the second handler
        ok = (
            ok
            and resealed["granted"] == reseal
            and resealed["grants_after"] - resealed["grants_before"] == reseal
        )
    result = {
        "benchmark": "wbs_load",
        "database": database,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "kdf_cost": "interactive (production)",
        "reporters": reporters,
        "workers": args.workers,
        "duration_s": round(elapsed, 2),
        "submissions_per_s": round(len(acked) / elapsed, 2) if elapsed else 0,
        "latency_ms": {
            "p50": round(_percentile(stats.latencies_ms, 0.50), 1),
            "p95": round(_percentile(stats.latencies_ms, 0.95), 1),
            "p99": round(_percentile(stats.latencies_ms, 0.99), 1),
            "mean": round(statistics.fmean(stats.latencies_ms), 1) if stats.latencies_ms else 0,
        },
        "server_cpu_s": round(cpu_used, 2),
        "cpu_ms_per_submission": round(1000 * cpu_used / len(acked), 1) if acked else None,
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "client_errors": stats.errors,
        "check": check,
        "reseal": {"reports": reseal, **(resealed or {})},
        "ok": ok,
    }
    out = args.output or new_result_path(
        f"wbs_load-{database}-{dt.datetime.now(dt.UTC).date().isoformat()}"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(json.dumps(result, indent=2) + "\n")
    sys.stdout.write(f"written to {out}\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
