"""Two concurrent large complaint exports, as jobs, while ``/healthz`` must keep answering.

Run from the repository root::

    uv run python bench/exports_load.py [--complaints 100000] [--workers 2]
                                        [--timeout 600] [--output FILE]

What it does (issue 11, item 3: "two concurrent 100k exports leave the site answering"):

1. creates a fresh SQLite database in a temporary directory, migrates it, creates one Pemda,
   its complaint manager and ``--complaints`` complaints (one real submission, copied in
   bulk), and a signed-in session for the manager; collects the static files;
2. starts ``integritas serve`` (gunicorn, production settings, ``--workers`` sync workers,
   timeout 60 s) and one ``db_worker`` for the jobs, on 127.0.0.1 only;
3. asks for the XLSX export inside the request and expects it refused at once (422, a link to
   the job), then starts two export jobs at the same moment (one XLSX, one CSV);
4. polls ``/healthz`` every 0.2 s until both jobs have finished (at most ``--timeout`` s),
   then downloads both files and counts their rows.

Passes when the direct export was refused, every ``/healthz`` answered 200 within 2 s, the
server is still running and both files hold every complaint. The in-request limit is set to
half the complaints (at most 5,000, the default) so the refusal is exercised at any scale. Writes ``bench/results/exports_load-<date>.json``; exit 1 when a check fails.
Every process it starts is stopped at the end, on errors, on Ctrl+C and on SIGTERM.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._common import (  # noqa: E402  (the repository root is put on sys.path first)
    HOST,
    exit_on_sigterm,
    free_port,
    machine_info,
    new_result_path,
)

MAX_COMPLAINTS = 200_000
MAX_TIMEOUT_S = 900
CSRF = "b" * 32  # an unmasked token: the cookie and the header carry the same secret

_SETUP = """
import django, sys
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import transaction
from integritas.complaints import services as complaints
from integritas.complaints.models import Complaint
from integritas.core import services
from integritas.core.actors import Public, System
from integritas.core.choices import Role
from integritas.core.models import User

n = int(sys.argv[1])
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
actor = System("bench")
pemda = services.organisation_create(actor=actor, parent=None, code="3299",
    name="Pemerintah Kabupaten Uji Ekspor", kind="pemda", timezone="WIB")
user = User.objects.create_user(username="pengelola", password=None)
services.role_grant(actor=actor, user=user, role=Role.PENGELOLA_PENGADUAN, organisation=pemda)
first = complaints.complaint_submit(actor=Public("web"), subject="Antrean KTP terlalu lama",
    description="Saya menunggu lima jam di kantor tanpa kepastian layanan.",
    identity_mode="terbuka", name="Warga Uji", email="warga@example.org", phone="", nik="",
    organisation=None)
values = Complaint.objects.filter(pk=first.pk).values().get()
public_id = Complaint._meta.get_field("public_id").default
code = Complaint._meta.get_field("tracking_code").default
with transaction.atomic():
    batch = []
    for i in range(n - 1):
        row = {**values, "id": None, "public_id": public_id(), "tracking_code": code(),
               "subject": f"Pengaduan uji ekspor nomor {i}"}
        batch.append(Complaint(**row))
        if len(batch) == 2000:
            Complaint.objects.bulk_create(batch)
            batch = []
    Complaint.objects.bulk_create(batch)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def _request(
    port: int, method: str, path: str, session: str, body: bytes = b"", timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _rows_in(filename: str, content: bytes) -> int:
    if filename.endswith(".csv"):
        return content.decode("utf-8-sig").count("\n") - 1
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    return sheet.count("<row ") - 1


def _start_job(port: int, session: str, fmt: str, out: dict[str, Any]) -> None:
    status, headers, _ = _request(
        port, "POST", "/app/pengaduan/ekspor/tugas/", session, f"format={fmt}".encode()
    )
    out[fmt] = {"status": status, "location": headers.get("Location", "")}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    count = min(max(args.complaints, 10), MAX_COMPLAINTS)
    limit = max(1, min(5_000, count // 2))
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    data_dir = Path(tempfile.mkdtemp(prefix="integritas-bench-exports-"))
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "INTEGRITAS_STATIC_ROOT", "INTEGRITAS_MEDIA_ROOT"}
            and k != "ALLOWED_HOSTS"
        },
        "INTEGRITAS_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DJANGO_SETTINGS_MODULE": "integritas.config.settings.production",
        "INTEGRITAS_EXPORT_SYNC_MAX_ROWS": str(limit),
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    processes: list[subprocess.Popen[bytes]] = []
    result: dict[str, Any] = {"machine": machine_info(), "complaints": count, "limit": limit}
    try:
        started = time.monotonic()
        setup = subprocess.run(
            [sys.executable, "-c", _SETUP, str(count)],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
        session = setup.stdout.strip().splitlines()[-1]
        result["setup_s"] = round(time.monotonic() - started, 1)
        port = free_port()
        processes.append(
            subprocess.Popen(
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
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                cwd=REPO,
                start_new_session=True,
            )
        )
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "integritas.cli", "manage", "db_worker"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                cwd=REPO,
                start_new_session=True,
            )
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if _request(port, "GET", "/healthz", session, timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or processes[0].poll() is not None:
                raise RuntimeError("server did not become healthy")
            time.sleep(0.3)

        t0 = time.perf_counter()
        direct, _, page = _request(port, "GET", "/app/pengaduan/ekspor/?format=xlsx", session)
        result["direct_export"] = {
            "status": direct,
            "ms": round((time.perf_counter() - t0) * 1000, 1),
            "links_the_job": b"/app/pengaduan/ekspor/tugas/" in page,
        }

        jobs: dict[str, Any] = {}
        starters = [
            threading.Thread(target=_start_job, args=(port, session, fmt, jobs))
            for fmt in ("xlsx", "csv")
        ]
        for t in starters:
            t.start()
        for t in starters:
            t.join(timeout=60)
        health: list[tuple[float, int | str, float]] = []
        job_start_t = time.monotonic()
        end = job_start_t + min(args.timeout, MAX_TIMEOUT_S)
        finished: dict[str, dict[str, Any]] = {}
        while time.monotonic() < end and len(finished) < len(jobs):
            t0 = time.perf_counter()
            try:
                code: int | str = _request(port, "GET", "/healthz", session, timeout=2)[0]
            except OSError as exc:
                code = type(exc).__name__
            health.append((time.monotonic() - job_start_t, code, (time.perf_counter() - t0) * 1000))
            for fmt, job in jobs.items():
                if fmt in finished or not job["location"]:
                    continue
                status_path = job["location"].rstrip("/") + "/status"
                _, _, body = _request(port, "GET", status_path, session)
                state = json.loads(body)
                if state.get("finished"):
                    finished[fmt] = {**state, "after_s": round(time.monotonic() - job_start_t, 1)}
            time.sleep(0.2)
        for fmt, job in jobs.items():
            if fmt in finished and finished[fmt]["status"] == "done":
                status, headers, content = _request(
                    port, "GET", job["location"] + "unduh/", session, timeout=120
                )
                name = headers.get("Content-Disposition", "").split("filename=")[-1].strip('"')
                finished[fmt]["rows"] = _rows_in(name, content) if status == 200 else None
                finished[fmt]["bytes"] = len(content)
        latencies = sorted(ms for _, code, ms in health if code == 200)
        failures = [(round(t, 1), code) for t, code, ms in health if code != 200 or ms > 2000]
        result["jobs"] = {"started": jobs, "finished": finished}
        result["healthz"] = {
            "polls": len(health),
            "failures": failures,
            "p50_ms": round(latencies[len(latencies) // 2], 1) if latencies else None,
            "max_ms": round(latencies[-1], 1) if latencies else None,
        }
        result["server_alive"] = processes[0].poll() is None
        checks = {
            "direct_export_refused": direct == 422 and result["direct_export"]["links_the_job"],
            "both_jobs_done": all(
                finished.get(f, {}).get("status") == "done" for f in ("xlsx", "csv")
            ),
            "every_row_exported": all(
                finished.get(f, {}).get("rows") == count for f in ("xlsx", "csv")
            ),
            "healthz_always_answered": bool(health) and not failures,
            "server_alive": result["server_alive"],
        }
        result["checks"] = checks
        result["passed"] = all(checks.values())
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(data_dir, ignore_errors=True)
    path = args.output or new_result_path(f"exports_load-{dt.datetime.now(dt.UTC):%Y%m%d}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(
        json.dumps(
            {k: result[k] for k in ("checks", "healthz", "jobs", "direct_export")},
            indent=2,
            default=str,
        )
    )
    print(f"written to {path}")
    return 0 if result.get("passed") else 1


if __name__ == "__main__":
    sys.exit(main())
