"""A TPI review that runs past its working days shows on the leaders' dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from integritas.assessment import services
from integritas.assessment.dashboard import overdue_reviews
from integritas.assessment.lke_template import load_template
from integritas.assessment.models import Assessment
from integritas.assessment.tests.factories import best_answers, fill_answers, make_assessment
from integritas.conftest import Tree
from integritas.core.actors import System


@pytest.mark.django_db
def test_review_overdue_after_fifteen_working_days(tree: Tree) -> None:
    a = make_assessment(tree.mpp, year=2026)
    fill_answers(a, best_answers(load_template()))
    services.assessment_submit(actor=System("test"), assessment=a)
    # Submitted Monday 2 March 2026, 10:00 WIB (the day itself is not counted). Working days:
    # 3–6, 9–13, 16–17 March (11); Nyepi 19 Mar with cuti bersama 18 Mar and Idulfitri with
    # cuti bersama 20, 23, 24 Mar are closed (holidays 0.108, SKB cuti bersama 2026); then
    # 25, 26, 27, 30 March (15). Due at the end of Monday 30 March 2026, 23:59:59 WIB.
    submitted = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)
    Assessment.objects.filter(pk=a.pk).update(submitted_at=submitted)
    due = dt.datetime(2026, 3, 30, 16, 59, 59, 999999, tzinfo=dt.UTC)
    assert overdue_reviews(tree.users["pimpinan"], now=due) == []
    items = overdue_reviews(tree.users["pimpinan"], now=due + dt.timedelta(seconds=1))
    assert [(i.unit, i.due) for i in items] == [(tree.mpp.name, due)]
    assert overdue_reviews(tree.users["nobody"], now=due + dt.timedelta(days=1)) == []
