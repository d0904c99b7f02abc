"""The UPG and the employee are told of each step: number and link only (issue 12, item 3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from integritas.conftest import Tree
from integritas.core.actors import System
from integritas.gratification import services
from integritas.gratification.tests.factories import report

pytestmark = pytest.mark.django_db

SECRET_GIVER = "PT Pemberi Rahasia"
SECRET_OBJECT = "Arloji emas bertatah"


def _no_content(message: Any, reporter_name: str) -> None:
    text = f"{message.subject}\n{message.body}"
    for secret in (SECRET_GIVER, SECRET_OBJECT, "2.000.000", "2000000", "Kantor"):
        assert secret not in text
    if reporter_name:
        assert reporter_name not in text


def test_the_upg_is_told_of_a_new_report_and_the_employee_of_each_step(
    tree: Tree, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    employee = tree.users["pengelola_pengaduan"]
    upg = tree.users["upg"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        r = report(employee, tree.pemda, giver=SECRET_GIVER, description=SECRET_OBJECT)
    assert mail.outbox == []  # only after the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[upg.email]]
    assert r.public_id in mail.outbox[0].subject
    assert f"/app/gratifikasi/{r.public_id}/" in mail.outbox[0].body
    assert "://" in mail.outbox[0].body
    _no_content(mail.outbox[0], employee.get_full_name())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_verify(actor=upg, report=r)
        services.report_forward(actor=upg, report=r, gol_number="GOL-1")
    assert [m.to for m in mail.outbox] == [[employee.email], [employee.email]]
    for message in mail.outbox:
        assert r.public_id in message.subject
        _no_content(message, employee.get_full_name())


def test_a_refused_step_sends_nothing(
    tree: Tree, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    r = report(tree.users["pengelola_pengaduan"], tree.pemda)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.report_forward(actor=System("test"), report=r, gol_number="GOL-1")
    assert mail.outbox == []
