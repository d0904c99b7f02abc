"""Public portal, open data, LHP/TLHP, observers and the leaders' dashboard (issue 6)."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from integritas.conftest import Tree
from integritas.core.commentable import CommentTarget, register_commentable
from integritas.core.datasets import dataset_rows, get_dataset
from integritas.portal import services
from integritas.portal.choices import FollowUpStatus
from integritas.portal.models import AuditReport, PublicComment


def _report(tree: Tree, number: str = "LHP-700/01/2026", n: int = 3) -> AuditReport:
    return services.audit_report_create(
        actor=tree.users["tpi"],
        organisation=tree.dinkes,
        number=number,
        date=dt.date(2026, 3, 2),
        title="Pemeriksaan pengelolaan obat",
        summary="Ringkasan untuk publik.",
        recommendations=[f"Rekomendasi {i}" for i in range(1, n + 1)],
    )


@pytest.mark.django_db
def test_unpublished_report_is_not_public(client: Client, tree: Tree) -> None:
    report = _report(tree)
    assert (
        "Pemeriksaan pengelolaan obat"
        not in client.get("/transparansi/pengawasan/").content.decode()
    )
    assert dataset_rows(get_dataset("lhp-ringkasan")) == []  # type: ignore[arg-type]  # registered
    services.audit_report_publish(actor=tree.users["tpi"], report=report)
    page = client.get("/transparansi/pengawasan/").content.decode()
    assert "Pemeriksaan pengelolaan obat" in page
    assert "Ringkasan untuk publik." in page


@pytest.mark.django_db(transaction=False)
def test_tlhp_percentage_per_opd(client: Client, tree: Tree) -> None:
    report = _report(tree, n=3)
    recs = list(report.recommendations.all())
    services.recommendation_set_status(
        actor=tree.users["tpi"], recommendation=recs[0], status=FollowUpStatus.DONE
    )
    services.recommendation_set_status(
        actor=tree.users["tpi"], recommendation=recs[1], status=FollowUpStatus.IN_PROGRESS
    )
    services.audit_report_publish(actor=tree.users["tpi"], report=report)
    rows = dataset_rows(get_dataset("tlhp-per-opd"))  # type: ignore[arg-type]  # registered
    # one of three done: 33.33 %, rounded half up to 2 decimals
    assert [list(r) for r in rows] == [
        [tree.dinkes.public_id, "Dinas Kesehatan", 3, 1, Decimal("33.33")]
    ]


@pytest.mark.django_db
def test_observers_see_published_summaries_before_the_public(tree: Tree) -> None:
    report = _report(tree)
    later = timezone.now().date() + dt.timedelta(days=7)
    services.audit_report_publish(actor=tree.users["tpi"], report=report, public_from=later)
    anonymous = Client().get("/transparansi/pengawasan/").content.decode()
    observer = Client()
    observer.force_login(tree.users["pengamat"])
    early = observer.get("/transparansi/pengawasan/").content.decode()
    assert "Pemeriksaan pengelolaan obat" not in anonymous
    assert "Pemeriksaan pengelolaan obat" in early
    # the open data (for everyone) waits for the public date too
    assert Client().get("/data/lhp-ringkasan.csv").getvalue().decode("utf-8-sig").count("\n") == 1


@pytest.mark.django_db
def test_only_the_inspektorat_records_and_publishes(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["pimpinan"])
    response = client.post(
        "/app/portal/lhp/",
        {
            "organisation": tree.dinkes.pk,
            "number": "X",
            "date": "2026-01-02",
            "title": "T",
            "summary": "S",
            "recommendations": "R",
        },
    )
    assert response.status_code == 404
    assert not AuditReport.objects.exists()
    client.force_login(tree.users["tpi"])
    response = client.post(
        "/app/portal/lhp/",
        {
            "organisation": tree.dinkes.pk,
            "number": "LHP-1",
            "date": "2026-01-02",
            "title": "T",
            "summary": "S",
            "recommendations": "R1\nR2\n\n",
        },
    )
    assert response.status_code == 302
    report = AuditReport.objects.get()
    assert report.recommendations.count() == 2
    response = client.post(
        f"/app/portal/lhp/{report.public_id}/", {"action": "publish", "public_from": ""}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published


@pytest.mark.django_db
def test_open_data_downloads_and_catalogue(client: Client, tree: Tree) -> None:
    report = _report(tree, number="=HYPERLINK(1)")  # formula injection attempt in a public field
    services.audit_report_publish(actor=tree.users["tpi"], report=report)
    csv_text = b"".join(client.get("/data/lhp-ringkasan.csv").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert (
        csv_text.splitlines()[0] == "unit_id,unit,nomor,tanggal,judul,ringkasan,rekomendasi,selesai"
    )
    assert "'=HYPERLINK(1)" in csv_text
    data = client.get("/data/lhp-ringkasan.json").json()
    assert data["rows"][0]["nomor"] == "=HYPERLINK(1)"
    assert data["rows"][0]["tanggal"] == "2026-03-02"
    sheet = load_workbook(io.BytesIO(client.get("/data/lhp-ringkasan.xlsx").content)).active
    assert sheet is not None and sheet["C2"].value == "'=HYPERLINK(1)"
    catalogue = json.loads(client.get("/data/katalog.jsonld").content)
    assert catalogue["@type"] == "dcat:Catalog"
    slugs = {d["dct:identifier"] for d in catalogue["dcat:dataset"]}
    assert {"lhp-ringkasan", "tlhp-per-opd"} <= slugs
    entry = next(d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == "lhp-ringkasan")
    assert {d["dct:format"] for d in entry["dcat:distribution"]} == {"CSV", "JSON", "XLSX"}
    assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/data/tidak-ada.csv", 404),
        ("/data/tidak-ada/", 404),
        ("/data/lhp-ringkasan.csv?tahun=20xx", 400),
        ("/data/lhp-ringkasan.csv?unit=!!", 400),
        ("/data/lhp-ringkasan.csv?unit=unknownunit", 404),
        ("/data/lhp-ringkasan.csv?tahun=2026", 200),
        ("/transparansi/unit/unknownunit/", 404),
        ("/transparansi/tanggapan/surveys-plan/unknownid/", 404),
    ],
)
def test_bad_input_answers_clearly(client: Client, tree: Tree, url: str, status: int) -> None:
    assert client.get(url).status_code == status


@pytest.mark.django_db
def test_a_unit_page_shows_its_figures_and_filtered_download(client: Client, tree: Tree) -> None:
    report = _report(tree)
    services.audit_report_publish(actor=tree.users["tpi"], report=report)
    page = client.get(f"/transparansi/unit/{tree.dinkes.public_id}/").content.decode()
    assert "Pemeriksaan pengelolaan obat" in page
    other = client.get(f"/transparansi/unit/{tree.dpmptsp.public_id}/").content.decode()
    assert "Pemeriksaan pengelolaan obat" not in other
    rows = client.get(f"/data/lhp-ringkasan.json?unit={tree.dpmptsp.public_id}").json()["rows"]
    assert rows == []


@pytest.mark.django_db
def test_observer_comments_are_moderated(tree: Tree) -> None:
    register_commentable(
        "test-plan",
        lambda pid: CommentTarget("Rencana uji", "Unit", "Isi") if pid == "plan1234" else None,
    )
    observer = Client()
    observer.force_login(tree.users["pengamat"])
    response = observer.post(
        "/app/portal/tanggapan/",
        {"kind": "test-plan", "target_id": "plan1234", "body": "<script>alert(1)</script> Bagus"},
    )
    assert response.status_code == 302
    comment = PublicComment.objects.get()
    public_page = Client().get("/transparansi/tanggapan/test-plan/plan1234/").content.decode()
    assert "Bagus" not in public_page  # pending
    leader = Client()
    leader.force_login(tree.users["pimpinan"])
    leader.post("/app/portal/komentar/", {"comment": comment.public_id, "decision": "approve"})
    public_page = Client().get("/transparansi/tanggapan/test-plan/plan1234/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bagus" in public_page
    # a staff member who is not an observer cannot comment
    staff = Client()
    staff.force_login(tree.users["tim_zi"])
    assert (
        staff.post(
            "/app/portal/tanggapan/", {"kind": "test-plan", "target_id": "plan1234", "body": "x"}
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_dashboard_is_for_leaders(tree: Tree) -> None:
    leader = Client()
    leader.force_login(tree.users["pimpinan"])
    page = leader.get("/app/pimpinan/")
    assert page.status_code == 200
    assert "Dinas Kesehatan" in page.content.decode()
    other = Client()
    other.force_login(tree.users["tim_zi"])
    assert other.get("/app/pimpinan/").status_code == 404


@pytest.mark.django_db
def test_dashboard_lists_the_weakest_lke_areas(tree: Tree) -> None:
    from integritas.assessment import services as lke
    from integritas.assessment.lke_template import load_template
    from integritas.assessment.models import Review
    from integritas.assessment.tests.factories import best_answers, fill_answers, make_assessment

    tpi = tree.users["tpi"]
    a = make_assessment(tree.mpp, year=2026)
    fill_answers(a, best_answers(load_template()))
    lke.assessment_submit(actor=None, assessment=a)
    lke.tpi_assign(actor=tpi, assessment=a, user=tpi, is_lead=True)
    lke.review_copy_self(actor=tpi, assessment=a)
    lke.consolidate_agreeing(actor=tpi, assessment=a)
    # the TPI marks every Penguatan Pengawasan (pemenuhan) choice item down to its last option
    template = load_template()
    for review in Review.objects.filter(assessment=a, is_consolidated=True, code__startswith="PPE"):
        question = template.question(review.code)
        if question.options:
            review.option = question.options[-1].option
            review.save()
    lke.assessment_lock(actor=tpi, assessment=a)
    leader = Client()
    leader.force_login(tree.users["pimpinan"])
    page = leader.get("/app/pimpinan/").content.decode()
    weakest = page.split("Area Zona Integritas dengan nilai terlemah</h2>")[1]
    first_row = weakest.split("<tbody>")[1].split("</tr>")[0]
    assert "P5 Penguatan Pengawasan" in first_row


@pytest.mark.django_db
def test_observers_never_see_draft_reports(tree: Tree) -> None:
    draft = _report(tree, number="LHP-DRAF-1")
    observer = Client()
    observer.force_login(tree.users["pengamat"])
    assert observer.get("/app/portal/lhp/").status_code == 404
    assert observer.get(f"/app/portal/lhp/{draft.public_id}/").status_code == 404
    assert (
        "Pemeriksaan pengelolaan obat"
        not in observer.get("/transparansi/pengawasan/").content.decode()
    )
