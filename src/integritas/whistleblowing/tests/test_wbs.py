"""Whistleblowing: nothing readable at rest, handlers read with their key, receipts (issue 12)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client

from integritas.conftest import Tree
from integritas.core.actors import Public, System
from integritas.core.choices import Role
from integritas.core.models import AuditEvent
from integritas.core.tests.factories import PASSWORD, UserFactory, grant
from integritas.whistleblowing import crypto, receipts, services
from integritas.whistleblowing.models import Report
from integritas.whistleblowing.tests.factories import MARKER, enrol, sign_in, submit

pytestmark = pytest.mark.django_db


def _database_contains(marker: str) -> list[str]:
    """Every table and row (all columns, text and binary) that contains ``marker``."""
    needle = marker.encode()
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            for row in cursor.fetchall():
                for value in row:
                    raw = value if isinstance(value, bytes | memoryview) else str(value).encode()
                    if needle in bytes(raw):
                        found.append(table)
    return found


def test_after_a_submission_the_database_holds_no_plaintext(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    events = AuditEvent.objects.count()
    client = Client()
    response = client.post(
        "/wbs/",
        {
            "category": "korupsi",
            "what": f"Uang pelicin {MARKER}",
            "who": f"Kabid {MARKER}",
            "when": "Maret",
            "where": f"Ruang {MARKER}",
            "how_known": "Melihat sendiri",
            "name": f"Nama {MARKER}",
            "contact": "0812",
        },
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="UA-PELAPOR-XYZ",
    )
    assert response.status_code == 200  # the receipt is shown in place, no redirect
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert Report.objects.count() == 1
    assert _database_contains(MARKER) == []
    assert _database_contains("203.0.113.77") == []
    assert _database_contains("UA-PELAPOR-XYZ") == []
    # No precise time for reporters: no audit event (it would carry one), dates only.
    assert AuditEvent.objects.count() == events
    for field in Report._meta.concrete_fields:
        assert field.get_internal_type() != "DateTimeField", field.name


def test_the_receipt_is_shown_once_in_groups_and_opens_the_report(tree: Tree) -> None:
    report, receipt = submit()
    assert len(receipt) == 25 and receipt.isdigit()  # 25 digits ≈ 83 bits
    assert report.receipt_index == receipts.index_of(receipt)
    assert receipt.encode() not in bytes(report.receipt_verifier)
    opened, key = services.report_open_by_receipt(
        actor=Public("web"), receipt=receipts.grouped(receipt)
    )
    assert opened == report
    assert MARKER in services.read_content(report, key).what


def test_a_wrong_receipt_is_refused_without_saying_why(tree: Tree) -> None:
    _report, receipt = submit()
    forged = receipt[:-1] + str((int(receipt[-1]) + 1) % 10)
    for attempt in (forged, "123", "abc" * 9):
        with pytest.raises(ValidationError) as exc:
            services.report_open_by_receipt(actor=Public("web"), receipt=attempt)
        assert exc.value.code == "receipt"


def test_guessing_is_throttled_by_a_shared_counter(tree: Tree) -> None:
    _report, receipt = submit()
    for _ in range(services.RECEIPT_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.report_open_by_receipt(actor=Public("web"), receipt="0" * 25)
    with pytest.raises(ValidationError) as exc:
        services.report_open_by_receipt(actor=Public("web"), receipt=receipt)
    assert exc.value.code == "rate_limited"


def test_reporter_follows_up_by_post_and_exchanges_messages(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    private = enrol(handler)
    report, receipt = submit()
    services.handler_message(
        actor=handler, report=report, private_key=private, text="Kapan terakhir terjadi?"
    )
    client = Client()
    page = client.post("/wbs/lacak/", {"action": "open", "receipt": receipts.grouped(receipt)})
    assert page.status_code == 200
    assert "Kapan terakhir terjadi?" in page.content.decode()
    assert "Set-Cookie" not in page.headers
    sent = client.post(
        "/wbs/lacak/", {"action": "message", "receipt": receipt, "text": "Minggu lalu."}
    )
    assert sent.status_code == 200 and "Minggu lalu." in sent.content.decode()
    content = services.read_content(
        report, services.report_key_for(actor=handler, report=report, private_key=private)
    )
    assert [m[1] for m in content.messages] == ["Kapan terakhir terjadi?", "Minggu lalu."]
    bad = client.post("/wbs/lacak/", {"action": "open", "receipt": "1" * 25})
    assert "Minggu lalu." not in bad.content.decode()


def test_the_reporter_pages_set_no_cookie(tree: Tree) -> None:
    client = Client()
    for url in ("/wbs/", "/wbs/lacak/", "/wbs/selesai/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert 'rel="icon" href="data:,"' in response.content.decode()


def test_leaving_clears_the_site_data(tree: Tree) -> None:
    response = Client().post("/wbs/selesai/")
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_a_handler_reads_after_signing_in(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    report, _receipt = submit(identity={"name": f"Identitas {MARKER}-ID"})
    client = sign_in(handler)
    page = client.get(f"/app/wbs/{report.number}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert MARKER in body
    assert f"{MARKER}-ID" not in body  # identity stays with the custodian
    assert AuditEvent.objects.filter(action="whistleblowing.report_open").exists()
    assert MARKER not in str(list(AuditEvent.objects.values()))


def test_sign_in_enrols_a_handler_without_a_key(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    sign_in(handler)
    assert services.active_key(handler) is not None
    assert services.handler_key_unlock(user=handler, password=PASSWORD) is not None
    assert services.handler_key_unlock(user=handler, password="wrong") is None


def test_without_the_key_in_session_a_handler_sees_no_content(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    report, _receipt = submit()
    client = Client()
    client.force_login(handler)  # no password typed: the key stays locked
    page = client.get(f"/app/wbs/{report.number}/")
    assert page.status_code == 200
    assert MARKER not in page.content.decode()
    assert 'id="no-key"' in page.content.decode()


def test_an_admin_without_a_key_reads_nothing(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    report, _receipt = submit()
    admin = tree.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = sign_in(admin)
    for url in (
        f"/app/wbs/{report.number}/",
        "/app/wbs/",
        f"/admin/whistleblowing/report/{report.pk}/change/",
        "/admin/whistleblowing/report/",
        "/admin/whistleblowing/message/",
    ):
        response = client.get(url)
        assert response.status_code in {302, 404}, url
        assert MARKER not in response.content.decode()
    for url in ("/api/v1/wbs/stats", "/api/v1/openapi.json", "/app/audit/"):
        response = client.get(url)
        assert MARKER not in response.content.decode(), url
    with pytest.raises(PermissionDenied):
        services.report_key_for(actor=admin, report=report, private_key=crypto.new_key_pair()[1])


def test_no_key_no_content(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    report, _receipt = submit()  # submitted before the handler had any key
    private = enrol(handler)
    with pytest.raises(PermissionDenied):
        services.report_key_for(actor=handler, report=report, private_key=private)


def test_rotation_keeps_reports_readable(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    old_private = enrol(handler)
    report, _receipt = submit()
    new_key, new_private = services.handler_key_rotate(
        actor=handler, private_key=old_private, password=PASSWORD
    )
    assert new_private != old_private
    key = services.report_key_for(actor=handler, report=report, private_key=new_private)
    assert MARKER in services.read_content(report, key).what
    with pytest.raises(PermissionDenied):
        services.report_key_for(actor=handler, report=report, private_key=old_private)
    assert services.handler_key_unlock(user=handler, password=PASSWORD) == (new_key.pk, new_private)


def test_rotation_through_the_workspace(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    report, _receipt = submit()
    client = sign_in(handler)
    response = client.post("/app/wbs/kunci/rotasi/", {"password": PASSWORD})
    assert response.status_code == 302
    assert MARKER in client.get(f"/app/wbs/{report.number}/").content.decode()


def test_a_grant_gives_a_new_handler_the_reports(tree: Tree) -> None:
    first = tree.users["pengelola_wbs"]
    first_private = enrol(first)
    report, _receipt = submit()
    second = UserFactory(username="wbs2")
    grant(second, Role.PENGELOLA_WBS, tree.pemda)
    second_private = enrol(second)
    with pytest.raises(PermissionDenied):
        services.report_key_for(actor=second, report=report, private_key=second_private)
    assert services.access_grant(actor=first, private_key=first_private, to_user=second) == 1
    key = services.report_key_for(actor=second, report=report, private_key=second_private)
    assert MARKER in services.read_content(report, key).what


def test_the_recovery_key_restores_access_after_a_password_reset(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    _recovery, recovery_private = services.recovery_key_create(
        actor=System("test"), pemda=tree.pemda
    )
    report, _receipt = submit()
    # An administrator resets the password: the old key can no longer be unwrapped.
    handler.set_password("a-new-password-123")
    handler.save()
    assert services.handler_key_unlock(user=handler, password="a-new-password-123") is None
    # The offline recovery key re-seals the reports to a fresh key under the new password.
    from integritas.whistleblowing.models import HandlerKey

    HandlerKey.objects.filter(user=handler).update(active=False)
    private = enrol(handler, "a-new-password-123")
    with pytest.raises(PermissionDenied):
        services.report_key_for(actor=handler, report=report, private_key=private)
    services.recovery_restore(
        actor=System("test"),
        pemda=tree.pemda,
        recovery_private_key=recovery_private,
        to_user=handler,
    )
    key = services.report_key_for(actor=handler, report=report, private_key=private)
    assert MARKER in services.read_content(report, key).what


def test_a_conflicted_handler_can_neither_handle_nor_read(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    private = enrol(handler)
    report, _receipt = submit()
    services.conflict_declare(actor=handler, report=report, user=handler)
    with pytest.raises(PermissionDenied):
        services.report_key_for(actor=handler, report=report, private_key=private)
    with pytest.raises(PermissionDenied):
        services.report_investigate(actor=handler, report=report)
    client = sign_in(handler)
    assert client.get(f"/app/wbs/{report.number}/").status_code == 404
    assert report.number not in client.get("/app/wbs/").content.decode()


def test_handling_steps_set_working_day_deadlines(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    report, _receipt = submit()
    assert report.due_on > report.received_on
    triage_due = report.due_on
    services.report_investigate(actor=handler, report=report)
    assert report.due_on > triage_due
    services.report_forward(actor=handler, report=report, forwarded_to="kejaksaan")
    assert report.closed_on is not None
    audit = AuditEvent.objects.filter(target_id=str(report.pk)).values_list("after", flat=True)
    assert MARKER not in str(list(audit))


def test_api_submit_and_follow_up(tree: Tree) -> None:
    client = Client()
    created = client.post(
        "/api/v1/wbs/reports",
        {"category": "gratifikasi", "what": f"API {MARKER}"},
        content_type="application/json",
    )
    assert created.status_code == 201
    receipt = created.json()["receipt"]
    followed = client.post(
        "/api/v1/wbs/follow-up", {"receipt": receipt}, content_type="application/json"
    )
    assert followed.status_code == 200 and followed.json()["status"] == "triage"
    wrong = client.post(
        "/api/v1/wbs/follow-up", {"receipt": "9" * 25}, content_type="application/json"
    )
    assert wrong.status_code == 404
    sent = client.post(
        "/api/v1/wbs/messages",
        {"receipt": receipt, "text": "Tambahan keterangan"},
        content_type="application/json",
    )
    assert sent.status_code == 201
    followed = client.post(
        "/api/v1/wbs/follow-up", {"receipt": receipt}, content_type="application/json"
    )
    assert [m["text"] for m in followed.json()["messages"]] == ["Tambahan keterangan"]
    assert (
        client.post(
            "/api/v1/wbs/messages",
            {"receipt": "9" * 25, "text": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_evidence_is_cleaned_and_encrypted(tree: Tree) -> None:
    import io

    from PIL import Image

    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010E] = f"GPS {MARKER}"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    buffer.seek(0)
    buffer.name = f"foto-{MARKER}.jpg"
    response = Client().post(
        "/wbs/", {"category": "korupsi", "what": "Foto bukti", "evidence": [buffer]}
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert _database_contains(MARKER) == []
    report = Report.objects.get()
    client = sign_in(handler)
    page = client.get(f"/app/wbs/{report.number}/").content.decode()
    assert MARKER in page  # the file name is visible to the handler only
    attachment = report.attachments.get()
    data = client.get(f"/app/wbs/{report.number}/lampiran/{attachment.public_id}/")
    assert data.status_code == 200
    assert MARKER.encode() not in data.content  # EXIF description gone (re-encoded)
    assert data.content.startswith(b"\xff\xd8")


def test_demo_reports_are_readable_by_the_demo_handler(tree: Tree) -> None:
    from integritas.core.demo import DemoContext, demo_password
    from integritas.whistleblowing.demo import load_whistleblowing

    handler = tree.users["pengelola_wbs"]
    handler.set_password(demo_password("wbs"))
    handler.save()
    ctx = DemoContext(pemda=tree.pemda, users={"wbs": handler})
    load_whistleblowing(ctx)
    load_whistleblowing(ctx)  # idempotent
    assert Report.objects.count() == 6
    assert len(set(Report.objects.values_list("status", flat=True))) == 6
    unlocked = services.handler_key_unlock(user=handler, password=demo_password("wbs"))
    assert unlocked is not None
    for report in Report.objects.all():
        key = services.report_key_for(actor=handler, report=report, private_key=unlocked[1])
        assert services.read_content(report, key).what


def test_identity_needs_another_managers_recorded_approval(tree: Tree) -> None:
    handler = tree.users["pengelola_wbs"]
    handler_private = enrol(handler)
    manager = UserFactory(username="wbs_manager")
    grant(manager, Role.PENGELOLA_WBS, tree.pemda)
    manager_private = enrol(manager)
    report, receipt = submit(identity={"name": "Budi Pelapor"})
    with pytest.raises(PermissionDenied):
        services.identity_read(actor=handler, report=report, private_key=handler_private)
    with pytest.raises(PermissionDenied):  # nobody approves their own access
        services.identity_disclose(
            actor=handler, report=report, private_key=handler_private, handler=handler, reason="x"
        )
    with pytest.raises(ValidationError):
        services.identity_disclose(
            actor=manager, report=report, private_key=manager_private, handler=handler, reason=" "
        )
    client = sign_in(manager)
    response = client.post(
        f"/app/wbs/{report.number}/identitas/izin/",
        {"handler": handler.username, "reason": "Perlu klarifikasi langsung"},
    )
    assert response.status_code == 302
    assert "Perlu klarifikasi" not in str(list(AuditEvent.objects.values()))
    shown = sign_in(handler).post(f"/app/wbs/{report.number}/identitas/")
    assert shown.status_code == 200 and "Budi Pelapor" in shown.content.decode()
    assert AuditEvent.objects.filter(action="whistleblowing.identity_open").exists()
    # The reporter is told on their follow-up page.
    page = Client().post("/wbs/lacak/", {"action": "open", "receipt": receipt})
    assert "menyetujui" in page.content.decode() or "approved" in page.content.decode()


def test_overdue_reports_reach_the_dashboard_by_number_only(tree: Tree) -> None:
    import datetime as dt

    from integritas.core.dashboard import overdue_items

    report, _receipt = submit()
    Report.objects.filter(pk=report.pk).update(due_on=dt.date(2026, 1, 2))
    items = [i for i in overdue_items(tree.users["pengelola_wbs"]) if i.title == report.number]
    assert len(items) == 1 and MARKER not in str(items)
    assert report.number not in [i.title for i in overdue_items(tree.users["pimpinan"])]


def test_the_recovery_procedure_by_command(tree: Tree) -> None:
    import io

    from django.core.management import call_command

    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    out = io.StringIO()
    call_command("wbs_recovery", "create", "--pemda", tree.pemda.code, stdout=out)
    private_hex = "".join(out.getvalue().splitlines()[1].split())
    report, _receipt = submit()
    handler.set_password("password-baru-456")
    handler.save()
    call_command("wbs_recovery", "retire", "--user", handler.username, stdout=io.StringIO())
    client = sign_in(handler, "password-baru-456")  # enrols a new, empty key
    assert MARKER not in client.get(f"/app/wbs/{report.number}/").content.decode()
    import sys

    saved = sys.stdin
    sys.stdin = io.StringIO(private_hex)
    try:
        call_command(
            "wbs_recovery",
            "restore",
            "--pemda",
            tree.pemda.code,
            "--user",
            handler.username,
            stdout=io.StringIO(),
        )
    finally:
        sys.stdin = saved
    assert MARKER in client.get(f"/app/wbs/{report.number}/").content.decode()


def test_a_forbidden_or_oversized_file_is_refused_and_nothing_is_kept(tree: Tree) -> None:
    import io

    from integritas.whistleblowing.forms import MAX_FILE_BYTES

    exe = io.BytesIO(b"MZ" + b"\x00" * 200)
    exe.name = "bukti.pdf"
    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * (MAX_FILE_BYTES + 10))
    big.name = "besar.pdf"
    for upload in (exe, big):
        response = Client().post(
            "/wbs/", {"category": "korupsi", "what": "Ada bukti", "evidence": [upload]}
        )
        assert response.status_code == 200
        assert 'class="errors"' in response.content.decode()
        assert 'id="receipt"' not in response.content.decode()
    assert not Report.objects.exists()


def test_published_statistics_hold_counts_only(tree: Tree) -> None:
    from integritas.core.datasets import get_dataset

    report, _receipt = submit()
    services.report_reject(actor=System("test"), report=report)
    dataset = get_dataset("wbs-per-tahun")
    assert dataset is not None
    rows = dataset.rows()
    assert rows and rows[0][2] == 1 and rows[0][6] == 1
    assert MARKER not in str(rows)


def test_statistics_are_served_on_the_portal(tree: Tree) -> None:
    submit()
    client = Client()
    for url in (
        "/data/",
        "/data/wbs-per-tahun/",
        "/data/wbs-per-tahun.csv",
        "/data/katalog.jsonld",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.getvalue() if hasattr(response, "getvalue") else response.content
        assert MARKER.encode() not in body
