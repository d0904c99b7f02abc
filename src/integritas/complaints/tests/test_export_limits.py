"""Exports that cannot take the site down (issue 11, item 3): local times, a row limit."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from openpyxl import load_workbook

from integritas.complaints.models import Complaint
from integritas.complaints.tests.conftest import People
from integritas.complaints.tests.factories import make_complaint
from integritas.conftest import Tree

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2026, 3, 4, 13, 58, tzinfo=dt.UTC)  # 20:58 WIB


def _received_at_1358_utc() -> Complaint:
    complaint = make_complaint(subject="Antrean KTP")
    Complaint.objects.filter(pk=complaint.pk).update(received_at=RECEIVED)
    complaint.refresh_from_db()
    return complaint


def test_xlsx_time_is_the_local_time_on_screen(client: Client, people: People) -> None:
    complaint = _received_at_1358_utc()
    client.force_login(people.manager)
    screen = client.get(f"/app/pengaduan/{complaint.public_id}/").content.decode()
    assert "4 Mar 2026 20:58" in screen
    response = client.get("/app/pengaduan/ekspor/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    assert "Diterima (WIB)" in header or "Received (WIB)" in header
    column = header.index("Diterima (WIB)" if "Diterima (WIB)" in header else "Received (WIB)")
    # The cell holds the wall time a person in WIB reads on the screen (no zone in XLSX).
    assert rows[1][column] == dt.datetime(2026, 3, 4, 20, 58, tzinfo=dt.UTC).replace(tzinfo=None)


def test_csv_time_is_local_and_labelled(client: Client, tree: Tree, people: People) -> None:
    _received_at_1358_utc()
    tree.pemda.timezone = "Asia/Jayapura"  # WIT: 22:58
    tree.pemda.save(update_fields=["timezone"])
    client.force_login(people.manager)
    body = b"".join(client.get("/app/pengaduan/ekspor/").streaming_content)  # type: ignore[attr-defined]  # streamed CSV
    text = body.decode("utf-8-sig")
    assert "(WIT)" in text.splitlines()[0]
    assert "2026-03-04 22:58:00" in text and "13:58" not in text


@override_settings(INTEGRITAS_EXPORT_SYNC_MAX_ROWS=2)
def test_an_export_above_the_limit_is_refused_with_the_job_link(
    client: Client,
    people: People,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    for _ in range(3):
        make_complaint()
    client.force_login(people.manager)
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/app/pengaduan/ekspor/?status=&format={fmt}")
        assert response.status_code == 422
        assert not response.streaming
        page = response.content.decode()
        assert 'action="/app/pengaduan/ekspor/tugas/?status="' in page
        assert f'name="format" value="{fmt}"' in page
    asked = client.get("/app/pengaduan/ekspor/?status=", headers={"accept": "application/json"})
    assert asked.status_code == 422
    assert asked.json()["job_url"] == "/app/pengaduan/ekspor/tugas/?status="
    assert asked.json()["rows"] == 3 and asked.json()["limit"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/app/pengaduan/ekspor/tugas/?status=", {"format": "csv"})
    assert started.status_code == 302
    download = client.get(started["Location"] + "unduh/")
    body = b"".join(download.streaming_content) if download.streaming else download.content  # type: ignore[attr-defined]  # file or streamed response
    assert body.decode("utf-8-sig").count("\n") == 4


@override_settings(INTEGRITAS_EXPORT_SYNC_MAX_ROWS=3)
def test_an_export_at_the_limit_is_downloaded(client: Client, people: People) -> None:
    for _ in range(3):
        make_complaint()
    client.force_login(people.manager)
    response = client.get("/app/pengaduan/ekspor/")
    assert response.status_code == 200 and response.streaming
