"""Handlers are told of new reports and messages: case number and link only (issue 12, item 3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from integritas.conftest import Tree
from integritas.core.actors import Public
from integritas.whistleblowing import services
from integritas.whistleblowing.tests.factories import MARKER, enrol, submit

pytestmark = pytest.mark.django_db


def _no_content(message: Any) -> None:
    text = f"{message.subject}\n{message.body}"
    assert MARKER not in text
    assert "Kantor" not in text  # the "where" field
    assert "korupsi" not in text.lower()  # not even the category
    assert "Pelapor" not in text


def test_a_new_report_tells_the_handlers_after_commit_without_content(
    tree: Tree, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report, _receipt = submit(identity={"name": f"Pelapor {MARKER}"})
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [handler.email]
    assert report.number in sent.subject
    assert f"/app/wbs/{report.number}/" in sent.body
    assert "://" in sent.body  # an absolute link
    _no_content(sent)


def test_a_reporter_message_tells_the_handlers_without_its_text(
    tree: Tree, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    enrol(tree.users["pengelola_wbs"])
    report, receipt = submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reporter_message(
            actor=Public("web"), receipt=receipt, text=f"Bukti tambahan {MARKER}"
        )
    assert len(mail.outbox) == 1
    assert report.number in mail.outbox[0].subject
    _no_content(mail.outbox[0])


def test_a_conflicted_handler_is_not_told(
    tree: Tree, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from integritas.whistleblowing.models import Conflict

    handler = tree.users["pengelola_wbs"]
    enrol(handler)
    report, receipt = submit()
    Conflict.objects.create(report=report, user=handler, declared_on=report.received_on)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reporter_message(actor=Public("web"), receipt=receipt, text="Tambahan")
    assert mail.outbox == []
