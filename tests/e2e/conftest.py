"""End-to-end fixtures: the real product served by gunicorn, driven by Debian's Chromium.

The server is started exactly as in production (``integritas serve``, production settings,
two worker processes, and a ``db_worker`` running the background jobs) on a database of its own — a temporary SQLite file, or a temporary
PostgreSQL database when ``DATABASE_URL`` is set — loaded with ``integritas demo``.
Playwright drives ``/usr/bin/chromium`` (``INTEGRITAS_CHROMIUM``); it never downloads a
browser. Without Chromium the tests are skipped locally and fail in CI.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

CHROMIUM = os.environ.get("INTEGRITAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveServer:
    """The running product and the demo logins it printed."""

    url: str
    logins: dict[str, str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _integritas() -> list[str]:
    return [sys.executable, "-m", "integritas.cli"]


@pytest.fixture(scope="session")
def live_product() -> Iterator[LiveServer]:
    with serve_product() as server:
        yield server


@contextlib.contextmanager
def serve_product(extra_env: dict[str, str] | None = None) -> Iterator[LiveServer]:
    """Demo data served by gunicorn in production settings (plus ``extra_env``)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run must install it")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    data_dir = Path(tempfile.mkdtemp(prefix="integritas-e2e-"))
    env = {
        **os.environ,
        "INTEGRITAS_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DJANGO_SETTINGS_MODULE": "integritas.config.settings.production",
        **(extra_env or {}),
    }
    pg_admin_url, pg_db = None, None
    if os.environ.get("DATABASE_URL"):
        import psycopg

        pg_admin_url = os.environ["DATABASE_URL"]
        pg_db = f"integritas_e2e_{secrets.token_hex(4)}"
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_db}"')
        parts = urlsplit(pg_admin_url)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{pg_db}"))
    port = _free_port()
    server: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None
    try:
        demo = subprocess.run(
            [*_integritas(), "demo", "--no-serve"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        logins = dict(re.findall(r"^\s{4}(\w+)\s+(\S+)\s{3}", demo.stdout, re.MULTILINE))
        subprocess.run(
            [*_integritas(), "manage", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
            timeout=300,
        )
        server = subprocess.Popen(
            [*_integritas(), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Long work (imports, exports, PDFs) runs as jobs: a database task worker beside it.
        worker = subprocess.Popen(
            [*_integritas(), "manage", "db_worker", "--interval", "0.5", "--no-startup-delay"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("integritas serve did not become healthy")
            time.sleep(0.3)
        yield LiveServer(url=url, logins=logins)
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        if pg_admin_url and pg_db:
            import psycopg

            with psycopg.connect(pg_admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(live_product: LiveServer) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(locale="id-ID", viewport={"width": 1024, "height": 800})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()
