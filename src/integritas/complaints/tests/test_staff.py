"""The staff workspace: inbox scope and filters, actions, bulk forward, entry, files, export."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from PIL import Image

from integritas.complaints import services, workflows
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
    page = response.content.decode()
    card = page[page.index('id="action-answer"') :]
    card = card[: card.index("</section>")]
    assert "terlalu pendek" in card and "pendek</textarea>" in card  # beside the field, kept
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


MANAGER_ONLY = ["verify", "forward", "reject", "mark_duplicate", "refer", "close", "set_lapor_id"]
HANDLER_ACTIONS = ["follow_up", "answer", "note", "public_reply", "return", "attach"]
ACTION_FORM = {
    "message": "Pesan yang cukup panjang untuk pelapor.",
    "category": "other",
    "agency": "ombudsman",
    "reference": "B/12/2025",
    "lapor_id": "LAPOR-1",
}


def test_an_opd_handler_cannot_take_the_managers_actions(
    client: Client, tree: Tree, people: People
) -> None:
    """The manager's steps stay the manager's even on a complaint the OPD holds."""
    held = forwarded(make_complaint(), manager=people.manager, to=tree.dinkes)
    other = make_complaint()
    client.force_login(people.dinkes)
    for c in (held, other):
        for name in MANAGER_ONLY:
            data = {**ACTION_FORM, "organisation": tree.puskesmas.public_id}
            data["original"] = other.public_id
            response = client.post(f"/app/pengaduan/{c.public_id}/aksi/{name}/", data)
            assert response.status_code == 404, name
    assert not any(workflows.COMPLAINT.can(people.dinkes, held, name) for name in MANAGER_ONLY)
    with pytest.raises(PermissionDenied):
        services.complaint_set_lapor_id(actor=people.dinkes, complaint=held, lapor_id="X-1")
    with pytest.raises(PermissionDenied):
        services.complaint_refer(
            actor=people.dinkes, complaint=held, agency="ombudsman", reference="B/12/2025"
        )
    held.refresh_from_db()
    assert held.status == Status.FORWARDED and held.lapor_id == ""


def test_a_handler_of_another_opd_cannot_act_on_the_complaint(
    client: Client, tree: Tree, people: People
) -> None:
    held = forwarded(make_complaint(), manager=people.manager, to=tree.dinkes)
    client.force_login(people.dpmptsp)
    for name in MANAGER_ONLY + HANDLER_ACTIONS:
        response = client.post(f"/app/pengaduan/{held.public_id}/aksi/{name}/", ACTION_FORM)
        assert response.status_code == 404, name
    for service in (
        services.complaint_follow_up,
        services.complaint_note,
        services.complaint_public_reply,
    ):
        with pytest.raises(PermissionDenied):
            service(actor=people.dpmptsp, complaint=held, message="Pesan dari OPD lain.")
    with pytest.raises(PermissionDenied):
        services.complaint_return(actor=people.dpmptsp, complaint=held, reason="Bukan urusan kami.")
    held.refresh_from_db()
    assert held.status == Status.FORWARDED
    assert not held.events.filter(actor=people.dpmptsp).exists()


def test_the_manager_returns_nothing_and_the_opd_returns_to_the_manager(
    client: Client, tree: Tree, people: People
) -> None:
    held = forwarded(make_complaint(), manager=people.manager, to=tree.dinkes)
    client.force_login(people.manager)
    page = client.get(f"/app/pengaduan/{held.public_id}/").content.decode()
    assert "/aksi/return/" not in page and "/aksi/answer/" in page
    client.force_login(people.dinkes)
    page = client.get(f"/app/pengaduan/{held.public_id}/").content.decode()
    assert "/aksi/return/" in page and "/aksi/verify/" not in page
    response = client.post(
        f"/app/pengaduan/{held.public_id}/aksi/return/", {"message": "Bukan urusan kesehatan."}
    )
    assert response.status_code == 302 and response["Location"] == "/app/pengaduan/"
    held.refresh_from_db()
    assert held.status == Status.VERIFIED and held.organisation == tree.pemda


def test_the_export_runs_as_a_job_with_the_same_file(
    client: Client,
    tree: Tree,
    people: People,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    forwarded(make_complaint(nik="3299014107900001"), manager=people.manager, to=tree.dinkes)
    make_complaint(subject="Jalan rusak di desa")
    for user, rows in ((people.manager, 2), (people.dinkes, 1)):
        client.force_login(user)
        assert client.get("/app/pengaduan/ekspor/tugas/").status_code == 405
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/app/pengaduan/ekspor/tugas/?status=", {"format": "csv"})
        assert response.status_code == 302 and response["Location"].startswith("/app/tugas/")
        job_page = response["Location"]
        assert client.get(job_page).status_code == 200
        download = client.get(job_page + "unduh/")
        assert download.status_code == 200
        body = b"".join(download.streaming_content) if download.streaming else download.content  # type: ignore[attr-defined]  # file or streamed response
        direct = b"".join(client.get("/app/pengaduan/ekspor/").streaming_content)  # type: ignore[attr-defined]  # streamed CSV
        assert body == direct
        assert body.decode("utf-8-sig").count("\n") == rows + 1
        assert ("3299014107900001" in body.decode()) is (user == people.manager)
    client.force_login(tree.users["pimpinan"])
    assert client.post("/app/pengaduan/ekspor/tugas/", {"format": "csv"}).status_code == 404
