"""A flood from one source cannot silence other respondents (issue 11, item 2)."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from integritas.conftest import Tree
from integritas.core import ratelimit
from integritas.core.actors import System
from integritas.surveys import services
from integritas.surveys.models import Response
from integritas.surveys.services import responses
from integritas.surveys.tests.factories import SurveyFactory, all_answers

pytestmark = pytest.mark.django_db

API = "/api/v1/surveys"


def form(key: str, value: int = 4) -> dict[str, str]:
    return {"kunci": key, **{k: str(value) for k in all_answers(value)}}


def api(client: Client, slug: str, body: object, **extra: str) -> int:
    response = client.post(
        f"{API}/{slug}/responses",
        data=json.dumps(body),
        content_type="application/json",
        **extra,  # type: ignore[arg-type]
    )
    return response.status_code


def test_a_flood_from_one_source_leaves_another_sources_answer(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    services.survey_update(
        actor=System("test"),
        survey=survey,
        closes_on=None,
        web_limit_per_hour=100,
        api_limit_per_hour=20,
    )
    url = reverse("surveys_public:answer", kwargs={"slug": survey.slug})
    with override_settings(
        INTEGRITAS_FLOOD={
            f"survey:web:{survey.pk}": {"pow_at": 0},
            f"survey:api:{survey.pk}": {"pow_at": 0},
        }
    ):
        web = [
            client.post(url, form(f"banjir-{i:06d}"), REMOTE_ADDR="203.0.113.9").status_code
            for i in range(60)
        ]
        assert web.count(302) == responses.PER_SOURCE and web[-1] == 429
        flood_api = [
            api(client, survey.slug, {"answers": all_answers(3)}, REMOTE_ADDR="203.0.113.10")
            for _ in range(40)
        ]
        assert flood_api.count(201) == 20 and flood_api[-1] == 429  # the API ceiling (20)
        other = Client()
        assert other.post(url, form("warga-000001"), REMOTE_ADDR="198.51.100.3").status_code == 302


def test_invalid_answers_do_not_use_up_the_channel(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    services.survey_update(
        actor=System("test"),
        survey=survey,
        closes_on=None,
        web_limit_per_hour=2,
        api_limit_per_hour=2,
    )
    url = reverse("surveys_public:answer", kwargs={"slug": survey.slug})
    for i in range(100):
        bad = {**form(f"salah-{i:06d}"), "U1": "9"}
        assert client.post(url, bad, REMOTE_ADDR=f"10.0.{i}.1").status_code == 400
        assert api(client, survey.slug, {"answers": {"U1": 9}}, REMOTE_ADDR=f"10.1.{i}.1") == 422
    assert client.post(url, form("sah-000001"), REMOTE_ADDR="198.51.100.3").status_code == 302
    assert api(client, survey.slug, {"answers": all_answers(2)}, REMOTE_ADDR="198.51.100.3") == 201
    assert Response.objects.filter(survey=survey).count() == 2


def test_kiosks_are_exempt_from_the_per_source_bucket(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    _kiosk, token = services.kiosk_create(
        actor=System("test"), survey=survey, name="Loket 1", limit_per_hour=100
    )
    url = reverse("surveys_public:kiosk", kwargs={"slug": survey.slug, "token": token})
    web = reverse("surveys_public:answer", kwargs={"slug": survey.slug})
    with override_settings(INTEGRITAS_FLOOD={f"survey:web:{survey.pk}": {"per_source": 1}}):
        # One tablet, one address, many citizens in a row: all accepted, no challenge.
        for i in range(5):
            assert (
                client.post(url, form(f"kios-{i:06d}"), REMOTE_ADDR="203.0.113.9").status_code
                == 302
            )
        assert client.post(web, form("web-000001"), REMOTE_ADDR="203.0.113.9").status_code == 302
        assert client.post(web, form("web-000002"), REMOTE_ADDR="203.0.113.9").status_code == 429


def test_api_under_load_asks_for_a_proof_of_work(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    with override_settings(
        INTEGRITAS_FLOOD={f"survey:api:{survey.pk}": {"pow_at": 1, "pow_bits": 8}}
    ):
        assert api(client, survey.slug, {"answers": all_answers(3)}) == 201
        refused = client.post(
            f"{API}/{survey.slug}/responses",
            data=json.dumps({"answers": all_answers(3)}),
            content_type="application/json",
        )
        assert refused.status_code == 429 and refused.json()["bits"] == 8
        token = ratelimit.pow_solve(refused.json()["challenge"])
        assert (
            api(client, survey.slug, {"answers": all_answers(3)}, HTTP_X_INTEGRITAS_POW=token)
            == 201
        )
