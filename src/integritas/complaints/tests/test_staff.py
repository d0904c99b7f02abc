"""The staff workspace: inbox scope and filters, actions, bulk forward, entry, files, export."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from integritas.complaints import services
from integritas.complaints.choices import Channel, Status
from integritas.complaints.models import Complaint
from integritas.complaints.tests.conftest import People
from integritas.complaints.tests.factories import forwarded, make_complaint
from integritas.conftest import Tree
from integritas.core.uploads import IMAGES, check_upload

pytestmark = pytest.mark.django_db


def test_inbox_scope_per_opd(client: Client, tree: Tree, people: People) -> None:
    at_dinkes = forwarded(
        make_complaint(subject="Obat kosong di puskesmas"),
        manager=people.manager,
        to=tree.puskesmas,
    )
    at_dpm = forwarded(
        make_complaint(subject="Izin usaha lambat"), manager=people.manager, to=tree.dpmptsp
    )
    waiting = make_complaint(subject="Belum diverifikasi")
    client.force_login(people.dinkes)
    text = client.get("/app/pengaduan/").content.decode()
    assert at_dinkes.public_id in text  # OPD handlers list by reference, never by code
    assert at_dpm.public_id not in text and waiting.public_id not in text
    assert client.get(f"/app/pengaduan/{at_dpm.public_id}/").status_code == 404
    assert client.get(f"/app/pengaduan/{waiting.public_id}/").status_code == 404
    client.force_login(people.manager)
    text = client.get("/app/pengaduan/").content.decode()
    assert all(c.tracking_code in text for c in (at_dinkes, at_dpm, waiting))
    client.force_login(tree.users["pimpinan"])
    assert client.get("/app/pengaduan/").status_code == 404


def test_inbox_filters(client: Client, tree: Tree, people: People) -> None:
    a = make_complaint(subject="Jalan rusak berat", channel=Channel.PHONE, actor=people.manager)
    b = make_complaint(subject="Sampah menumpuk")
    Complaint.objects.filter(pk=b.pk).update(forward_due=b.received_at)  # its clock has run out
    client.force_login(people.manager)

    def codes(query: str) -> str:
        return client.get(f"/app/pengaduan/?{query}").content.decode()

    assert a.tracking_code in codes("channel=phone") and b.tracking_code not in codes(
        "channel=phone"
    )
    assert b.tracking_code in codes("sla=overdue") and a.tracking_code not in codes("sla=overdue")
    assert a.tracking_code in codes("sla=on_time")
    assert b.tracking_code in codes(
        f"q={b.tracking_code.lower()}"
    ) and a.tracking_code not in codes(f"q={b.tracking_code}")
    assert a.tracking_code in codes("q=rusak")
    assert "Terlambat" in codes("")


def test_actions_through_the_detail_page(client: Client, tree: Tree, people: People) -> None:
    c = make_complaint()
    url = f"/app/pengaduan/{c.public_id}/aksi/%s/"
    client.force_login(people.manager)
    assert client.post(url % "verify", {"category": "health", "message": ""}).status_code == 302
    response = client.post(url % "forward", {"organisation": tree.dinkes.public_id, "message": ""})
    assert response.status_code == 302
    client.force_login(people.dpmptsp)
    assert (
        client.post(url % "answer", {"message": "Jawaban dari OPD yang salah."}).status_code == 404
    )
    client.force_login(people.dinkes)
    assert client.post(url % "forward", {"organisation": tree.dpmptsp.public_id}).status_code == 404
    response = client.post(url % "answer", {"message": "pendek"})
    assert response.status_code == 400 and "terlalu pendek" in response.content.decode()
    assert client.post(url % "note", {"message": "Catatan internal staf."}).status_code == 302
    assert (
        client.post(url % "answer", {"message": "Sudah kami tangani dengan baik."}).status_code
        == 302
    )
    c.refresh_from_db()
    assert c.status == Status.ANSWERED and c.category == "health"
    assert client.post(url % "nonsense", {}).status_code == 400


def test_bulk_forward_and_staff_entry(client: Client, tree: Tree, people: People) -> None:
    a, b = make_complaint(), make_complaint()
    client.force_login(people.manager)
    response = client.post(
        "/app/pengaduan/teruskan/",
        {"selected": [a.public_id, b.public_id], "organisation": tree.dinkes.public_id},
    )
    assert response.status_code == 302
    assert set(Complaint.objects.values_list("status", flat=True)) == {Status.FORWARDED}
    data = {
        "channel": "letter",
        "lapor_id": "",
        "subject": "Surat keberatan tarif",
        "description": "Surat dari warga tentang tarif retribusi pasar yang naik.",
        "category": "levy",
        "organisation": "",
        "identity_mode": "terbuka",
        "name": "Pak Warga",
        "email": "",
        "phone": "",
        "nik": "3299014107900001",
        "form_key": "staff-key-00001",
    }
    response = client.post("/app/pengaduan/baru/", data)
    assert response.status_code == 302
    assert client.post("/app/pengaduan/baru/", data).status_code == 302  # double submit
    assert Complaint.objects.filter(channel=Channel.LETTER).count() == 1
    client.force_login(people.dinkes)
    assert client.get("/app/pengaduan/baru/").status_code == 404
    assert (
        client.post(
            "/app/pengaduan/teruskan/",
            {"selected": [a.public_id], "organisation": tree.dpmptsp.public_id},
        ).status_code
        == 404
    )
    a.refresh_from_db()
    assert a.organisation == tree.dinkes  # refused: not the manager


def test_attachment_download_is_checked(client: Client, tree: Tree, people: People) -> None:
    raw = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(raw, format="PNG")
    upload = check_upload(io.BytesIO(raw.getvalue()), name="bukti.png", allowed=IMAGES)
    c = forwarded(make_complaint(attachments=[upload]), manager=people.manager, to=tree.dinkes)
    att = c.attachments.get()
    url = f"/app/pengaduan/{c.public_id}/lampiran/{att.public_id}/"
    client.force_login(people.dpmptsp)
    assert client.get(url).status_code == 404
    client.force_login(people.dinkes)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_export_has_no_n_plus_one(
    client: Client, tree: Tree, people: People, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    for _ in range(15):
        make_complaint()
    client.force_login(people.manager)
    with django_assert_max_num_queries(12):
        response = client.get("/app/pengaduan/ekspor/")
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body.decode("utf-8-sig").count("\n") == 16


def test_settings_page(client: Client, tree: Tree, people: People) -> None:
    client.force_login(people.manager)
    assert client.get("/app/pengaduan/pengaturan/").status_code == 200
    response = client.post(
        "/app/pengaduan/pengaturan/",
        {"forward_days": 2, "answer_days": 5, "autoclose_days": 10, "reopen_days": 7},
    )
    assert response.status_code == 302
    assert services.policy_for(tree.pemda).forward_days == 2
    client.force_login(people.dinkes)
    assert client.get("/app/pengaduan/pengaturan/").status_code == 404
