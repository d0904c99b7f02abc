"""Answering a survey: time window across zones, validation, idempotency, rate limits,
anonymity (issue 4, items 2–3; DOMAIN.md §2 and §9)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse

from integritas.conftest import Tree
from integritas.core.actors import Public, System

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse
from integritas.core.models import AuditEvent, IdempotencyRecord
from integritas.core.tests.factories import OrganisationFactory, PemdaFactory
from integritas.surveys import services
from integritas.surveys.choices import Channel
from integritas.surveys.models import Response, Survey
from integritas.surveys.tests.factories import SurveyFactory, all_answers

pytestmark = pytest.mark.django_db


def _survey_in_zone(zone: str, *, closes_on: dt.date) -> Survey:
    pemda = PemdaFactory(timezone=zone)
    unit = OrganisationFactory(parent=pemda, is_public_service=True)
    return SurveyFactory(unit=unit, opens_on=dt.date(2025, 7, 1), closes_on=closes_on)


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
def test_window_closes_at_the_end_of_the_local_day(zone: str) -> None:
    survey = _survey_in_zone(zone, closes_on=dt.date(2025, 9, 30))
    local = ZoneInfo(zone)
    late = dt.datetime(2025, 9, 30, 23, 30, tzinfo=local)
    too_late = dt.datetime(2025, 10, 1, 0, 1, tzinfo=local)
    assert services.survey_window_state(survey, late) == "open"
    assert (
        services.response_submit(
            actor=Public("web"), survey=survey, answers=all_answers(3), now=late
        )
        == "2025-Q3"
    )
    with pytest.raises(services.SurveyClosed):
        services.response_submit(
            actor=Public("web"), survey=survey, answers=all_answers(3), now=too_late
        )
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_period_follows_the_local_date_not_utc() -> None:
    """00:30 WIT on 1 October is still 30 September in UTC: it counts in Q4 locally."""
    survey = _survey_in_zone("Asia/Jayapura", closes_on=dt.date(2025, 12, 31))
    now = dt.datetime(2025, 10, 1, 0, 30, tzinfo=ZoneInfo("Asia/Jayapura"))
    assert now.astimezone(dt.UTC).date() == dt.date(2025, 9, 30)
    assert (
        services.response_submit(
            actor=Public("web"), survey=survey, answers=all_answers(4), now=now
        )
        == "2025-Q4"
    )
    stored = Response.objects.get(survey=survey)
    assert stored.submitted_on == dt.date(2025, 10, 1)


def test_window_opens_at_local_midnight() -> None:
    survey = _survey_in_zone("Asia/Makassar", closes_on=dt.date(2025, 9, 30))
    local = ZoneInfo("Asia/Makassar")
    assert (
        services.survey_window_state(survey, dt.datetime(2025, 6, 30, 23, 59, tzinfo=local))
        == "not_yet"
    )
    assert services.survey_window_state(survey, dt.datetime(2025, 7, 1, 0, 0, tzinfo=local)) == (
        "open"
    )


def test_answers_outside_1_to_4_missing_or_unknown_are_refused(tree: Tree) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    bad = {**all_answers(4), "U3": 5}
    with pytest.raises(ValidationError) as error:
        services.response_submit(actor=Public("web"), survey=survey, answers=bad)
    assert any("U3" in m and "1–4" in m for m in error.value.messages)
    missing = all_answers(4)
    del missing["U9"]
    with pytest.raises(ValidationError) as error:
        services.response_submit(actor=Public("web"), survey=survey, answers=missing)
    assert any("U9" in m for m in error.value.messages)
    with pytest.raises(ValidationError):
        services.response_submit(
            actor=Public("web"), survey=survey, answers={**all_answers(4), "U10": 4}
        )
    with pytest.raises(ValidationError):
        services.response_submit(
            actor=Public("web"), survey=survey, answers={**all_answers(4), "U1": True}
        )
    assert not Response.objects.exists()


API = "/api/v1/surveys"


def _post(
    client: Client, slug: str, body: object, key: str | None = None
) -> _MonkeyPatchedWSGIResponse:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"{API}/{slug}/responses",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def test_api_submission_is_idempotent(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    body = {"answers": all_answers(3), "profile": {"sex": "P", "age": 34}}
    first = _post(client, survey.slug, body, key="kunci-offline-0001")
    assert first.status_code == 201, first.content
    replay = _post(client, survey.slug, body, key="kunci-offline-0001")
    assert replay.status_code == 200
    assert replay.json() == first.json()
    assert Response.objects.filter(survey=survey).count() == 1
    stored = Response.objects.get(survey=survey)
    assert (stored.sex, stored.age_band, stored.channel) == ("P", "30-39", Channel.API)
    other = _post(client, survey.slug, {"answers": all_answers(1)}, key="kunci-offline-0001")
    assert other.status_code == 422
    assert Response.objects.filter(survey=survey).count() == 1


def test_api_errors_are_clear(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    out_of_range = _post(client, survey.slug, {"answers": {**all_answers(4), "U2": 7}})
    assert out_of_range.status_code == 422
    assert any("U2" in e and "1–4" in e for e in out_of_range.json()["errors"])
    partial = {k: v for k, v in all_answers(4).items() if k != "U5"}
    missing = _post(client, survey.slug, {"answers": partial})
    assert missing.status_code == 422
    assert any("U5" in e for e in missing.json()["errors"])
    bad_key = _post(client, survey.slug, {"answers": all_answers(4)}, key="x")
    # The key's pattern is in the schema (issue 11, item 9): schema-invalid input, 422.
    assert bad_key.status_code == 422
    assert any(e.startswith("Idempotency-Key") for e in bad_key.json()["errors"])
    assert _post(client, "tidak-ada", {"answers": all_answers(4)}).status_code == 404
    assert not Response.objects.exists()


def test_api_refuses_a_closed_period(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(
        unit=tree.mpp, opens_on=dt.date(2024, 1, 1), closes_on=dt.date(2024, 3, 31)
    )
    response = _post(client, survey.slug, {"answers": all_answers(4)}, key="kunci-tutup-01")
    assert response.status_code == 422
    assert "ditutup" in response.json()["detail"]
    assert not Response.objects.exists()
    assert not IdempotencyRecord.objects.exists()


def _form_data(key: str, value: int = 4) -> dict[str, str]:
    return {"kunci": key, **{k: str(value) for k in all_answers(value)}}


def test_web_form_double_submit_stores_one_response(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    url = reverse("surveys_public:answer", kwargs={"slug": survey.slug})
    page = client.get(url)
    assert page.status_code == 200
    key = page.context["form"]["kunci"].value()
    assert key and len(key) >= 16
    data = {**_form_data(key), "sex": "L", "suggestion": "Antrean lebih cepat"}
    for _ in range(3):  # double click, then a refresh that resends the POST
        response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"].endswith("/terima-kasih/")
    assert Response.objects.filter(survey=survey).count() == 1
    # A freshly rendered form carries a new key: a second visitor is a second response.
    fresh = client.get(url).context["form"]["kunci"].value()
    assert fresh != key
    assert client.post(url, _form_data(fresh, 2)).status_code == 302
    assert Response.objects.filter(survey=survey).count() == 2


def test_web_form_shows_errors_in_indonesian_and_stores_nothing(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    url = reverse("surveys_public:answer", kwargs={"slug": survey.slug})
    data = _form_data("kunci-form-001")
    del data["U4"]
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Silakan pilih" in html
    assert not Response.objects.exists()


def test_closed_survey_page_says_so(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(
        unit=tree.mpp, opens_on=dt.date(2024, 1, 1), closes_on=dt.date(2024, 1, 31)
    )
    response = client.get(reverse("surveys_public:answer", kwargs={"slug": survey.slug}))
    html = response.content.decode()
    assert "Survei ini sudah ditutup" in html
    assert '<form method="post"' not in html.split("<main")[1]


def test_answer_page_is_light_accessible_and_script_free(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    response = client.get(reverse("surveys_public:answer", kwargs={"slug": survey.slug}))
    html = response.content.decode()
    assert len(response.content) < 100_000
    assert "<script" not in html
    assert html.count('<fieldset class="question') == 9
    assert html.count("<legend>") >= 9
    for label in ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai", "Gratis"):
        assert label in html
    assert 'style="' not in html


def test_rate_limit_is_per_kiosk_not_per_address(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    counter, _token_a = services.kiosk_create(
        actor=System("test"), survey=survey, name="Loket 1", limit_per_hour=2
    )
    lobby, token_b = services.kiosk_create(
        actor=System("test"), survey=survey, name="Lobi", limit_per_hour=5
    )
    _kiosk, token_a = counter, _token_a
    url_a = reverse("surveys_public:kiosk", kwargs={"slug": survey.slug, "token": token_a})
    url_b = reverse("surveys_public:kiosk", kwargs={"slug": survey.slug, "token": token_b})
    web = reverse("surveys_public:answer", kwargs={"slug": survey.slug})
    # Everything below comes from the same client address (one office behind one NAT).
    statuses_a = [client.post(url_a, _form_data(f"kios-a-{i:04d}")).status_code for i in range(3)]
    assert statuses_a == [302, 302, 429]
    assert client.post(url_b, _form_data("kios-b-0001")).status_code == 302
    assert client.post(web, _form_data("web-00000001")).status_code == 302
    assert Response.objects.filter(channel=Channel.KIOSK).count() == 3
    assert Response.objects.filter(channel=Channel.WEB).count() == 1
    assert lobby.is_active


def test_web_channel_limit_is_configurable_per_survey(tree: Tree, client: Client) -> None:
    limited = SurveyFactory(unit=tree.mpp)
    services.survey_update(
        actor=System("test"),
        survey=limited,
        closes_on=None,
        web_limit_per_hour=1,
        api_limit_per_hour=0,
    )
    other = SurveyFactory(unit=tree.mpp)
    url = reverse("surveys_public:answer", kwargs={"slug": limited.slug})
    assert client.post(url, _form_data("web-lim-0001")).status_code == 302
    assert client.post(url, _form_data("web-lim-0002")).status_code == 429
    other_url = reverse("surveys_public:answer", kwargs={"slug": other.slug})
    assert client.post(other_url, _form_data("web-oth-0001")).status_code == 302
    # API limit 0 = no limit.
    for i in range(3):
        assert _post(client, limited.slug, {"answers": all_answers(3)}).status_code == 201, i


def test_unknown_or_switched_off_kiosk_is_404(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    kiosk, token = services.kiosk_create(actor=System("test"), survey=survey, name="Loket 2")
    url = reverse("surveys_public:kiosk", kwargs={"slug": survey.slug, "token": token})
    assert client.get(url).status_code == 200
    assert client.get(url.replace(token, "salah" * 5)).status_code == 404
    services.kiosk_deactivate(actor=System("test"), kiosk=kiosk)
    assert client.get(url).status_code == 404
    assert token not in json.dumps(list(AuditEvent.objects.values("before", "after")), default=str)


def test_a_response_stores_nothing_identifying() -> None:
    fields = {f.name: f for f in Response._meta.get_fields() if f.concrete}
    assert not any(isinstance(f, models.DateTimeField | models.TimeField) for f in fields.values())
    assert not any(
        word in name
        for name in fields
        for word in (
            "name",
            "nama",
            "phone",
            "email",
            "ip",
            "ticket",
            "kiosk",
            "user",
            "time",
            "created",
        )
    )
    assert fields["submitted_on"].get_internal_type() == "DateField"


def test_response_ids_are_random_and_the_audit_names_no_response(tree: Tree) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    for value in (1, 2, 3, 4):
        services.response_submit(actor=Public("web"), survey=survey, answers=all_answers(value))
    ids = list(Response.objects.order_by("id").values_list("id", flat=True))
    assert min(ids) > 1_000_000  # not 1, 2, 3, 4
    assert not AuditEvent.objects.filter(action="survey_response.submit").exists()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    assert services.responses_audit_daily(actor=System("test"), now=later) == 1
    assert services.responses_audit_daily(actor=System("test"), now=later) == 0  # once
    [event] = AuditEvent.objects.filter(action="survey_response.daily")
    assert event.target_id == str(survey.pk) and event.request_id == ""
    assert event.after is not None
    assert set(event.after) == {"day", "period", "count"} and event.after["count"] == 4
    assert not any(str(i) in json.dumps(event.after) for i in ids)


def test_idempotency_record_cannot_be_joined_to_the_answers(tree: Tree) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    services.response_submit_once(
        actor=Public("web"),
        survey=survey,
        key="kunci-anonim-01",
        answers=all_answers(2),
        profile={"sex": "L"},
    )
    record = IdempotencyRecord.objects.get()
    from integritas.core.idempotency import payload_hash

    plain = payload_hash({"answers": all_answers(2), "profile": {"sex": "L"}, "suggestion": ""})
    assert record.request_hash != plain
    assert set(record.response_body) == {"survey", "period", "status"}
    # Issue 11 item 1: no client key, no payload digest anyone could recompute, no instant.
    assert "kunci-anonim-01" not in record.key
    secret_digest = services.responses._payload_digest(
        survey, "web", {"answers": all_answers(2), "profile": {"sex": "L"}, "suggestion": ""}
    )
    assert record.request_hash not in (secret_digest, payload_hash({"digest": secret_digest}))
    assert record.created_at.time() == dt.time(0, 0)
    again = services.response_submit_once(
        actor=Public("web"),
        survey=survey,
        key="kunci-anonim-01",
        answers=all_answers(2),
        profile={"sex": "L"},
    )
    assert again.replayed and Response.objects.count() == 1
