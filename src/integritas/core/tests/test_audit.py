"""The audit trail is append-only and hash-chained; tampering is detected (issue 2, item 6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from integritas.conftest import Tree
from integritas.core import services
from integritas.core.actors import System
from integritas.core.audit import verify_chain
from integritas.core.models import AuditEvent, Organisation

DROP = {
    "sqlite": ["DROP TRIGGER core_auditevent_no_update", "DROP TRIGGER core_auditevent_no_delete"],
    "postgresql": [
        "DROP TRIGGER core_auditevent_no_update ON core_auditevent",
    ],
}


def _drop_triggers() -> None:
    """What an attacker with database access would do first.

    DDL is transactional on SQLite and PostgreSQL, so the test transaction restores them.
    """
    with connection.cursor() as cursor:
        for sql in DROP[connection.vendor]:
            cursor.execute(sql)


@pytest.mark.django_db
def test_services_write_a_verifiable_chain(tree: Tree) -> None:
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].action == "organisation.create"
    assert events[0].after is not None and events[0].after["code"] == "3299"
    assert verify_chain() == []
    call_command("verify_audit")


@pytest.mark.django_db
def test_database_refuses_update_and_delete(tree: Tree) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE seq = 1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = 1")
    event = AuditEvent.objects.get(seq=1)
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db
def test_verifier_catches_a_changed_row(tree: Tree) -> None:
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_label = 'someone-else' WHERE seq = 3")
    problems = verify_chain()
    assert [(p.seq, p.problem) for p in problems] == [(3, "content does not match its hash")]
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verifier_catches_a_changed_before_after_value(tree: Tree) -> None:
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET after = %s WHERE seq = 2", ['{"code": "FORGED"}']
        )
    assert [p.seq for p in verify_chain()] == [2]


@pytest.mark.django_db
def test_verifier_catches_deleted_rows(tree: Tree) -> None:
    _drop_triggers()
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    assert last is not None and last > 5
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = 4")
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [last])
    problems = {(p.seq, p.problem.split(" ")[0]) for p in verify_chain()}
    assert (5, "missing") in problems  # the gap where #4 was
    assert (5, "link") in problems  # #5 no longer links to its predecessor
    assert any(p[1] == "chain" for p in problems)  # the removed tail


@pytest.mark.django_db
def test_failed_service_leaves_no_audit_event(tree: Tree) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.organisation_move(
            actor=System("test"), organisation=tree.dpmptsp, new_parent=tree.mpp
        )
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_audit_event_records_request_id_actor_and_change(client: object, tree: Tree) -> None:
    from django.test import Client

    assert isinstance(client, Client)
    admin = tree.users["admin"]
    client.force_login(admin)
    response = client.post(
        f"/app/organisasi/{tree.dinkes.public_id}/tambah/",
        {"new-code": "LAB", "new-name": "UPT Labkesda", "new-kind": "upt"},
        HTTP_X_REQUEST_ID="req-12345678",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.actor, event.request_id) == (
        "organisation.create",
        admin,
        "req-12345678",
    )
    assert event.after is not None and event.after["name"] == "UPT Labkesda"
    assert Organisation.objects.filter(code="LAB", parent=tree.dinkes).exists()
