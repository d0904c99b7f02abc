"""Statistics, the LKE feed and the demo data (counted, never typed in)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.test import Client
from django.utils import timezone

from integritas.complaints import selectors, services
from integritas.complaints.choices import Channel, ReferralAgency, Status
from integritas.complaints.demo import load_complaints
from integritas.complaints.models import Complaint
from integritas.complaints.tests.conftest import People
from integritas.complaints.tests.factories import answered, at, forwarded, make_complaint
from integritas.conftest import Tree
from integritas.core.actors import Public
from integritas.core.choices import Role
from integritas.core.demo import DemoContext
from integritas.core.feeds import get_feed
from integritas.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(monkeypatch: pytest.MonkeyPatch, tree: Tree, people: People) -> dict[str, Complaint]:
    def freeze(when: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: when)

    made: dict[str, Complaint] = {}
    freeze(at(2025, 3, 3))
    made["resolved1"] = answered(
        make_complaint(), manager=people.manager, handler=people.dinkes, to=tree.dinkes
    )
    made["resolved2"] = answered(
        make_complaint(channel=Channel.API),
        manager=people.manager,
        handler=people.dinkes,
        to=tree.puskesmas,
    )
    services.complaint_close(actor=people.manager, complaint=made["resolved2"])
    made["rejected"] = services.complaint_reject(
        actor=people.manager, complaint=make_complaint(), reason="Iklan, bukan pengaduan."
    )
    made["referred"] = services.complaint_refer(
        actor=people.manager,
        complaint=make_complaint(),
        agency=ReferralAgency.POLRES,
        reference="LP/77/2025",
    )
    made["duplicate"] = services.complaint_mark_duplicate(
        actor=people.manager, complaint=make_complaint(), original=made["resolved1"]
    )
    freeze(at(2025, 12, 31, 23, 30))  # still 2025 in WIB (16:30 UTC)
    made["open2025"] = forwarded(make_complaint(), manager=people.manager, to=tree.dinkes)
    freeze(at(2026, 2, 2))
    made["late2026"] = make_complaint()
    freeze(at(2026, 2, 20))  # 3 working days after 2 Feb 2026 ended on 5 Feb
    made["late2026"] = forwarded(made["late2026"], manager=people.manager, to=tree.dpmptsp)
    made["answered2026"] = answered(
        make_complaint(), manager=people.manager, handler=people.dpmptsp, to=tree.mpp
    )
    return made


def test_statistics_count_outcomes_apart_and_year_over_year(
    tree: Tree, two_years: dict[str, Complaint]
) -> None:
    s2025 = selectors.statistics_for(viewer=tree.users["pimpinan"], year=2025)
    assert s2025.total == 6
    assert s2025.outcomes == {
        "resolved": 2,
        "rejected": 1,
        "referred": 1,
        "duplicate": 1,
        "open": 1,
    }
    assert s2025.share("resolved") == Fraction(2, 6)  # closed is not resolved on its own
    assert dict(s2025.by_channel)["API"] == 1
    assert dict(s2025.by_month)[3] == 5 and dict(s2025.by_month)[12] == 1
    s2026 = selectors.statistics_for(viewer=tree.users["pimpinan"], year=2026)
    assert (s2026.total, s2026.previous_total) == (2, 6)
    assert s2026.change == Fraction(-4, 6)
    assert (s2026.forward_met, s2026.forward_measured) == (1, 2)  # late2026 missed its 3 days
    assert (s2026.answer_met, s2026.answer_measured) == (1, 1)


def test_statistics_are_scoped(tree: Tree, two_years: dict[str, Complaint]) -> None:
    timzi = tree.users["tim_zi"]  # scoped to DPMPTSP
    stats = selectors.statistics_for(viewer=timzi, year=2026)
    assert stats.total == 2 and dict(stats.by_unit) == {"DPMPTSP": 2}
    assert selectors.statistics_for(viewer=timzi, year=2025).total == 0


def test_lke_feed(tree: Tree, two_years: dict[str, Complaint]) -> None:
    value = get_feed("lke.complaint_ratio", tree.dinkes, 2025)
    assert value is not None
    # forwarded to Dinkes and its puskesmas in 2025: resolved1, resolved2, open2025 → 2 of 3
    assert (value.numerator, value.denominator, value.value) == (2, 3, Fraction(2, 3))
    assert "2025" in value.source
    assert get_feed("lke.complaint_ratio", tree.dinkes, 2024) is None


def test_statistics_page_and_json(
    client: Client, tree: Tree, two_years: dict[str, Complaint]
) -> None:
    client.force_login(tree.users["pimpinan"])
    page = client.get("/app/pengaduan/statistik/?tahun=2025")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "66,67 %" in text  # LKE ratio of Dinkes: 2/3
    data = client.get("/app/pengaduan/statistik.json?tahun=2026").json()
    assert data["total"] == 2 and data["previous_total"] == 6 and data["change"] == -0.6667
    client.force_login(tree.users["nobody"])
    assert client.get("/app/pengaduan/statistik/").status_code == 404


def test_demo_data_falls_by_more_than_40_percent_in_every_state(tree: Tree) -> None:
    ctx = DemoContext(pemda=tree.pemda, orgs={"DINKES": tree.dinkes, "DPMPTSP": tree.dpmptsp})
    load_complaints(ctx)
    count = Complaint.objects.count()
    assert count > 600
    counted = selectors.volume_by_year(viewer=tree.users["pimpinan"], years=[2025, 2026])
    (_y1, first), (_y2, second) = counted
    assert (second - first) / first < -0.40
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    assert AuditEvent.objects.filter(action="complaint.demo_import").count() == count
    load_complaints(ctx)  # idempotent
    assert Complaint.objects.count() == count


def test_a_reopened_complaint_is_not_counted_as_resolved(
    monkeypatch: pytest.MonkeyPatch, client: Client, tree: Tree, people: People
) -> None:
    monkeypatch.setattr(timezone, "now", lambda: at(2025, 3, 3))
    c = answered(make_complaint(), manager=people.manager, handler=people.dinkes, to=tree.dinkes)
    before = selectors.statistics_for(viewer=tree.users["pimpinan"], year=2025)
    assert before.outcomes == {"resolved": 1}
    services.complaint_reopen(
        actor=Public("web"), complaint=c, message="Loket tambahan tidak pernah dibuka."
    )
    stats = selectors.statistics_for(viewer=tree.users["pimpinan"], year=2025)
    assert stats.outcomes == {"open": 1}
    assert stats.share("resolved") is None or stats.share("resolved") == 0
    assert [(u.organisation, u.finished, u.to_follow_up) for u in stats.unit_ratios] == [
        (tree.dinkes, 0, 1)
    ]
    feed = get_feed("lke.complaint_ratio", tree.dinkes, 2025)
    assert feed is not None and (feed.numerator, feed.denominator) == (0, 1)
    client.force_login(tree.users["pimpinan"])
    data = client.get("/app/pengaduan/statistik.json?tahun=2025").json()
    assert data["outcomes"] == {"open": 1}
    assert data["lke_ratio"] == [
        {"unit": tree.dinkes.name, "finished": 0, "to_follow_up": 1, "ratio": 0.0}
    ]
    # answered again: resolved once more
    services.complaint_answer(
        actor=people.dinkes, complaint=c, message="Loket sudah dibuka hari ini."
    )
    again = selectors.statistics_for(viewer=tree.users["pimpinan"], year=2025)
    assert again.outcomes == {"resolved": 1}


#: Who may read the statistics — written out here, not read from PERMISSIONS, so that a
#: loosened (or tightened) permission fails this test.
STATS_READERS = {"pengelola_pengaduan", "pimpinan", "tpi", "tim_zi", "pengamat"}


@pytest.mark.parametrize("role", [*[r.value for r in Role], "nobody"])
def test_statistics_page_only_for_roles_holding_view_stats(
    client: Client, tree: Tree, role: str
) -> None:
    client.force_login(tree.users[role])
    expected = 200 if role in STATS_READERS else 404
    assert client.get("/app/pengaduan/statistik/").status_code == expected
    assert client.get("/app/pengaduan/statistik.json").status_code == expected
    assert client.post("/app/pengaduan/statistik/").status_code in {404, 405}


def test_statistics_page_shows_an_opd_handler_only_their_opd(
    client: Client, tree: Tree, people: People, two_years: dict[str, Complaint]
) -> None:
    client.force_login(people.dpmptsp)  # handler of DPMPTSP, not of Dinkes
    data = client.get("/app/pengaduan/statistik.json?tahun=2025").json()
    assert data["total"] == 0 and data["by_unit"] == [] and data["lke_ratio"] == []
    data = client.get("/app/pengaduan/statistik.json?tahun=2026").json()
    assert data["total"] == 2 and {u["unit"] for u in data["by_unit"]} == {"DPMPTSP"}
    page = client.get("/app/pengaduan/statistik/?tahun=2025").content.decode()
    assert tree.dinkes.name not in page
    client.force_login(people.dinkes)
    data = client.get("/app/pengaduan/statistik.json?tahun=2025").json()
    assert data["total"] == 3 and {u["unit"] for u in data["by_unit"]} == {tree.dinkes.name}
