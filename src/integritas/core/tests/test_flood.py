"""Flood gates (core.ratelimit, issue 11 item 2): per-source buckets keyed by a hash of the
network, office networks exempt, proof-of-work challenges that are signed, expiring and
single-use."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory, override_settings
from django.utils import timezone

from integritas.core import ratelimit
from integritas.core.models import RateLimitCounter

pytestmark = pytest.mark.django_db


def request_from(address: str) -> object:
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_source_is_a_keyed_hash_of_the_network_never_the_address() -> None:
    a = ratelimit.source_of(request_from("203.0.113.5"))  # type: ignore[arg-type]
    same_24 = ratelimit.source_of(request_from("203.0.113.200"))  # type: ignore[arg-type]
    other = ratelimit.source_of(request_from("198.51.100.7"))  # type: ignore[arg-type]
    v6 = ratelimit.source_of(request_from("2001:db8:1:2::5"))  # type: ignore[arg-type]
    same_64 = ratelimit.source_of(request_from("2001:db8:1:2:ffff::1"))  # type: ignore[arg-type]
    assert a and a == same_24 and a != other
    assert v6 and v6 == same_64 and v6 != a
    assert "203.0.113" not in a and "2001" not in v6


def test_daily_key_changes_the_hash_every_day() -> None:
    now = timezone.now()
    req = request_from("203.0.113.5")
    today = ratelimit.source_of(req, daily_key=True, now=now)  # type: ignore[arg-type]
    tomorrow = ratelimit.source_of(req, daily_key=True, now=now + dt.timedelta(days=1))  # type: ignore[arg-type]
    assert today and tomorrow and today != tomorrow
    assert today != ratelimit.source_of(req)  # type: ignore[arg-type]


@override_settings(INTEGRITAS_OFFICE_NETWORKS="10.20.0.0/16, 2001:db8:aa::/48")
def test_office_networks_are_exempt() -> None:
    assert ratelimit.source_of(request_from("10.20.3.4")) is None  # type: ignore[arg-type]
    assert ratelimit.source_of(request_from("2001:db8:aa:1::9")) is None  # type: ignore[arg-type]
    assert ratelimit.source_of(request_from("10.21.3.4")) is not None  # type: ignore[arg-type]


def test_a_source_over_its_limit_does_not_use_up_the_channel() -> None:
    flood = ratelimit.Flood(name="t", ceiling=5, window=60, per_source=2, pow_at=0)
    for _ in range(2):
        ratelimit.admit(flood, source="a")
    for _ in range(50):
        with pytest.raises(ratelimit.Refused) as exc:
            ratelimit.admit(flood, source="a")
        assert exc.value.reason == "source"
    for source in ("b", "b", "c"):  # 2 + 3 = the ceiling, reached by admitted posts only
        ratelimit.admit(flood, source=source)
    with pytest.raises(ratelimit.Refused) as exc:
        ratelimit.admit(flood, source="d")
    assert exc.value.reason == "channel"
    assert not RateLimitCounter.objects.filter(bucket__contains="203.0.113").exists()


def test_refund_takes_back_an_admitted_post() -> None:
    flood = ratelimit.Flood(name="t", ceiling=1, window=60, per_source=1, pow_at=0)
    ratelimit.admit(flood, source="a")
    ratelimit.refund(flood, source="a")
    ratelimit.admit(flood, source="a")


def test_proof_of_work_is_signed_single_use_and_expiring() -> None:
    flood = ratelimit.Flood(name="t", ceiling=10, window=60, pow_at=1, pow_bits=8, pow_wait=30)
    ratelimit.admit(flood, source=None)
    with pytest.raises(ratelimit.Refused) as exc:
        ratelimit.admit(flood, source=None)  # under load, no token
    challenge = exc.value.challenge
    assert exc.value.reason == "pow" and ratelimit.pow_bits(challenge) == 8
    token = ratelimit.pow_solve(challenge)
    digest = __import__("hashlib").sha256(token.encode()).digest()
    assert ratelimit.leading_zero_bits(digest) >= 8
    ratelimit.admit(flood, source=None, token=token)
    with pytest.raises(ratelimit.Refused):
        ratelimit.admit(flood, source=None, token=token)  # single use
    forged = ratelimit.pow_solve(challenge.replace(".", "x.", 1))
    assert not ratelimit.pow_check(forged, flood)
    other = ratelimit.pow_issue(flood)
    assert not ratelimit.pow_check(f"{other}:", flood)  # the wait has not passed
    later = timezone.now() + dt.timedelta(seconds=31)
    assert ratelimit.pow_check(f"{other}:", flood, now=later)  # no JavaScript: waited out
    stale = ratelimit.pow_solve(ratelimit.pow_issue(flood))
    expired = timezone.now() + dt.timedelta(seconds=ratelimit.POW_TTL_SECONDS + 1)
    assert not ratelimit.pow_check(stale, flood, now=expired)
    wrong_channel = ratelimit.Flood(name="u", ceiling=10, window=60)
    assert not ratelimit.pow_check(ratelimit.pow_solve(ratelimit.pow_issue(flood)), wrong_channel)


def test_source_windows_are_pruned_when_they_end() -> None:
    flood = ratelimit.Flood(name="t", ceiling=0, window=60, per_source=5, pow_at=0)
    ratelimit.admit(flood, source="a")
    later = timezone.now() + dt.timedelta(seconds=2 * ratelimit.SOURCE_WINDOW_SECONDS)
    assert ratelimit.prune_sources(later) == 1
    assert not RateLimitCounter.objects.filter(bucket__startswith="src:").exists()
