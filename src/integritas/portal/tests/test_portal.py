"""Public portal, open data, observers and the leaders' dashboard (issue 6).

The LHP/TLHP tests moved with their code to ``integritas/pengawasan/tests``; the open-data
tests here use a published LHP as their example dataset.
"""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from integritas.conftest import Tree
from integritas.core.actors import System
from integritas.core.commentable import CommentTarget, register_commentable
from integritas.pengawasan.choices import LhpStatus
from integritas.pengawasan.models import Lhp
from integritas.pengawasan.tests.factories import make_lhp
from integritas.portal.models import PublicComment


def _published(tree: Tree, number: str = "LHP-700/01/2026") -> Lhp:
    return make_lhp(tree.dinkes, number=number, status=LhpStatus.PUBLISHED, actor=tree.users["tpi"])


@pytest.mark.django_db
def test_open_data_downloads_and_catalogue(client: Client, tree: Tree) -> None:
    _published(tree, number="=HYPERLINK(1)")  # formula injection attempt in a public field
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
    _published(tree)
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
    leader.post(f"/app/portal/komentar/{comment.public_id}/aksi/approve/", {"note": ""})
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
    lke.assessment_submit(actor=System("test"), assessment=a)
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
