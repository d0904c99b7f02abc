"""Staff lockout keyed on account and source, with a growing pause, and the officer told
(issue 11, item 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from integritas.conftest import Tree
from integritas.core.tests.factories import PASSWORD


def _fail(address: str, username: str = "admin_user") -> int:
    response = Client(REMOTE_ADDR=address).post(
        "/app/masuk/", {"username": username, "password": "wrong"}
    )
    return response.status_code


def _pause(address: str, username: str = "admin_user") -> dt.timedelta:
    attempt = AccessAttempt.objects.get(username=username, ip_address=address)
    pause: dt.timedelta = attempt.expiration.expires_at - attempt.attempt_time
    return pause


@pytest.mark.django_db
def test_a_flood_from_one_source_does_not_lock_the_officer_out_elsewhere(tree: Tree) -> None:
    for _ in range(40):
        _fail("203.0.113.7")
    assert _fail("203.0.113.7") == 429
    office = Client(REMOTE_ADDR="10.20.30.40")
    response = office.post("/app/masuk/", {"username": "admin_user", "password": PASSWORD})
    assert response.status_code == 302
    assert office.get("/app/").status_code == 200


@pytest.mark.django_db
def test_failures_spread_over_sources_each_count_for_their_own_source(tree: Tree) -> None:
    for n in range(4):
        assert _fail("198.51.100.1") == 200, n
        assert _fail("198.51.100.2") == 200, n
    assert _fail("198.51.100.1") == 429
    assert _fail("198.51.100.2") == 429
    assert _fail("198.51.100.3") == 200


@pytest.mark.django_db
def test_the_pause_grows_with_each_further_failure_up_to_a_ceiling(tree: Tree) -> None:
    source = "203.0.113.8"
    for _ in range(5):
        _fail(source)
    first = _pause(source)
    assert first == dt.timedelta(minutes=30)
    _fail(source)  # refused while locked, and counted
    assert _pause(source) == dt.timedelta(minutes=60)
    _fail(source)
    assert _pause(source) == dt.timedelta(minutes=120)
    for _ in range(20):
        _fail(source)
    assert _pause(source) == dt.timedelta(hours=24)
    # once the pause is over the source may try again (and succeed with the right password)
    attempt = AccessAttempt.objects.get(username="admin_user", ip_address=source)
    past = timezone.now() - dt.timedelta(hours=25)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=past)
    type(attempt.expiration).objects.filter(pk=attempt.expiration.pk).update(expires_at=past)
    again = Client(REMOTE_ADDR=source)
    response = again.post("/app/masuk/", {"username": "admin_user", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_officer_is_told_by_mail_once_and_at_the_next_sign_in(tree: Tree) -> None:
    officer = tree.users["admin"]
    for _ in range(12):
        _fail("203.0.113.9")
    assert len(mail.outbox) == 1  # one message per lockout, not one per attempt
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert "203.0.113.9" in message.body
    assert "http" in message.body  # an absolute link to the sign-in page
    # an unknown account gets no mail and the refusal looks the same
    for _ in range(6):
        _fail("203.0.113.9", username="tidak_ada")
    assert len(mail.outbox) == 1
    # the next successful sign-in shows what happened
    client = Client(REMOTE_ADDR="10.20.30.40")
    response = client.post(
        "/app/masuk/", {"username": "admin_user", "password": PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert "12 percobaan masuk gagal" in page
    assert "203.0.113.9" in page
    # and only once
    client.post("/app/keluar/")
    response = client.post(
        "/app/masuk/", {"username": "admin_user", "password": PASSWORD}, follow=True
    )
    assert "percobaan masuk gagal" not in response.content.decode()


def test_the_client_address_behind_a_trusted_proxy() -> None:
    from integritas.core.middleware import client_address

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    assert client_address(request) == "10.0.0.1"  # no proxy configured: the header is ignored
    with override_settings(INTEGRITAS_TRUSTED_PROXY_COUNT=1):
        assert client_address(request) == "203.0.113.5"  # not the client's claim (6.6.6.6)
        forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="x")
        assert client_address(forged) == "10.0.0.1"


@pytest.mark.django_db
@override_settings(INTEGRITAS_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_lockout_still_keys_on_the_real_source(tree: Tree) -> None:
    def attempt(address: str, password: str) -> int:
        response = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address).post(
            "/app/masuk/", {"username": "admin_user", "password": password}
        )
        return response.status_code

    for _ in range(5):
        attempt("203.0.113.66", "wrong")
    assert attempt("203.0.113.66", PASSWORD) == 429
    assert attempt("198.51.100.20", PASSWORD) == 302
