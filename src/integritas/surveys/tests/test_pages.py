"""Staff page flows: publish, plans, kiosks, settings; public thank-you pages; query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integritas.conftest import Tree
from integritas.core.actors import Public, System
from integritas.surveys.choices import PlanStatus
from integritas.surveys.models import ImprovementPlan, KioskDevice, PublishedResult, Response
from integritas.surveys.tests.factories import (
    SurveyFactory,
    add_responses,
    all_answers,
    job_download,
)

pytestmark = pytest.mark.django_db


def test_publish_and_plan_through_the_page(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, [{**all_answers(4), "U7": 1}, {**all_answers(3), "U7": 2}])
    client.force_login(tree.users["pengelola_survei"])
    detail = reverse("surveys:detail", kwargs={"public_id": survey.public_id})
    page = client.get(detail, {"periode": "2025-Q3"}).content.decode()
    assert "Publikasikan periode ini" in page
    assert 'class="weakest"' in page
    response = client.post(
        reverse("surveys:publish", kwargs={"public_id": survey.public_id}), {"period": "2025-Q3"}
    )
    assert response.status_code == 302
    assert PublishedResult.objects.filter(survey=survey, period="2025-Q3").exists()
    response = client.post(
        reverse("surveys:plan_create", kwargs={"public_id": survey.public_id}),
        {
            "period": "2025-Q3",
            "unsur": "",
            "action": "Pelatihan layanan prima",
            "owner": "Kepala UPT",
            "due_date": "2025-12-31",
        },
    )
    assert response.status_code == 302
    plan = ImprovementPlan.objects.get(survey=survey)
    assert plan.unsur == "U7"

    def act(name: str) -> str:
        return reverse(
            "surveys:plan_action",
            kwargs={"public_id": survey.public_id, "plan_id": plan.public_id, "action": name},
        )

    page = client.get(detail, {"periode": "2025-Q3"}).content.decode()
    assert f'action="{act("complete")}"' in page and f'action="{act("publish")}"' in page
    assert client.post(act("complete")).status_code == 302
    assert client.post(act("publish")).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE and plan.published_at is not None
    # A refused transition gives a message and changes nothing.
    page = client.post(act("start"), follow=True).content.decode()
    assert "tidak dapat berpindah" in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE


def test_kiosk_created_once_then_used(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    client.force_login(tree.users["pengelola_survei"])
    response = client.post(
        reverse("surveys:kiosk_create", kwargs={"public_id": survey.public_id}),
        {"name": "Tablet Loket 3", "limit_per_hour": "60"},
    )
    html = response.content.decode()
    match = re.search(r"/survei/[\w-]+/kios/([\w-]+)/", html)
    assert match is not None
    token = match.group(1)
    kiosk = KioskDevice.objects.get(survey=survey)
    assert kiosk.token_hash != token and token not in kiosk.token_hash
    detail = client.get(reverse("surveys:detail", kwargs={"public_id": survey.public_id}))
    assert token not in detail.content.decode()  # shown once only
    client.logout()
    url = reverse("surveys_public:kiosk", kwargs={"slug": survey.slug, "token": token})
    page = client.get(url)
    assert 'class="survey kiosk"' in page.content.decode()
    data = {"kunci": "kios-tablet-0001", **{k: "3" for k in all_answers(3)}}
    response = client.post(url, data)
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "Terima kasih!" in thanks
    assert f'href="{url}"' in thanks  # a plain link back to a fresh form, no script
    assert Response.objects.get(survey=survey).channel == "kiosk"
    client.force_login(tree.users["pengelola_survei"])
    client.post(
        reverse(
            "surveys:kiosk_deactivate",
            kwargs={"public_id": survey.public_id, "kiosk_id": kiosk.public_id},
        )
    )
    client.logout()
    assert client.get(url).status_code == 404


def test_settings_close_the_survey(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp, opens_on=dt.date(2024, 1, 1))
    client.force_login(tree.users["pengelola_survei"])
    client.post(
        reverse("surveys:settings", kwargs={"public_id": survey.public_id}),
        {
            "closes_on": "2024-06-30",
            "web_limit_per_hour": "100",
            "api_limit_per_hour": "50",
            "is_active": "on",
        },
    )
    survey.refresh_from_db()
    assert survey.closes_at == dt.datetime(2024, 6, 30, 16, 59, 59, 999999, tzinfo=dt.UTC)
    assert (survey.web_limit_per_hour, survey.api_limit_per_hour) == (100, 50)
    client.logout()
    page = client.get(reverse("surveys_public:answer", kwargs={"slug": survey.slug}))
    assert "Survei ini sudah ditutup" in page.content.decode()


def test_public_thanks_page(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    page = client.get(reverse("surveys_public:thanks", kwargs={"slug": survey.slug}))
    assert page.status_code == 200
    assert "Jawaban Anda sudah tercatat" in page.content.decode()
    assert client.get("/survei/tidak-ada-survei/").status_code == 404


def test_list_and_detail_pages_keep_queries_flat(tree: Tree, client: Client) -> None:
    client.force_login(tree.users["pengelola_survei"])
    surveys = [SurveyFactory(unit=tree.mpp) for _ in range(2)]
    for survey in surveys:
        add_responses(survey, [all_answers(4)] * 3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("surveys:list"), {"periode": "2025-Q3"})
    more = [SurveyFactory(unit=tree.puskesmas) for _ in range(4)]
    for survey in more:
        add_responses(survey, [all_answers(3)] * 3)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("surveys:list"), {"periode": "2025-Q3"})
    assert len(many.captured_queries) == len(few.captured_queries)
    detail = reverse("surveys:detail", kwargs={"public_id": surveys[0].public_id})
    with CaptureQueriesContext(connection) as one:
        client.get(detail, {"periode": "2025-Q3"})
    assert len(one.captured_queries) < 40


def test_perception_survey_pages(tree: Tree, client: Client) -> None:
    from integritas.surveys import services
    from integritas.surveys.choices import SurveyKind

    survey = SurveyFactory(unit=tree.mpp, kind=SurveyKind.SPKP, scale_max=4)
    codes = [i["code"] for i in survey.items]
    public = client.get(reverse("surveys_public:answer", kwargs={"slug": survey.slug}))
    html = public.content.decode()
    assert html.count('<fieldset class="question') == len(codes)
    assert "Sangat setuju" in html
    now = dt.datetime(2025, 8, 1, 3, tzinfo=dt.UTC)
    services.response_submit(
        actor=Public("web"), survey=survey, answers=dict.fromkeys(codes, 4), now=now
    )
    services.response_submit(
        actor=Public("web"), survey=survey, answers=dict.fromkeys(codes, 2), now=now
    )
    client.force_login(tree.users["pengelola_survei"])
    detail = client.get(
        reverse("surveys:detail", kwargs={"public_id": survey.public_id}), {"periode": "2025-Q3"}
    ).content.decode()
    # 1–4 scale, linear (DOMAIN.md §3 default): mean 3 → (3 − 1) / 3 × 4 = 2.67.
    assert '<span class="stat" id="ikm-value">2,67</span>' in detail
    assert "IPKP (0–4)" in detail
    pdf = job_download(
        client,
        reverse("surveys:report", kwargs={"public_id": survey.public_id}),
        {"periode": "2025-Q3"},
    )
    assert pdf.startswith(b"%PDF")
    services.result_publish(actor=System("test"), survey=survey, period="2025-Q3")
    api = client.get(f"/api/v1/surveys/{survey.slug}/results?period=2025-Q3").json()
    assert api["ikm"] is None and api["index"] == 2.6667
    assert api["unsur"][0]["name"] == survey.items[0]["text"]


def test_items_nobody_answered_are_reported_on_the_page_and_in_the_pdf(
    tree: Tree, client: Client
) -> None:
    import io

    from pypdf import PdfReader

    from integritas.surveys import selectors
    from integritas.surveys.choices import Channel, SurveyKind

    survey = SurveyFactory(unit=tree.mpp, kind=SurveyKind.SPKP, scale_max=4)
    codes = [str(i["code"]) for i in survey.items]
    last = codes[-1]
    answered = codes[:-1]
    for value in (4, 2):
        Response.objects.create(
            survey=survey,
            period="2025-Q3",
            submitted_on=dt.date(2025, 8, 1),
            channel=Channel.PAPER,
            item_answers={**dict.fromkeys(answered, value), last: None},
        )
    # Service level: the mean is over the answered items only (each item's mean 3 on 1–4,
    # linear: (3 − 1) / 3 × 4 = 8/3) and the unanswered item is named.
    result = selectors.period_result(survey, "2025-Q3")
    from fractions import Fraction

    assert result.value == Fraction(8, 3)
    assert result.missing == (last,)
    assert [c for c, _s in result.scores] == answered
    client.force_login(tree.users["pengelola_survei"])
    detail = client.get(
        reverse("surveys:detail", kwargs={"public_id": survey.public_id}), {"periode": "2025-Q3"}
    ).content.decode()
    assert '<span class="stat" id="ikm-value">2,67</span>' in detail
    notice = detail.split('id="missing-items"')[1].split("</div>")[0]
    assert "1 butir instrumen tidak dijawab oleh siapa pun" in notice
    assert last in notice and str(survey.items[-1]["text"]) in notice
    pdf = job_download(
        client,
        reverse("surveys:report", kwargs={"public_id": survey.public_id}),
        {"periode": "2025-Q3"},
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "tidak dijawab oleh siapa pun" in " ".join(text.split())
    # Published: the stored tallies keep the unanswered item, so the public result says it too.
    from integritas.surveys import services

    services.result_publish(actor=System("test"), survey=survey, period="2025-Q3")
    published = selectors.published_result(survey, "2025-Q3")
    again = selectors.result_from_tallies(survey, published.respondents, published.tallies)
    assert again.missing == (last,) and again.value == Fraction(8, 3)
