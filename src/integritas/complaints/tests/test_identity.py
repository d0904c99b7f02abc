"""Identity protection over every place a complaint is shown or exported (DOMAIN.md §6).

A rahasia identity is visible to the complaint manager only; an anonim complaint stores none.
Each test below looks for the complainant's name, e-mail, phone and NIK in one output.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from integritas.complaints import selectors
from integritas.complaints.choices import IdentityMode
from integritas.complaints.models import ComplainantIdentity, Complaint
from integritas.complaints.notifications import MemorySender
from integritas.complaints.tests.conftest import People
from integritas.complaints.tests.factories import (
    SECRET_EMAIL,
    SECRET_NAME,
    SECRET_NIK,
    SECRET_PHONE,
    answered,
    make_complaint,
)
from integritas.conftest import Tree
from integritas.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SECRETS = (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, SECRET_NIK)
PROTECTED = [IdentityMode.RAHASIA, IdentityMode.ANONIM]


def assert_no_identity(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"identity leaked: {secret}"


def _handled(tree: Tree, people: People, mode: str) -> Complaint:
    c = make_complaint(identity_mode=mode, nik=SECRET_NIK if mode != IdentityMode.ANONIM else "")
    return answered(c, manager=people.manager, handler=people.dinkes, to=tree.dinkes)


def _xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return "\n".join(
        " ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True)
    )


def _download(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("mode", PROTECTED)
def test_tracking_page_and_api_never_show_identity(
    client: Client, tree: Tree, people: People, mode: str
) -> None:
    c = _handled(tree, people, mode)
    page = client.post("/pengaduan/lacak/", {"code": c.tracking_code}).content.decode()
    assert "Dijawab" in page
    assert_no_identity(page)
    api = client.get(f"/api/v1/complaints/{c.tracking_code}").content.decode()
    assert_no_identity(api)


def test_tracking_never_shows_internal_notes_or_the_text(
    client: Client, tree: Tree, people: People
) -> None:
    from integritas.complaints import services

    c = _handled(tree, people, IdentityMode.TERBUKA)
    services.complaint_note(actor=people.dinkes, complaint=c, message="CATATAN-INTERNAL-RAHASIA")
    page = client.post("/pengaduan/lacak/", {"code": c.tracking_code}).content.decode()
    api = client.get(f"/api/v1/complaints/{c.tracking_code}").content.decode()
    for out in (page, api):
        assert "CATATAN-INTERNAL-RAHASIA" not in out
        assert c.description not in out
    assert "Sudah kami tindak lanjuti" in page and "Sudah kami tindak lanjuti" in api
    assert_no_identity(page)  # terbuka: still never public


@pytest.mark.parametrize("mode", PROTECTED)
def test_opd_inbox_and_detail_never_show_a_protected_identity(
    client: Client, tree: Tree, people: People, mode: str
) -> None:
    c = _handled(tree, people, mode)
    client.force_login(people.dinkes)
    inbox = client.get("/app/pengaduan/")
    assert c.public_id in inbox.content.decode()  # listed by reference, not by tracking code
    assert c.tracking_code not in inbox.content.decode()
    assert_no_identity(inbox.content.decode())
    detail = client.get(f"/app/pengaduan/{c.public_id}/").content.decode()
    assert c.subject in detail
    assert_no_identity(detail)
    assert selectors.complaint_identity(viewer=people.dinkes, complaint=c) is None


def test_manager_sees_rahasia_identity_opd_sees_terbuka(
    client: Client, tree: Tree, people: People
) -> None:
    rahasia = _handled(tree, people, IdentityMode.RAHASIA)
    terbuka = _handled(tree, people, IdentityMode.TERBUKA)
    client.force_login(people.manager)
    assert SECRET_NAME in client.get(f"/app/pengaduan/{rahasia.public_id}/").content.decode()
    client.force_login(people.dinkes)
    assert SECRET_NAME in client.get(f"/app/pengaduan/{terbuka.public_id}/").content.decode()
    # other roles over the whole Pemda see no complaint at all
    for role in ("pimpinan", "admin", "tpi", "pengamat"):
        client.force_login(tree.users[role])
        assert client.get(f"/app/pengaduan/{rahasia.public_id}/").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports(client: Client, tree: Tree, people: People, fmt: str) -> None:
    rahasia = _handled(tree, people, IdentityMode.RAHASIA)
    anonim = _handled(tree, people, IdentityMode.ANONIM)
    terbuka = make_complaint(
        identity_mode=IdentityMode.TERBUKA,
        name="Terbuka Namanya Jelas",
        email="terbuka@contoh.id",
        phone="+628990001111",
        nik="0099887766554433",
    )
    answered(terbuka, manager=people.manager, handler=people.dinkes, to=tree.dinkes)

    def export_text(user: Any) -> str:
        client.force_login(user)
        response = client.get(f"/app/pengaduan/ekspor/?format={fmt}")
        assert response.status_code == 200
        raw = _download(response)
        return _xlsx_text(raw) if fmt == "xlsx" else raw.decode("utf-8-sig")

    manager = export_text(people.manager)
    assert rahasia.tracking_code in manager and anonim.tracking_code in manager
    assert (
        "Terbuka Namanya Jelas" in manager and "0099887766554433" in manager
    )  # NIK kept whole, as text
    assert_no_identity(manager)  # rahasia never leaves in a file, not even the manager's
    opd = export_text(people.dinkes)
    assert rahasia.public_id in opd
    assert rahasia.tracking_code not in opd  # the code is the complainant's capability
    assert_no_identity(opd)
    assert "Terbuka Namanya Jelas" not in opd  # identity columns only for the manager
    assert "NIK" not in opd.splitlines()[0]


def test_xlsx_keeps_codes_and_nik_as_text_and_neutralises_formulas(
    client: Client, tree: Tree, people: People
) -> None:
    c = make_complaint(subject='=HYPERLINK("http://x","klik")', nik="0012345678901234")
    client.force_login(people.manager)
    raw = _download(client.get("/app/pengaduan/ekspor/?format=xlsx"))
    sheet = load_workbook(io.BytesIO(raw)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    row = [cell for cell in sheet[2]]
    assert row[header.index("Kode pelacakan")].value == c.tracking_code
    assert row[header.index("Kode pelacakan")].data_type == "s"
    assert row[header.index("NIK")].value == "0012345678901234"
    assert str(row[header.index("Judul")].value).startswith("'=")


@pytest.mark.parametrize("mode", PROTECTED)
def test_messages_and_emails_never_carry_identity_or_text(
    tree: Tree, people: People, mode: str, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        c = _handled(tree, people, mode)
    for m in mail.outbox:
        text = m.body + "".join(str(a[0]) for a in getattr(m, "alternatives", []))
        assert c.subject not in text and c.description not in text
        if m.to != [SECRET_EMAIL]:
            assert_no_identity(text + " ".join(m.to))
    for _to, text in MemorySender.outbox:
        assert_no_identity(text) if mode == IdentityMode.ANONIM else None
        assert c.subject not in text and c.description not in text
    if mode == IdentityMode.ANONIM:
        assert MemorySender.outbox == [] and all(SECRET_EMAIL not in m.to for m in mail.outbox)


@pytest.mark.parametrize("mode", PROTECTED)
def test_statistics_page_and_json_never_show_identity(
    client: Client, tree: Tree, people: People, mode: str
) -> None:
    _handled(tree, people, mode)
    for user in (people.manager, tree.users["pimpinan"], tree.users["pengamat"]):
        client.force_login(user)
        page = client.get("/app/pengaduan/statistik/")
        assert page.status_code == 200
        assert_no_identity(page.content.decode())
        assert_no_identity(client.get("/app/pengaduan/statistik.json").content.decode())


def test_audit_trail_never_holds_identity_or_tracking_code(tree: Tree, people: People) -> None:
    c = _handled(tree, people, IdentityMode.RAHASIA)
    rows = AuditEvent.objects.filter(target_type="complaints.complaint")
    text = " ".join(f"{e.target_label} {e.before} {e.after}" for e in rows)
    assert_no_identity(text)
    assert c.tracking_code not in text and c.subject not in text


def test_identity_table_is_never_joined_by_list_selectors(
    tree: Tree, people: People, django_assert_num_queries: Callable[..., Any]
) -> None:
    _handled(tree, people, IdentityMode.RAHASIA)
    sql = str(selectors.complaint_list(viewer=people.manager).query)
    assert ComplainantIdentity._meta.db_table not in sql
