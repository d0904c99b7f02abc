"""Employee reports: exemption by date received, working-day deadlines, bad input, UPG flow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from integritas.conftest import Tree
from integritas.core.actors import System
from integritas.core.choices import OverrideKind
from integritas.core.services import calendar_override_set
from integritas.gratification import services
from integritas.gratification.models import GratificationReport
from integritas.gratification.tests.factories import report

pytestmark = pytest.mark.django_db


def test_deadlines_skip_weekends_holidays_and_cuti_bersama(tree: Tree) -> None:
    # Received Friday 2026-03-13. Working days after it skip weekends, Nyepi (Thu 19 March),
    # Idul Fitri 20–21 March with its cuti bersama (18, 23, 24 March in the 2026 SKB).
    to_upg, to_kpk = services.deadlines(tree.pemda, dt.date(2026, 3, 13))
    from integritas.core.selectors import calendar_for

    cal = calendar_for(tree.pemda)
    day, counted = dt.date(2026, 3, 13), 0
    while counted < 10:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            counted += 1
    assert to_upg == day
    assert (to_upg - dt.date(2026, 3, 13)).days > 14  # more than two plain weeks
    for closure in (dt.date(2026, 3, 19), dt.date(2026, 3, 20), dt.date(2026, 3, 14)):
        assert not cal.is_working_day(closure)
    assert to_kpk > to_upg


def test_a_local_closure_moves_the_deadline(tree: Tree) -> None:
    before, _ = services.deadlines(tree.pemda, dt.date(2026, 6, 1))
    calendar_override_set(
        actor=System("test"),
        pemda=tree.pemda,
        date=dt.date(2026, 6, 3),
        kind=OverrideKind.CLOSURE,
        reason="Hari jadi",
    )
    after, _ = services.deadlines(tree.pemda, dt.date(2026, 6, 1))
    assert after > before


def test_exemption_is_judged_by_the_date_received(tree: Tree) -> None:
    user = tree.users["upg"]
    old = report(
        user, tree.pemda, occasion="upacara", value=1_200_000, received_on=dt.date(2026, 1, 19)
    )
    new = report(
        user,
        tree.pemda,
        occasion="upacara",
        value=1_200_000,
        received_on=dt.date(2026, 1, 20),
        giver="Lain",
    )
    assert (old.regulation, old.exempt) == ("Peraturan KPK 2/2019", False)
    assert (new.regulation, new.exempt) == ("Peraturan KPK 1/2026", True)


def test_bad_values_and_dates_are_refused(tree: Tree) -> None:
    user = tree.users["upg"]
    for overrides in (
        {"value": -1},
        {"value": 10**15},
        {"received_on": dt.date(2999, 1, 1)},
    ):
        with pytest.raises(ValidationError):
            report(user, tree.pemda, **overrides)
    assert not GratificationReport.objects.exists()


def test_an_employee_reports_and_the_upg_takes_it_to_the_hand_over(tree: Tree) -> None:
    employee = tree.users["operator_layanan"]
    client = Client()
    client.force_login(employee)
    response = client.post(
        "/app/gratifikasi/lapor/",
        {
            "form": "penerimaan",
            "giver": "PT Maju",
            "relation": "layanan",
            "occasion": "kedinasan",
            "object_kind": "barang",
            "description": "Tas kulit",
            "value": "1500000",
            "received_on": "2026-03-02",
            "place": "Kantor",
            "kept_at": "upg",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = GratificationReport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "harus dilaporkan" in page or "must be reported" in page
    upg = Client()
    upg.force_login(tree.users["upg"])
    base = f"/app/gratifikasi/{created.public_id}/aksi"
    assert upg.post(f"{base}/verify/").status_code == 302
    assert upg.post(f"{base}/forward/", {"gol_number": ""}).status_code == 400
    assert upg.post(f"{base}/forward/", {"gol_number": "GOL-99"}).status_code == 302
    assert (
        upg.post(f"{base}/decide/", {"decision": "milik_negara", "decree": "KEP-1"}).status_code
        == 302
    )
    assert upg.post(f"{base}/hand_over/").status_code == 302
    created.refresh_from_db()
    assert created.status == "handed_over" and created.handed_over_on is not None
    # The employee cannot act for the UPG; others cannot see it.
    assert client.post(f"{base}/verify/").status_code == 404
    other = Client()
    other.force_login(tree.users["perencana"])
    assert other.get(f"/app/gratifikasi/{created.public_id}/").status_code == 404


def test_completion_period_follows_the_rules(tree: Tree) -> None:
    user = tree.users["upg"]
    old = report(user, tree.pemda, received_on=dt.date(2025, 12, 1))
    new = report(user, tree.pemda, received_on=dt.date(2026, 2, 2), giver="Lain")
    services.report_ask_completion(actor=System("test"), report=old)
    services.report_ask_completion(actor=System("test"), report=new)
    assert old.completion_due is not None and new.completion_due is not None
    assert old.completion_due > new.completion_due  # 30 working days before 1/2026, 20 after


def test_demo_loads_both_periods(tree: Tree) -> None:
    from integritas.core.demo import DemoContext
    from integritas.gratification.demo import load_gratification

    load_gratification(DemoContext(pemda=tree.pemda, users={"upg": tree.users["upg"]}))
    reports = GratificationReport.objects.all()
    assert {r.regulation for r in reports} == {"Peraturan KPK 2/2019", "Peraturan KPK 1/2026"}
    assert {True, False} <= {r.exempt for r in reports}
    assert {True, False} <= {r.late for r in reports}
    assert len({r.status for r in reports}) == 6


def test_overdue_items_for_the_upg_without_names(tree: Tree) -> None:
    from integritas.core.dashboard import overdue_items

    late = report(tree.users["operator_layanan"], tree.pemda, received_on=dt.date(2026, 1, 5))
    GratificationReport.objects.filter(pk=late.pk).update(reported_on=dt.date(2026, 1, 6))
    titles = [item.title for item in overdue_items(tree.users["upg"])]
    assert late.public_id in titles
    assert overdue_items(tree.users["perencana"]) == [] or late.public_id not in [
        i.title for i in overdue_items(tree.users["perencana"])
    ]


def test_kpk_export_lists_verified_reports_for_the_upg(tree: Tree) -> None:
    employee = tree.users["operator_layanan"]
    made = report(employee, tree.pemda)
    services.report_verify(actor=System("test"), report=made)
    upg = Client()
    upg.force_login(tree.users["upg"])
    response = upg.get("/app/gratifikasi/ekspor-kpk/")
    body = response.getvalue().decode()
    assert "Nama pemberi" in body and "PT Contoh" in body and employee.full_name in body
    other = Client()
    other.force_login(tree.users["pimpinan"])
    assert other.get("/app/gratifikasi/ekspor-kpk/").status_code == 404


def test_published_recap_has_no_names(tree: Tree) -> None:
    from integritas.core.datasets import get_dataset

    report(tree.users["operator_layanan"], tree.pemda, giver="Nama Pemberi Rahasia")
    dataset = get_dataset("gratifikasi-per-tahun")
    assert dataset is not None
    rows = dataset.rows()
    assert rows and rows[0][2] == 1 and rows[0][3] == 2_000_000
    assert "Rahasia" not in str(rows) and tree.users["operator_layanan"].full_name not in str(rows)
