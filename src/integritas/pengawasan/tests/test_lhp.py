"""LHP summaries and their follow-up (TLHP): recorded, published, presented (issue 6; 9, 7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from integritas.conftest import Tree
from integritas.core import clock
from integritas.core.actors import Public, System
from integritas.core.datasets import dataset_rows, get_dataset
from integritas.core.models import AuditEvent
from integritas.pengawasan import services
from integritas.pengawasan.choices import LhpStatus, TlhpStatus
from integritas.pengawasan.models import Lhp
from integritas.pengawasan.tests.factories import TITLE, make_lhp

NEW_LHP = {
    "number": "LHP-1",
    "date": "2026-01-02",
    "title": "T",
    "summary": "S",
    "recommendations": "R1\nR2\n\n",
}


def _lhp(tree: Tree, number: str = "LHP-700/01/2026", n: int = 3) -> Lhp:
    return make_lhp(tree.dinkes, number=number, n=n, actor=tree.users["tpi"])


@pytest.mark.django_db
def test_unpublished_lhp_is_not_public(client: Client, tree: Tree) -> None:
    lhp = _lhp(tree)
    assert TITLE not in client.get("/transparansi/pengawasan/").content.decode()
    assert dataset_rows(get_dataset("lhp-ringkasan")) == []  # type: ignore[arg-type]  # registered
    services.lhp_publish(actor=tree.users["tpi"], lhp=lhp)
    page = client.get("/transparansi/pengawasan/").content.decode()
    assert TITLE in page
    assert "Ringkasan untuk publik." in page


@pytest.mark.django_db(transaction=False)
def test_tlhp_percentage_per_opd(tree: Tree) -> None:
    lhp = _lhp(tree, n=3)
    recs = list(lhp.rekomendasi.all())
    tpi = tree.users["tpi"]
    services.tlhp_update(actor=tpi, rekomendasi=recs[0], action="complete")
    services.tlhp_update(actor=tpi, rekomendasi=recs[1], action="start")
    services.lhp_publish(actor=tpi, lhp=lhp)
    rows = dataset_rows(get_dataset("tlhp-per-opd"))  # type: ignore[arg-type]  # registered
    # one of three done: 33.33 %, rounded half up to 2 decimals
    assert [list(r) for r in rows] == [
        [tree.dinkes.public_id, "Dinas Kesehatan", 3, 1, Decimal("33.33")]
    ]


@pytest.mark.django_db
def test_follow_up_after_publication_reaches_every_dataset(tree: Tree) -> None:
    lhp = _lhp(tree, n=1)
    services.lhp_publish(actor=tree.users["tpi"], lhp=lhp)
    recommendations = get_dataset("tlhp-rekomendasi")
    assert recommendations is not None
    assert [r[4] for r in dataset_rows(recommendations)] == ["Belum ditindaklanjuti"]
    services.tlhp_update(
        actor=tree.users["tpi"], rekomendasi=lhp.rekomendasi.get(), action="complete"
    )
    assert [r[4] for r in dataset_rows(recommendations)] == ["Selesai"]


@pytest.mark.django_db
def test_observers_see_published_summaries_before_the_public(tree: Tree) -> None:
    lhp = _lhp(tree)
    later = clock.today(tree.pemda) + dt.timedelta(days=7)
    services.lhp_publish(actor=tree.users["tpi"], lhp=lhp, public_from=later)
    anonymous = Client().get("/transparansi/pengawasan/").content.decode()
    observer = Client()
    observer.force_login(tree.users["pengamat"])
    early = observer.get("/transparansi/pengawasan/").content.decode()
    assert TITLE not in anonymous
    assert TITLE in early
    # the open data (for everyone) waits for the public date too
    assert Client().get("/data/lhp-ringkasan.csv").getvalue().decode("utf-8-sig").count("\n") == 1


@pytest.mark.django_db
def test_only_the_inspektorat_records_and_publishes(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["pimpinan"])
    response = client.post(
        "/app/pengawasan/lhp/baru/", {**NEW_LHP, "organisation": tree.dinkes.pk, "number": "X"}
    )
    assert response.status_code == 404
    assert not Lhp.objects.exists()
    client.force_login(tree.users["tpi"])
    response = client.post("/app/pengawasan/lhp/baru/", {**NEW_LHP, "organisation": tree.dinkes.pk})
    assert response.status_code == 302
    lhp = Lhp.objects.get()
    assert lhp.rekomendasi.count() == 2
    assert lhp.created_by == tree.users["tpi"]
    response = client.post(
        f"/app/pengawasan/lhp/{lhp.public_id}/aksi/publish/", {"public_from": ""}
    )
    assert response.status_code == 302
    lhp.refresh_from_db()
    assert lhp.is_published
    # publishing twice is refused on the page, not a server error
    again = client.post(f"/app/pengawasan/lhp/{lhp.public_id}/aksi/publish/", {"public_from": ""})
    assert again.status_code == 200
    assert 'class="errors" role="alert"' in again.content.decode()


@pytest.mark.django_db
def test_a_report_without_recommendations_is_refused_beside_the_field(
    client: Client, tree: Tree
) -> None:
    with pytest.raises(ValidationError) as refused:
        make_lhp(tree.dinkes, recommendations=["  ", ""])
    assert set(refused.value.message_dict) == {"recommendations"}
    client.force_login(tree.users["tpi"])
    response = client.post(
        "/app/pengawasan/lhp/baru/",
        {**NEW_LHP, "organisation": tree.dinkes.pk, "recommendations": "\n  \n"},
    )
    assert response.status_code == 200
    assert not Lhp.objects.exists()
    assert 'class="errors" role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_follow_up_steps_through_their_own_urls(client: Client, tree: Tree) -> None:
    lhp = _lhp(tree, n=1)
    rec = lhp.rekomendasi.get()
    client.force_login(tree.users["tpi"])
    page = client.get(f"/app/pengawasan/lhp/{lhp.public_id}/").content.decode()
    assert f"/app/pengawasan/rekomendasi/{rec.public_id}/aksi/start/" in page
    assert f"/app/pengawasan/rekomendasi/{rec.public_id}/aksi/reopen/" not in page
    url = f"/app/pengawasan/rekomendasi/{rec.public_id}/aksi/"
    assert client.post(url + "start/", {"note": "Rapat 3 Maret"}).status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.follow_up_note) == (TlhpStatus.IN_PROGRESS, "Rapat 3 Maret")
    # a step the state does not allow is refused on the page; nothing changes
    response = client.post(url + "reopen/", {"note": "x"})
    assert response.status_code == 200
    rec.refresh_from_db()
    assert (rec.status, rec.follow_up_note) == (TlhpStatus.IN_PROGRESS, "Rapat 3 Maret")
    assert client.post(url + "complete/", {}).status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.follow_up_note) == (TlhpStatus.DONE, "Rapat 3 Maret")
    assert client.post(url + "teleport/", {}).status_code == 404
    # a reader may look but not act
    leader = Client()
    leader.force_login(tree.users["pimpinan"])
    assert leader.get(f"/app/pengawasan/lhp/{lhp.public_id}/").status_code == 200
    assert leader.post(url + "reopen/", {}).status_code == 404
    # the pages only read
    assert client.post(f"/app/pengawasan/lhp/{lhp.public_id}/", {}).status_code == 405


@pytest.mark.django_db
def test_services_refuse_the_public_and_outsiders(tree: Tree) -> None:
    with pytest.raises(PermissionDenied):
        make_lhp(tree.dinkes, actor=Public("web"))
    with pytest.raises(PermissionDenied):
        make_lhp(tree.dinkes, actor=tree.users["pimpinan"])
    lhp = make_lhp(tree.dinkes)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.lhp_publish(actor=tree.users["pengamat"], lhp=lhp)
    with pytest.raises(TypeError):
        services.lhp_publish(actor=None, lhp=lhp)  # type: ignore[arg-type]  # the point
    assert AuditEvent.objects.count() == events
    published = services.lhp_publish(actor=System("test"), lhp=lhp)
    assert published.status == LhpStatus.PUBLISHED
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.actor_label) == ("lhp.publish", "system:test")
    with pytest.raises(ValidationError):
        services.lhp_publish(actor=System("test"), lhp=lhp)


@pytest.mark.django_db
def test_observers_never_see_draft_reports(tree: Tree) -> None:
    draft = _lhp(tree, number="LHP-DRAF-1")
    observer = Client()
    observer.force_login(tree.users["pengamat"])
    assert observer.get("/app/pengawasan/lhp/").status_code == 404
    assert observer.get(f"/app/pengawasan/lhp/{draft.public_id}/").status_code == 404
    assert observer.get("/app/portal/lhp/").status_code == 404
    assert observer.get(f"/app/portal/lhp/{draft.public_id}/").status_code == 404
    assert TITLE not in observer.get("/transparansi/pengawasan/").content.decode()


@pytest.mark.django_db
def test_former_staff_addresses_redirect(client: Client, tree: Tree) -> None:
    lhp = _lhp(tree)
    client.force_login(tree.users["pimpinan"])
    assert client.get("/app/portal/lhp/").url == "/app/pengawasan/lhp/"  # type: ignore[attr-defined]
    response = client.get(f"/app/portal/lhp/{lhp.public_id}/")
    assert response.url == f"/app/pengawasan/lhp/{lhp.public_id}/"  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_api_lists_lhp_in_scope(client: Client, tree: Tree) -> None:
    lhp = _lhp(tree)
    client.force_login(tree.users["pimpinan"])
    rows = client.get("/api/v1/pengawasan/lhp").json()
    assert [(r["number"], r["status"], r["recommendations"]) for r in rows] == [
        (lhp.number, "draf", 3)
    ]
    detail = client.get(f"/api/v1/pengawasan/lhp/{lhp.public_id}").json()
    assert [r["text"] for r in detail["rekomendasi"]] == [
        "Rekomendasi 1",
        "Rekomendasi 2",
        "Rekomendasi 3",
    ]
    outsider = Client()
    outsider.force_login(tree.users["tim_zi"])
    assert outsider.get("/api/v1/pengawasan/lhp").status_code == 404
    assert outsider.get(f"/api/v1/pengawasan/lhp/{lhp.public_id}").status_code == 404
    assert Client().get("/api/v1/pengawasan/lhp").status_code == 401


@pytest.mark.django_db
def test_lhp_pages_and_open_data_do_not_grow_queries_with_reports(tree: Tree) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from integritas.core.datasets import clear_cache

    def count(url: str, client: Client) -> int:
        clear_cache()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    leader = Client()
    leader.force_login(tree.users["pimpinan"])
    make_lhp(tree.dinkes, status=LhpStatus.PUBLISHED)
    urls = ["/app/pengawasan/lhp/", "/transparansi/pengawasan/", "/data/tlhp-rekomendasi.json"]
    one = {url: count(url, leader) for url in urls}
    for org in (tree.dinkes, tree.dpmptsp, tree.mpp, tree.puskesmas):
        make_lhp(org, status=LhpStatus.PUBLISHED)
        make_lhp(org)
    five = {url: count(url, leader) for url in urls}
    assert five == one
