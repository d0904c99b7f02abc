"""Results: the worked example through the API, the page against the pure module, imports,
exports, publication, plans, feeds (issue 4, items 4, 6–8; DOMAIN.md §2–3)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from collections.abc import Sequence
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from integritas.conftest import Tree
from integritas.core.actors import Public, System
from integritas.core.choices import JobStatus
from integritas.core.feeds import get_feed
from integritas.core.models import Job
from integritas.surveys import services
from integritas.surveys.choices import PlanStatus, SurveyKind
from integritas.surveys.ikm import UNSUR_CODES, compute_ikm, round_half_up
from integritas.surveys.models import ImprovementPlan, PublishedResult, Response, Survey
from integritas.surveys.tests.conftest import Rows
from integritas.surveys.tests.factories import (
    SurveyFactory,
    add_responses,
    all_answers,
    job_download,
    run_job,
)

pytestmark = pytest.mark.django_db


def _login(client: Client, tree: Tree, role: str) -> None:
    client.force_login(tree.users[role])


def test_worked_example_through_the_api(
    tree: Tree, client: Client, worked_rows: Rows, worked_counts: dict[str, dict[int, int]]
) -> None:
    """29 respondents posted one by one → published → the results API says 91.48, mutu A."""
    survey = SurveyFactory(unit=tree.mpp)
    for row in worked_rows:
        response = client.post(
            f"/api/v1/surveys/{survey.slug}/responses",
            data=json.dumps({"answers": row}),
            content_type="application/json",
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        assert response.status_code == 201, response.content
    period = Response.objects.filter(survey=survey).values_list("period", flat=True).first()
    assert period is not None
    unpublished = client.get(f"/api/v1/surveys/{survey.slug}/results", {"period": period})
    assert unpublished.status_code == 404
    services.result_publish(actor=tree.users["pengelola_survei"], survey=survey, period=period)
    result = client.get(f"/api/v1/surveys/{survey.slug}/results", {"period": period}).json()
    assert result["respondents"] == 29
    assert round_half_up(Decimal(str(result["ikm"])), 2) == Decimal("91.48")
    assert result["mutu"] == "A"
    assert result["kinerja"] == "Sangat Baik"
    assert [u["code"] for u in result["unsur"]] == list(UNSUR_CODES)
    # Unsur totals from the published counts (DOMAIN.md §2 lists them in questionnaire order,
    # sarana before pengaduan: 105, 101, 100, 116, 102, 105, 106, 105, 115).
    totals = {c: sum(v * n for v, n in worked_counts[c].items()) for c in UNSUR_CODES}
    assert sorted(totals.values()) == sorted([105, 101, 100, 116, 102, 105, 106, 105, 115])
    assert [u["nrr"] for u in result["unsur"]] == [
        float(round_half_up(Decimal(totals[c]) / 29, 4)) for c in UNSUR_CODES
    ]
    latest = client.get(f"/api/v1/surveys/{survey.slug}/results").json()
    assert latest["period"] == period
    # The period pattern is in the schema (issue 11, item 9): refused as schema-invalid input.
    bad_period = client.get(f"/api/v1/surveys/{survey.slug}/results?period=2025-Q9")
    assert bad_period.status_code == 422
    assert any(e.startswith("period") for e in bad_period.json()["errors"])


def test_openapi_documents_the_public_operations(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/surveys/{slug}/responses"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert "/api/v1/surveys/{slug}/results" in spec["paths"]


answer = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
sheet = st.fixed_dictionaries({code: answer for code in UNSUR_CODES})


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(sheet, min_size=1, max_size=25))
def test_page_ikm_equals_the_pure_module(tree: Tree, rows: list[dict[str, int | None]]) -> None:
    from integritas.surveys.selectors import period_result

    survey = Survey.objects.filter(unit=tree.mpp).first() or SurveyFactory(unit=tree.mpp)
    Response.objects.filter(survey=survey).delete()
    add_responses(survey, rows)
    answered_everywhere = all(any(r[c] is not None for r in rows) for c in UNSUR_CODES)
    if not answered_everywhere:
        return
    expected = compute_ikm(rows)
    result = period_result(survey, "2025-Q3")
    assert result.value == expected.ikm
    assert result.mutu == expected.mutu
    assert [s for _c, s in result.scores] == [n.nrr for n in expected.unsur]


def test_results_page_shows_the_same_ikm_as_the_pure_module(
    tree: Tree, client: Client, worked_rows: Rows
) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, worked_rows)
    _login(client, tree, "pengelola_survei")
    page = client.get(
        reverse("surveys:detail", kwargs={"public_id": survey.public_id}), {"periode": "2025-Q3"}
    )
    html = page.content.decode()
    expected = compute_ikm(worked_rows)
    shown = str(expected.ikm_rounded).replace(".", ",")  # Indonesian decimal comma
    assert f'<span class="stat" id="ikm-value">{shown}</span>' in html
    assert '<span class="mutu" id="ikm-mutu">A</span>' in html
    assert "<script" not in html


def _csv_upload(rows: Sequence[Sequence[object]], name: str = "kertas.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


HEADER = ["No", *UNSUR_CODES, "Jenis Kelamin", "Pendidikan", "Tanggal"]


def test_import_errors_name_row_and_column_and_store_nothing(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    _login(client, tree, "pengelola_survei")
    upload = _csv_upload(
        [
            HEADER,
            [1, *[4] * 9, "L", "SMA", "2025-08-01"],
            [2, 4, 4, 5, *[3] * 6, "P", "S1", "2025-08-02"],
            [3, *[3] * 9, "X", "SMA", "2025-08-03"],
        ]
    )
    url = reverse("surveys:import", kwargs={"public_id": survey.public_id})
    response = run_job(client, url, {"file": upload, "period": ""})
    assert Job.objects.get().status == JobStatus.FAILED
    html = response.content.decode()
    assert "baris 3, kolom U3" in html
    assert "<td>3</td><td>U3</td>" in html  # the row and the column, each in its own cell
    assert not Response.objects.exists()
    # The same file without the bad cell but with an unknown sex code: named too.
    upload = _csv_upload(
        [HEADER, [1, *[4] * 9, "L", "SMA", "2025-08-01"], [2, *[3] * 9, "X", "SMA", ""]]
    )
    response = run_job(client, url, {"file": upload, "period": ""})
    html = response.content.decode()
    assert "baris 3, kolom Jenis Kelamin" in html
    assert "<td>3</td><td>Jenis Kelamin</td>" in html
    assert "baris 3, kolom Tanggal" in html
    assert not Response.objects.exists()


def test_import_stores_paper_responses(tree: Tree, client: Client, worked_rows: Rows) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    _login(client, tree, "pengelola_survei")
    rows: list[list[object]] = [[*UNSUR_CODES, "Jenis Kelamin", "Umur"]]
    rows += [[*[r[c] for c in UNSUR_CODES], "Perempuan", 41] for r in worked_rows]
    url = reverse("surveys:import", kwargs={"public_id": survey.public_id})
    response = run_job(client, url, {"file": _csv_upload(rows), "period": "2025-Q3"})
    assert response.status_code == 200
    assert Job.objects.get().status == JobStatus.DONE
    stored = Response.objects.filter(survey=survey)
    assert stored.count() == 29
    assert set(stored.values_list("sex", "age_band", "channel", "period", "submitted_on")) == {
        ("P", "40-49", "paper", "2025-Q3", None)
    }


def test_import_is_refused_to_observers_and_other_units(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    with pytest.raises(PermissionDenied):
        services.responses_import(actor=tree.users["pengamat"], survey=survey, rows=[])
    _login(client, tree, "tim_zi")
    url = reverse("surveys:import", kwargs={"public_id": survey.public_id})
    assert client.get(url).status_code == 404


def test_export_is_anonymous_and_formula_safe(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    services.response_submit(
        actor=Public("web"),
        survey=survey,
        answers=all_answers(4),
        suggestion='=HYPERLINK("http://x")',
    )
    add_responses(survey, [all_answers(3)])
    _login(client, tree, "pengelola_survei")
    url = reverse("surveys:export", kwargs={"public_id": survey.public_id})
    streamed = client.get(url)
    assert isinstance(streamed, StreamingHttpResponse)
    text = b"".join(bytes(chunk) for chunk in streamed).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert "id" not in header
    assert header[:2] == ["periode", "tanggal"]
    assert len(rows) == 3
    assert any(r[-1] == '\'=HYPERLINK("http://x")' for r in rows[1:])
    for row in rows[1:]:
        assert row[1] == "" or dt.date.fromisoformat(row[1])  # a date, never a time
        assert "T" not in row[1] and ":" not in row[1]
    xlsx = reverse("surveys:export_xlsx", kwargs={"public_id": survey.public_id})
    workbook = load_workbook(io.BytesIO(job_download(client, xlsx, {})), read_only=True)
    worksheet = workbook.active
    assert worksheet is not None
    values = [c for row in worksheet.iter_rows(values_only=True) for c in row]
    assert not any(isinstance(v, dt.datetime) and v.time() != dt.time(0) for v in values)
    assert '\'=HYPERLINK("http://x")' in values


def test_publication_plans_and_their_workflow(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    rows = [{**all_answers(4), "U3": 2}, {**all_answers(3), "U3": 1}]
    add_responses(survey, rows)
    manager = tree.users["pengelola_survei"]
    published = services.result_publish(actor=manager, survey=survey, period="2025-Q3")
    assert published.respondents == 2
    plan = services.plan_create(
        actor=manager,
        survey=survey,
        period="2025-Q3",
        action="Tambah loket verifikasi berkas",
        owner="Kepala UPT",
        due_date=dt.date(2025, 12, 31),
    )
    assert plan.unsur == "U3"  # the weakest unsur by NRR
    services.plan_transition(actor=manager, plan=plan, action="start")
    services.plan_transition(actor=manager, plan=plan, action="complete")
    with pytest.raises(ValidationError):
        services.plan_transition(actor=manager, plan=plan, action="start")
    _login(client, tree, "pengamat")
    page = client.get(reverse("surveys:detail", kwargs={"public_id": survey.public_id}))
    assert "Tambah loket" not in page.content.decode()  # unpublished plan hidden from observers
    services.plan_publish(actor=manager, plan=plan)
    page = client.get(reverse("surveys:detail", kwargs={"public_id": survey.public_id}))
    assert "Tambah loket" in page.content.decode()
    assert ImprovementPlan.objects.get().status == PlanStatus.DONE


def test_observer_sees_published_periods_only(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, [all_answers(4)] * 3, period="2025-Q3")
    add_responses(survey, [all_answers(2)] * 3, period="2025-Q4", day=dt.date(2025, 11, 1))
    services.result_publish(actor=System("test"), survey=survey, period="2025-Q3")
    _login(client, tree, "pengamat")
    url = reverse("surveys:detail", kwargs={"public_id": survey.public_id})
    page = client.get(url, {"periode": "2025-Q4"}).content.decode()
    assert "Triwulan IV 2025" not in page
    assert '<span class="stat" id="ikm-value">100,00</span>' in page
    export = reverse("surveys:export", kwargs={"public_id": survey.public_id})
    assert client.get(export).status_code == 404


def test_staff_pages_answer_404_outside_scope(tree: Tree, client: Client) -> None:
    from integritas.core.tests.factories import OrganisationFactory, PemdaFactory

    other_pemda = PemdaFactory()
    other_unit = OrganisationFactory(parent=other_pemda, is_public_service=True)
    hidden = SurveyFactory(unit=other_unit)
    mine = SurveyFactory(unit=tree.mpp)
    _login(client, tree, "pengelola_survei")
    for name in ("detail", "export", "poster", "import"):
        url = reverse(f"surveys:{name}", kwargs={"public_id": hidden.public_id})
        assert client.get(url).status_code == 404, name
    publish = reverse("surveys:publish", kwargs={"public_id": hidden.public_id})
    assert client.post(publish, {"period": "2025-Q3"}).status_code == 404
    assert (
        client.get(reverse("surveys:detail", kwargs={"public_id": mine.public_id})).status_code
        == 200
    )
    client.logout()
    _login(client, tree, "nobody")
    assert client.get(reverse("surveys:list")).status_code == 404
    client.logout()
    response = client.get(reverse("surveys:detail", kwargs={"public_id": mine.public_id}))
    assert response.status_code == 302 and "/app/masuk/" in response["Location"]


def test_list_comparison_pdf_and_poster(tree: Tree, client: Client, worked_rows: Rows) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, worked_rows)
    add_responses(survey, [all_answers(3)] * 4, period="2025-Q2", day=dt.date(2025, 5, 2))
    other = SurveyFactory(unit=tree.puskesmas)
    add_responses(other, [all_answers(2)] * 5)
    _login(client, tree, "pengelola_survei")
    listing = client.get(reverse("surveys:list"), {"periode": "2025-Q3"}).content.decode()
    assert "<svg" in listing and "91,48" in listing and "50,00" in listing
    pdf = job_download(
        client,
        reverse("surveys:report", kwargs={"public_id": survey.public_id}),
        {"periode": "2025-Q3"},
    )
    assert pdf.startswith(b"%PDF")
    poster = client.get(reverse("surveys:poster", kwargs={"public_id": survey.public_id}))
    assert b"<svg" in poster.content and survey.slug.encode() in poster.content


def test_create_survey_and_service_through_the_pages(tree: Tree, client: Client) -> None:
    _login(client, tree, "pengelola_survei")
    response = client.post(
        reverse("surveys:service_create"),
        {"unit": tree.mpp.public_id, "name": "Izin Usaha", "population": "1000"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("surveys:create"),
        {
            "kind": SurveyKind.SPAK,
            "unit": tree.mpp.public_id,
            "title": "SPAK MPP 2025",
            "opens_on": "2025-01-01",
            "closes_on": "2025-12-31",
            "scheme": "quarter",
            "scale_max": "6",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="SPAK MPP 2025")
    assert (survey.kind, survey.scale_min, survey.scale_max, len(survey.items)) == ("spak", 1, 6, 8)
    _login(client, tree, "tim_zi")
    assert client.get(reverse("surveys:create")).status_code == 404


def test_lke_feeds(tree: Tree) -> None:
    spak = SurveyFactory(unit=tree.mpp, kind=SurveyKind.SPAK, scale_max=6)
    codes = [i["code"] for i in spak.items]
    when = dt.datetime(2025, 8, 1, 3, tzinfo=dt.UTC)
    services.response_submit(
        actor=Public("web"), survey=spak, answers=dict.fromkeys(codes, 6), now=when
    )
    services.response_submit(
        actor=Public("web"), survey=spak, answers=dict.fromkeys(codes, 1), now=when
    )
    services.response_submit(
        actor=Public("web"), survey=spak, answers=dict.fromkeys(codes, 6), now=when
    )
    feed = get_feed("lke.ipak", tree.dpmptsp, 2025)
    assert feed is not None
    # Linear 1–6 → 0–4 (DOMAIN.md §3 default): mean 13/3 → (13/3 − 1) / 5 × 4 = 8/3.
    from fractions import Fraction

    assert feed.value == Fraction(8, 3)
    assert feed.source == "SPAK 2025: 3 responden"
    assert get_feed("lke.ipkp", tree.dpmptsp, 2025) is None
    assert get_feed("lke.ipak", tree.dinkes, 2025) is None
    skm = SurveyFactory(unit=tree.mpp)
    for quarter, day in (("2025-Q1", dt.date(2025, 2, 1)), ("2025-Q2", dt.date(2025, 5, 1))):
        add_responses(skm, [all_answers(4)], period=quarter, day=day)
    services.result_publish(actor=System("test"), survey=skm, period="2025-Q1")
    per_year = get_feed("lke.skm_per_year", tree.dpmptsp, 2025)
    assert per_year is not None
    assert per_year.value == 2
    assert (per_year.numerator, per_year.denominator) == (1, 2)
    assert PublishedResult.objects.count() == 1
