"""A flood from one source cannot silence other citizens (issue 11, item 2): only valid posts
count, each source has its own bucket beneath the channel ceiling, offices are exempt, and
under load a post costs its sender a proof of work."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from integritas.complaints.models import Complaint
from integritas.complaints.tests.test_public import API, api_body, form_data
from integritas.conftest import Tree
from integritas.core import ratelimit
from integritas.core.models import RateLimitCounter

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
CITIZEN = "198.51.100.20"
NO_POW = {"pow_at": 0}


def submit_url() -> str:
    return reverse("complaints_public:submit")


def track_url() -> str:
    return reverse("complaints_public:track")


@override_settings(
    COMPLAINTS_RATE_LIMITS={"web": (10, 60), "api": (10, 60), "track": (20, 60)},
    INTEGRITAS_FLOOD={
        "complaints:web": {"per_source": 3, **NO_POW},
        "complaints:api": {"per_source": 3, **NO_POW},
        "complaints:track": {"per_source": 5},
    },
)
def test_a_flood_from_one_source_leaves_another_sources_complaint_and_lookup(
    client: Client, tree: Tree
) -> None:
    web = [
        client.post(
            submit_url(),
            form_data(form_key=f"banjir-{i:04d}", subject=f"Banjir nomor {i}"),
            REMOTE_ADDR=ATTACKER,
        ).status_code
        for i in range(30)
    ]
    assert web[:3] == [302] * 3 and set(web[3:]) == {429}
    api = [
        client.post(
            API,
            api_body(subject=f"Banjir API {i}"),
            content_type="application/json",
            REMOTE_ADDR="203.0.113.67",  # the same /24: the same source
        ).status_code
        for i in range(30)
    ]
    assert api[:3] == [201] * 3 and set(api[3:]) == {429}
    lookups = [
        client.post(
            track_url(),
            {"code": f"AAAA-BBBB-{i:04d}".replace("0", "A").replace("1", "C")},
            REMOTE_ADDR=ATTACKER,
        ).status_code
        for i in range(40)
    ]
    assert 429 in lookups
    # Another citizen is not silenced: complaint (web and API) and lookup accepted.
    citizen = Client()
    ok = citizen.post(submit_url(), form_data(form_key="warga-0001"), REMOTE_ADDR=CITIZEN)
    assert ok.status_code == 302
    code = citizen.get(ok["Location"]).context["code"]
    assert (
        citizen.post(
            API, api_body(), content_type="application/json", REMOTE_ADDR=CITIZEN
        ).status_code
        == 201
    )
    found = citizen.post(track_url(), {"code": code}, REMOTE_ADDR=CITIZEN)
    assert found.status_code == 200
    # No plain address at rest.
    buckets = " ".join(RateLimitCounter.objects.values_list("bucket", flat=True))
    assert "203.0.113" not in buckets and "198.51.100" not in buckets


@override_settings(
    COMPLAINTS_RATE_LIMITS={"web": (2, 60), "api": (2, 60), "track": (3, 60)},
    INTEGRITAS_FLOOD={"complaints:web": NO_POW, "complaints:api": NO_POW},
)
def test_invalid_posts_do_not_use_up_the_channel(client: Client, tree: Tree) -> None:
    for i in range(300):
        empty = client.post(
            submit_url(), {"form_key": f"kosong-{i:04d}"}, REMOTE_ADDR=f"10.{i}.0.1"
        )
        assert empty.status_code == 400
    for i in range(50):
        refused = client.post(
            API,
            api_body(subject="", description=""),
            content_type="application/json",
            REMOTE_ADDR=f"172.16.{i}.1",
        )
        assert refused.status_code == 400
    for i in range(50):
        assert client.post(track_url(), {"code": f"bukan-kode-{i}"}).status_code == 404
    assert client.post(submit_url(), form_data(), REMOTE_ADDR=CITIZEN).status_code == 302
    created = client.post(API, api_body(), content_type="application/json", REMOTE_ADDR=CITIZEN)
    assert created.status_code == 201
    code = created.json()["tracking_code"]
    assert client.post(track_url(), {"code": code}, REMOTE_ADDR=CITIZEN).status_code == 200


@override_settings(
    INTEGRITAS_OFFICE_NETWORKS="192.0.2.0/24",
    INTEGRITAS_FLOOD={"complaints:web": {"per_source": 1, **NO_POW}},
)
def test_office_networks_are_exempt_from_the_per_source_bucket(client: Client, tree: Tree) -> None:
    for i in range(4):
        response = client.post(
            submit_url(),
            form_data(form_key=f"kantor-{i:04d}", subject=f"Dari kantor {i}"),
            REMOTE_ADDR="192.0.2.10",
        )
        assert response.status_code == 302
    assert Complaint.objects.count() == 4


@override_settings(INTEGRITAS_FLOOD={"complaints:api": {"pow_at": 1, "pow_bits": 8}})
def test_api_under_load_answers_429_with_a_challenge_it_can_solve(
    client: Client, tree: Tree
) -> None:
    first = client.post(API, api_body(subject="Pertama"), content_type="application/json")
    assert first.status_code == 201
    refused = client.post(API, api_body(subject="Kedua"), content_type="application/json")
    assert refused.status_code == 429
    body = refused.json()
    assert body["bits"] == 8 and body["challenge"]
    token = ratelimit.pow_solve(body["challenge"])
    headers = {"X-Integritas-Pow": token}
    solved = client.post(
        API, api_body(subject="Kedua"), content_type="application/json", headers=headers
    )
    assert solved.status_code == 201
    replayed = client.post(
        API, api_body(subject="Ketiga"), content_type="application/json", headers=headers
    )
    assert replayed.status_code == 429  # single use
    schema = client.get("/api/v1/openapi.json").json()
    assert "challenge" in schema["components"]["schemas"]["RefusedOut"]["properties"]


@override_settings(INTEGRITAS_FLOOD={"complaints:web": {"pow_at": 1, "pow_wait": 0}})
def test_web_form_under_load_without_javascript_is_slower_never_blocked(
    client: Client, tree: Tree
) -> None:
    assert client.post(submit_url(), form_data(form_key="pertama-0001")).status_code == 302
    page = client.get(submit_url())
    html = page.content.decode()
    assert 'name="pow_token"' in html and "integritas/pow.js" in html
    challenge = page.context["pow_challenge"]
    # Without JavaScript the browser sends the challenge unsolved ("<challenge>:"): accepted
    # once the wait (here 0 s) has passed; refused without any token.
    bare = client.post(submit_url(), form_data(form_key="kedua-0001", subject="Kedua kalinya"))
    assert bare.status_code == 429 and bare.context["pow_challenge"]
    sent = client.post(
        submit_url(),
        {**form_data(form_key="kedua-0001", subject="Kedua kalinya"), "pow_token": f"{challenge}:"},
    )
    assert sent.status_code == 302
