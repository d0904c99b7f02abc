"""An incomplete report not completed in time is not processed (20 working days under
Peraturan KPK 1/2026, 30 before), closed by the due-date sweep (issue 12, item 9)."""

from __future__ import annotations

import datetime as dt

import pytest

from integritas.conftest import Tree
from integritas.core import clock
from integritas.core.actors import System
from integritas.core.registry import sweeps
from integritas.core.selectors import calendar_for
from integritas.gratification import services
from integritas.gratification.choices import Status
from integritas.gratification.models import GratificationReport
from integritas.gratification.tests.factories import report

pytestmark = pytest.mark.django_db

ASKED = dt.datetime(2026, 2, 2, 3, 0, tzinfo=dt.UTC)  # Monday 10:00 WIB


def _at(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(clock, "now", lambda: moment)


def _incomplete(tree: Tree, received_on: dt.date) -> GratificationReport:
    r = report(tree.users["pengelola_pengaduan"], tree.pemda, received_on=received_on)
    return services.report_ask_completion(actor=tree.users["upg"], report=r)


def _working_days(tree: Tree, start: dt.date, end: dt.date) -> int:
    cal = calendar_for(tree.pemda)
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        days += cal.is_working_day(day)
    return days


@pytest.mark.parametrize(
    ("received_on", "days"),
    [(dt.date(2026, 1, 19), 30), (dt.date(2026, 1, 20), 20)],
    ids=["2-2019", "1-2026"],
)
def test_the_sweep_closes_a_report_the_day_after_its_completion_deadline(
    tree: Tree, monkeypatch: pytest.MonkeyPatch, received_on: dt.date, days: int
) -> None:
    _at(monkeypatch, ASKED)
    r = _incomplete(tree, received_on)
    assert r.completion_due is not None
    assert _working_days(tree, clock.today(tree.pemda), r.completion_due) == days
    sweep = sweeps()["gratification.lapsed"]
    # On the last day it may still be completed: the sweep leaves it alone.
    _at(monkeypatch, dt.datetime.combine(r.completion_due, dt.time(9), tzinfo=dt.UTC))
    assert sweep() == 0
    r.refresh_from_db()
    assert r.status == Status.INCOMPLETE
    # The next day it is not processed.
    _at(monkeypatch, dt.datetime.combine(r.completion_due, dt.time(18), tzinfo=dt.UTC))
    assert sweep() == 1  # 01:00 WIB the next day
    r.refresh_from_db()
    assert r.status == Status.NOT_PROCESSED
    assert sweep() == 0  # once


def test_the_old_rule_gives_more_time_than_the_new(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, ASKED)
    old = _incomplete(tree, dt.date(2026, 1, 19))
    new = _incomplete(tree, dt.date(2026, 1, 20))
    assert old.completion_due and new.completion_due
    assert old.completion_due > new.completion_due
    _at(monkeypatch, dt.datetime.combine(new.completion_due, dt.time(18), tzinfo=dt.UTC))
    assert services.sweep_lapsed(actor=System("test")) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (Status.INCOMPLETE, Status.NOT_PROCESSED)


def test_a_completed_report_is_never_closed_and_people_cannot_close(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.exceptions import PermissionDenied

    _at(monkeypatch, ASKED)
    employee = tree.users["pengelola_pengaduan"]
    r = _incomplete(tree, dt.date(2026, 1, 20))
    with pytest.raises(PermissionDenied):
        services.report_lapse(actor=tree.users["upg"], report=r)
    services.report_complete(actor=employee, report=r, description="Jam tangan, merek X")
    _at(monkeypatch, ASKED + dt.timedelta(days=90))
    assert services.sweep_lapsed(actor=System("test")) == 0
    r.refresh_from_db()
    assert r.status == Status.SUBMITTED
