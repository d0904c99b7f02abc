"""PW-P i and iv figures offered to the LKE as evidence beside the A/B/C items, never as the
answer (issue 12, items 7 and 9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from integritas.assessment.models import Answer
from integritas.assessment.tests.factories import make_assessment
from integritas.conftest import Tree
from integritas.core.feeds import available_feeds, get_feed
from integritas.gratification.tests.factories import report

pytestmark = pytest.mark.django_db


def test_gratification_figures_count_without_names(tree: Tree) -> None:
    employee = tree.users["pengelola_pengaduan"]
    report(employee, tree.pemda, received_on=dt.date(2026, 3, 2), giver="PT Rahasia Sekali")
    report(employee, tree.pemda, received_on=dt.date(2026, 3, 3), form="penolakan", value=500_000)
    assert get_feed("lke.gratification", tree.mpp, 2025) is None
    fed = get_feed("lke.gratification", tree.mpp, 2026)
    assert fed is not None
    assert fed.denominator == 2
    assert "2 " in fed.source and "Rp2.500.000" in fed.source
    assert "Rahasia" not in fed.source and employee.get_full_name() not in fed.source


def test_the_wbs_feed_is_declared(tree: Tree) -> None:
    assert {"lke.wbs", "lke.gratification"} <= set(available_feeds())
    assert get_feed("lke.wbs", tree.mpp, 2026) is None  # nothing received


def test_the_lke_page_offers_the_figures_and_keeps_the_answer_empty(
    tree: Tree, settings: Any
) -> None:
    settings.WBS_KDF_COST = "minimal"
    from integritas.whistleblowing.tests.factories import submit

    employee = tree.users["pengelola_pengaduan"]
    report(employee, tree.pemda, received_on=dt.date(2026, 3, 2))
    submit()
    assert get_feed("lke.wbs", tree.mpp, 2026) is not None
    a = make_assessment(tree.mpp, year=2026)
    client = Client()
    client.force_login(tree.users["tim_zi"])
    page = client.get(f"/app/lke/{a.public_id}/area/PPE/").content.decode()
    assert "Figures from Integritas" in page or "Angka dari Integritas" in page
    assert "WBS 2026" in page
    assert not Answer.objects.filter(
        assessment=a, code__in=["PPE1A", "PPE1B", "PPE4A", "PPE4B", "PPE4C"]
    ).exists()
