"""Public intake and tracking: web form, API, idempotency, bad input, forged codes."""

from __future__ import annotations

import io
import itertools
import re
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from integritas.complaints.choices import Channel, IdentityMode, Status
from integritas.complaints.models import (
    TRACKING_ALPHABET,
    ComplainantIdentity,
    Complaint,
    ComplaintAttachment,
    new_tracking_code,
    normalise_tracking_code,
)
from integritas.complaints.tests.conftest import People
from integritas.complaints.tests.factories import make_complaint
from integritas.conftest import Tree
from integritas.core.models import IdempotencyRecord

pytestmark = pytest.mark.django_db
API = "/api/v1/complaints"
CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "subject": "Jalan berlubang di depan pasar",
        "description": "Lubang besar sejak dua bulan, sudah ada pengendara motor yang jatuh.",
        "category": "infrastructure",
        "organisation": "",
        "identity_mode": "terbuka",
        "name": "Budi Santoso",
        "email": "budi@contoh.id",
        "phone": "",
        "form_key": "kunci-formulir-0001",
    }
    data.update(overrides)
    return data


def test_form_says_who_sees_what(client: Client, tree: Tree) -> None:
    response = client.get("/pengaduan/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Hanya pengelola pengaduan" in text  # rahasia explanation
    assert "Kami tidak menyimpan nama" in text  # anonim explanation
    assert 'name="form_key"' in text
    assert "no-store" in response["Cache-Control"]


def test_submit_without_account_shows_the_tracking_code(client: Client, tree: Tree) -> None:
    response = client.post("/pengaduan/", form_data())
    assert response.status_code == 302 and response["Location"] == "/pengaduan/terima-kasih/"
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.WEB and complaint.status == Status.RECEIVED
    assert complaint.pemda == tree.pemda and complaint.organisation == tree.pemda
    thanks = client.get("/pengaduan/terima-kasih/")
    assert complaint.tracking_code in thanks.content.decode()


def test_thank_you_page_shows_the_code_once(client: Client, tree: Tree) -> None:
    """Issue 11 item 7: a reload (or the next person at a shared PC) sees no code."""
    client.post("/pengaduan/", form_data())
    code = Complaint.objects.get().tracking_code
    first = client.get("/pengaduan/terima-kasih/")
    assert code in first.content.decode()
    again = client.get("/pengaduan/terima-kasih/")
    assert again.status_code == 200
    text = again.content.decode()
    assert code not in text and 'id="code-shown"' in text
    assert client.session.get("complaints_receipt") is None


def test_citizen_session_ends_with_the_browser(client: Client, tree: Tree) -> None:
    response = client.post("/pengaduan/", form_data())
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert client.session.get_expire_at_browser_close()


def test_staff_session_keeps_its_age(rf: Any, tree: Tree) -> None:
    from importlib import import_module

    from integritas.core.middleware import AnonymousSessionMiddleware

    request = rf.get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.session.set_expiry(0)  # set while still anonymous, then the officer signed in
    request.user = tree.users["nobody"]
    AnonymousSessionMiddleware(lambda r: HttpResponse())(request)
    assert not request.session.get_expire_at_browser_close()


def test_double_submit_stores_one(client: Client, tree: Tree) -> None:
    first = client.post("/pengaduan/", form_data())
    second = client.post("/pengaduan/", form_data())
    assert first.status_code == second.status_code == 302
    assert Complaint.objects.count() == 1
    assert IdempotencyRecord.objects.filter(scope="complaints:web").count() == 1


def test_same_key_with_other_text_is_refused_and_stores_nothing_more(
    client: Client, tree: Tree
) -> None:
    client.post("/pengaduan/", form_data())
    response = client.post("/pengaduan/", form_data(subject="Subjek lain sama sekali"))
    assert response.status_code == 409
    assert "sudah terkirim" in response.content.decode()
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject", "   ", "wajib diisi"),
        ("description", "x" * 5001, "terlalu panjang: paling banyak 5000 karakter"),
        ("description", "pendek", "terlalu pendek: paling sedikit 20 karakter"),
        ("subject", "s" * 201, "terlalu panjang: paling banyak 200 karakter"),
    ],
)
def test_bad_text_is_refused_in_indonesian(
    client: Client, tree: Tree, field: str, value: str, message: str
) -> None:
    response = client.post("/pengaduan/", form_data(**{field: value}))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'role="alert"' in text
    assert message in text.lower() or message in text
    assert Complaint.objects.count() == 0


def test_anonim_stores_no_identity_even_if_typed(client: Client, tree: Tree) -> None:
    client.post(
        "/pengaduan/", form_data(identity_mode="anonim", name="Nama Terketik", email="x@contoh.id")
    )
    complaint = Complaint.objects.get()
    assert complaint.identity_mode == IdentityMode.ANONIM
    assert not ComplainantIdentity.objects.exists()


def test_html_in_fields_is_shown_as_text(client: Client, tree: Tree, people: People) -> None:
    client.post(
        "/pengaduan/",
        form_data(
            subject="<script>alert('x')</script> jalan",
            name="<b>Budi</b>",
            description="<img src=x onerror=alert(1)> lubang besar sekali di jalan",
        ),
    )
    complaint = Complaint.objects.get()
    client.force_login(people.manager)
    page = client.get(reverse("complaints:detail", args=[complaint.public_id])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<b>Budi</b>" not in page and "&lt;b&gt;Budi&lt;/b&gt;" in page
    inbox = client.get("/app/pengaduan/").content.decode()
    assert "<script>alert" not in inbox


def test_photo_metadata_is_removed(client: Client, tree: Tree) -> None:
    image = Image.new("RGB", (20, 20), "blue")
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 12.0, 30.0)}
    exif[0x010F] = "KameraPelapor"
    raw = io.BytesIO()
    image.save(raw, format="JPEG", exif=exif)
    raw.seek(0)
    raw.name = "foto.jpg"
    response = client.post("/pengaduan/", {**form_data(), "attachments": raw})
    assert response.status_code == 302
    attachment = ComplaintAttachment.objects.get()
    from django.core.files.storage import default_storage

    stored = default_storage.open(attachment.storage_name).read()
    assert b"KameraPelapor" not in stored
    assert Image.open(io.BytesIO(stored)).getexif().get(0x8825) is None


def test_a_script_named_as_photo_is_refused(client: Client, tree: Tree) -> None:
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "foto.jpg"
    response = client.post("/pengaduan/", {**form_data(), "attachments": fake})
    assert response.status_code == 400
    assert "Jenis berkas ini tidak diterima" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_tracking_codes_are_random_unique_and_unambiguous() -> None:
    codes = [new_tracking_code() for _ in range(5000)]
    assert len(set(codes)) == len(codes)
    assert all(CODE.match(c) for c in codes)
    assert not set("".join(codes).replace("-", "")) - set(TRACKING_ALPHABET)
    assert not {"0", "O", "1", "I", "L"} & set(TRACKING_ALPHABET)
    # not sequential: consecutive codes share no long common prefix
    assert sum(a[:4] == b[:4] for a, b in itertools.pairwise(codes)) < 5
    assert normalise_tracking_code(codes[0].lower().replace("-", " ")) == codes[0]
    assert normalise_tracking_code("ABCD-EFGH-IJK0") is None


def test_stored_codes_are_unique_per_complaint(tree: Tree) -> None:
    codes = {make_complaint().tracking_code for _ in range(20)}
    assert len(codes) == 20


# -- API --------------------------------------------------------------------------------------


def api_body(**overrides: str) -> dict[str, str]:
    body = {
        "subject": "Pungutan liar di loket",
        "description": "Petugas meminta uang tambahan untuk mempercepat layanan KTP.",
        "identity": "rahasia",
        "name": "Ani Lestari",
        "phone": "+6281311112222",
    }
    body.update(overrides)
    return body


def test_api_submit_and_idempotent_replay(client: Client, tree: Tree) -> None:
    headers = {"Idempotency-Key": "klien-1-kunci-0001"}
    first = client.post(API, api_body(), content_type="application/json", headers=headers)
    assert first.status_code == 201
    body = first.json()
    assert set(body) == {"tracking_code", "status"} and body["status"] == "received"
    assert CODE.match(body["tracking_code"])
    replay = client.post(API, api_body(), content_type="application/json", headers=headers)
    assert replay.status_code == 200 and replay.json() == body
    assert Complaint.objects.count() == 1
    assert Complaint.objects.get().channel == Channel.API
    conflict = client.post(
        API, api_body(subject="Subjek berbeda"), content_type="application/json", headers=headers
    )
    assert conflict.status_code == 422
    assert Complaint.objects.count() == 1


def test_api_bad_input_in_indonesian(client: Client, tree: Tree) -> None:
    response = client.post(API, api_body(description=""), content_type="application/json")
    assert response.status_code == 400
    assert any("uraian" in e for e in response.json()["errors"])
    response = client.post(API, api_body(identity="terserah"), content_type="application/json")
    # The identity enum is in the schema (issue 11, item 9): schema-invalid input, 422.
    assert response.status_code == 422
    assert response.json()["detail"] == "Masukan tidak sah."
    assert any(e.startswith("identity") for e in response.json()["errors"])
    assert Complaint.objects.count() == 0


def test_api_organisation_by_public_id(client: Client, tree: Tree) -> None:
    response = client.post(
        API, api_body(organisation=tree.dinkes.public_id), content_type="application/json"
    )
    assert response.status_code == 201
    assert Complaint.objects.get().suggested_organisation == tree.dinkes
    response = client.post(API, api_body(organisation="tidak-ada"), content_type="application/json")
    assert response.status_code == 400


def test_api_track_and_forged_code(client: Client, tree: Tree) -> None:
    complaint = make_complaint(identity_mode=IdentityMode.RAHASIA)
    ok = client.get(f"{API}/{complaint.tracking_code}")
    assert ok.status_code == 200
    data = ok.json()
    assert set(data) == {"tracking_code", "status", "timeline"}
    assert data["timeline"][0]["status"] == "received"
    forged = complaint.tracking_code[:-1] + ("A" if complaint.tracking_code[-1] != "A" else "B")
    for code in (forged, "AAAA-AAAA-AAAA", "bukan-kode", "1' OR '1'='1"):
        missing = client.get(f"{API}/{code}")
        assert missing.status_code == 404
        assert missing.json() == {
            "detail": "Tidak ada pengaduan dengan kode pelacakan itu.",
            "errors": [],
        }


def test_api_track_by_post_carries_the_code_in_the_body(client: Client, tree: Tree) -> None:
    """Issue 11 item 7: the code travels in the body, never in the URL."""
    complaint = make_complaint(identity_mode=IdentityMode.RAHASIA)
    ok = client.post(
        f"{API}/track", {"tracking_code": complaint.tracking_code}, content_type="application/json"
    )
    assert ok.status_code == 200
    assert ok.json() == client.get(f"{API}/{complaint.tracking_code}").json()
    missing = client.post(
        f"{API}/track", {"tracking_code": "AAAA-AAAA-AAAA"}, content_type="application/json"
    )
    assert missing.status_code == 404
    assert missing.json() == {
        "detail": "Tidak ada pengaduan dengan kode pelacakan itu.",
        "errors": [],
    }


def test_api_rate_limit_per_channel(client: Client, tree: Tree) -> None:
    with override_settings(
        COMPLAINTS_RATE_LIMITS={"api": (2, 60)},
        INTEGRITAS_FLOOD={"complaints:api": {"pow_at": 0}},  # the ceiling alone
    ):
        codes = [
            client.post(
                API, api_body(subject=f"Subjek nomor {i}"), content_type="application/json"
            ).status_code
            for i in range(3)
        ]
    assert codes == [201, 201, 429]


def test_openapi_documents_the_operations(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/complaints" in schema["paths"]
    assert "/api/v1/complaints/{tracking_code}" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/complaints/track"]


# -- tracking page ---------------------------------------------------------------------------


def test_track_page_shows_status_and_forged_code_is_not_found(client: Client, tree: Tree) -> None:
    complaint = make_complaint()
    found = client.post("/pengaduan/lacak/", {"code": complaint.tracking_code.lower()})
    assert found.status_code == 200
    assert "Diterima" in found.content.decode()
    unknown = client.post("/pengaduan/lacak/", {"code": "AAAA-BBBB-CCCC"})
    forged = client.post("/pengaduan/lacak/", {"code": "<script>x</script>"})
    assert unknown.status_code == forged.status_code == 404
    message = "Tidak ada pengaduan dengan kode pelacakan itu"
    assert message in unknown.content.decode() and message in forged.content.decode()
    assert "<script>x" not in forged.content.decode()


def test_reply_from_the_tracking_page_is_idempotent(
    client: Client, tree: Tree, people: People
) -> None:
    complaint = make_complaint()
    data = {
        "code": complaint.tracking_code,
        "action": "reply",
        "action_key": "balasan-kunci-001",
        "reply-message": "Ini tambahan informasi dari saya.",
    }
    assert client.post("/pengaduan/lacak/", data).status_code == 200
    assert client.post("/pengaduan/lacak/", data).status_code == 200
    assert complaint.events.filter(kind="complainant_reply").count() == 1
