"""200 concurrent clients submitting complaints to the JSON API for a bounded time.

Run from the repository root::

    uv run python bench/complaints_load.py [--duration 20] [--clients 200] [--workers 4]
                                           [--resend 0.1] [--output FILE]

What it does:

1. creates a fresh database — SQLite in a temporary directory, or, when ``DATABASE_URL`` is
   set, a temporary PostgreSQL database on that server (dropped at the end) — migrates it
   and creates one Pemda;
2. starts ``integritas serve`` (gunicorn, production settings with the rate limits off:
   ``bench/complaints_settings.py``) on 127.0.0.1 only;
3. runs ``--clients`` threads for ``--duration`` seconds; each POSTs
   ``/api/v1/complaints`` with a fresh ``Idempotency-Key`` and, with probability
   ``--resend``, sends the same request again (a client that did not trust the first
   answer), expecting 200 and the same tracking code;
4. reports throughput, latency percentiles, errors, and the exactly-once check: every
   acknowledged tracking code (201 or 200) is in the database exactly once, every resend
   got the first code back, and the database holds no complaint beyond the keys sent.

Writes ``bench/results/complaints_load-<db>-<date>.json``. Exit 1 if the check fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
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

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
HOST = "127.0.0.1"
MAX_DURATION_S = 120
MAX_CLIENTS = 400

_SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from integritas.core import services
from integritas.core.actors import System
services.organisation_create(actor=System("bench"), parent=None, code="3299", name="Pemerintah Kabupaten Uji Beban", kind="pemda", timezone="WIB")
"""
_COUNT = """
import django, json, sys
django.setup()
from integritas.complaints.models import Complaint
from integritas.core.models import IdempotencyRecord
codes = list(Complaint.objects.values_list("tracking_code", flat=True))
keys = IdempotencyRecord.objects.filter(scope="complaints:api").count()
json.dump({"codes": codes, "idempotency_records": keys}, sys.stdout)
"""


@dataclass
class Stats:
    """What the clients saw (shared, guarded by ``lock``)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    acknowledged: dict[str, str] = field(default_factory=dict)  # key -> tracking code
    keys_sent: int = 0
    resends: int = 0
    resend_mismatch: int = 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _post(port: int, body: bytes, key: str) -> tuple[int, dict[str, Any], float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(
            "POST",
            "/api/v1/complaints",
            body=body,
            headers={"Content-Type": "application/json", "Idempotency-Key": key},
        )
        response = conn.getresponse()
        payload = response.read()
    finally:
        conn.close()
    elapsed = (time.perf_counter() - start) * 1000
    data = json.loads(payload) if payload.startswith(b"{") else {}
    return response.status, data, elapsed


def _client(n: int, port: int, deadline: float, resend: float, stats: Stats, rng_seed: int) -> None:
    import random

    rng = random.Random(rng_seed)
    i = 0
    while time.monotonic() < deadline:
        i += 1
        key = f"bench-{n}-{i}-{secrets.token_hex(6)}"
        mode = rng.choice(["anonim", "anonim", "rahasia", "terbuka"])
        body = {
            "subject": f"Uji beban klien {n} nomor {i}",
            "description": "Pengaduan uji beban: jalan berlubang di depan kantor kelurahan.",
            "identity": mode,
        }
        if mode != "anonim":
            body["name"] = f"Warga Uji {n}"
        raw = json.dumps(body).encode()
        with stats.lock:
            stats.keys_sent += 1
        sends = 2 if rng.random() < resend else 1
        for attempt in range(sends):
            try:
                status, data, ms = _post(port, raw, key)
            except (OSError, http.client.HTTPException) as exc:
                with stats.lock:
                    stats.errors[type(exc).__name__] = stats.errors.get(type(exc).__name__, 0) + 1
                break
            with stats.lock:
                stats.latencies_ms.append(ms)
                stats.statuses[status] = stats.statuses.get(status, 0) + 1
                if status in (200, 201) and "tracking_code" in data:
                    first = stats.acknowledged.setdefault(key, data["tracking_code"])
                    if attempt > 0:
                        stats.resends += 1
                        if first != data["tracking_code"] or status != 200:
                            stats.resend_mismatch += 1


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--resend", type=float, default=0.1)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    duration = min(max(args.duration, 1), MAX_DURATION_S)
    clients = min(max(args.clients, 1), MAX_CLIENTS)
    data_dir = Path(tempfile.mkdtemp(prefix="integritas-bench-complaints-"))
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
        "DJANGO_SETTINGS_MODULE": "bench.complaints_settings",
        "PYTHONPATH": os.pathsep.join(
            [str(REPO), str(REPO / "src"), os.environ.get("PYTHONPATH", "")]
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
    try:
        subprocess.run([sys.executable, "-c", _SETUP], env=env, check=True, cwd=REPO, timeout=300)
        port = _free_port()
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
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("server did not become healthy")
            time.sleep(0.3)
        stats = Stats()
        warm = _post(
            port,
            json.dumps(
                {
                    "subject": "Pemanasan",
                    "description": "Permintaan pemanasan server uji beban.",
                    "identity": "anonim",
                }
            ).encode(),
            "bench-warmup-0001",
        )
        stats.acknowledged["bench-warmup-0001"] = warm[1]["tracking_code"]
        stats.keys_sent += 1
        end = time.monotonic() + duration
        threads = [
            threading.Thread(
                target=_client, args=(n, port, end, args.resend, stats, n), daemon=True
            )
            for n in range(clients)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=duration + 120)
        elapsed = time.monotonic() - started
        counted = subprocess.run(
            [sys.executable, "-c", _COUNT],
            env=env,
            check=True,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        db = json.loads(counted.stdout)
    finally:
        if server is not None:
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
    db_codes: list[str] = db["codes"]
    acked = set(stats.acknowledged.values())
    db_set = set(db_codes)
    check = {
        "acknowledged_keys": len(stats.acknowledged),
        "acknowledged_codes_distinct": len(acked),
        "stored_complaints": len(db_codes),
        "stored_distinct_codes": len(db_set),
        "idempotency_records": db["idempotency_records"],
        "acknowledged_missing_from_db": len(acked - db_set),
        "stored_not_acknowledged": len(db_set - acked),
        "keys_sent": stats.keys_sent,
        "resends_answered": stats.resends,
        "resend_mismatches": stats.resend_mismatch,
    }
    ok = (
        check["acknowledged_missing_from_db"] == 0
        and len(db_codes) == len(db_set)
        and len(acked) == len(stats.acknowledged)
        and stats.resend_mismatch == 0
        and len(db_codes) <= stats.keys_sent
    )
    requests = len(stats.latencies_ms)
    result = {
        "benchmark": "complaints_load",
        "database": database,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "clients": clients,
        "workers": args.workers,
        "duration_s": round(elapsed, 2),
        "requests": requests,
        "throughput_rps": round(requests / elapsed, 1) if elapsed else 0,
        "acknowledged_per_s": round(len(stats.acknowledged) / elapsed, 1) if elapsed else 0,
        "latency_ms": {
            "p50": round(_percentile(stats.latencies_ms, 0.50), 1),
            "p95": round(_percentile(stats.latencies_ms, 0.95), 1),
            "p99": round(_percentile(stats.latencies_ms, 0.99), 1),
            "mean": round(statistics.fmean(stats.latencies_ms), 1) if stats.latencies_ms else 0,
        },
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "client_errors": stats.errors,
        "exactly_once": check,
        "exactly_once_ok": ok,
    }
    out = (
        args.output
        or RESULTS / f"complaints_load-{database}-{dt.datetime.now(dt.UTC).date().isoformat()}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
