"""A fresh ``integritas demo`` runs its job worker: a complaint's e-mail reaches the console
(issue 9, "Done when"). Not a browser test, but it serves the product like one."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import _free_port, _integritas


def _wait_for(predicate: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]  # a zero-argument callable
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.mark.browser
def test_fresh_demo_delivers_a_complaint_email_to_the_console() -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        log = Path(data_dir) / "demo.log"
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        env.update(INTEGRITAS_DATA_DIR=data_dir, PYTHONUNBUFFERED="1")
        env.pop("DATABASE_URL", None)  # the embedded demo, as a newcomer runs it
        with log.open("wb") as out:
            demo = subprocess.Popen(
                [*_integritas(), "demo", "--port", str(port)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                _wait_for(lambda: _healthy(url), 240, "the demo to serve")
                body = json.dumps(
                    {
                        "subject": "Lampu jalan padam di Jalan Merdeka",
                        "description": "Sudah tiga minggu lampu jalan di depan pasar padam.",
                        "identity": "terbuka",
                        "name": "Warga Uji",
                        "email": "warga.uji@example.org",
                    }
                ).encode()
                request = urllib.request.Request(  # noqa: S310 - loopback
                    f"{url}/api/v1/complaints",
                    data=body,
                    headers={"Content-Type": "application/json"},
                    method="POST",
                )
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    assert response.status == 201
                    code = json.loads(response.read())["tracking_code"]

                def mailed() -> bool:
                    text = log.read_text(encoding="utf-8", errors="replace")
                    return "To: warga.uji@example.org" in text and code in text

                _wait_for(mailed, 90, "the complaint e-mail on the console")
            finally:
                os.killpg(demo.pid, 15)
                try:
                    demo.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(demo.pid, 9)
