"""Fixed-window rate limits stored in the database, shared by every worker and server.

Limits are set per *bucket*, chosen by the caller: a kiosk (``survey:kiosk:<id>``), a channel
(``complaint:web``), or a client address — never one fixed per-IP cap that would block a whole
office behind one NAT address (issue 4). A limit of 0 means "no limit".
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import random
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from integritas.core.models import RateLimitCounter


def _window_start(now: dt.datetime, window_seconds: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % window_seconds, tz=dt.UTC)


def hit(bucket: str, *, limit: int, window_seconds: int, now: dt.datetime | None = None) -> bool:
    """Count one request in ``bucket``; return False when it exceeds ``limit`` per window.

    ``limit`` 0 disables the limit (nothing is counted). Windows are aligned to multiples of
    ``window_seconds`` since the epoch (UTC). Old windows are pruned now and then.
    """
    if limit <= 0:
        return True
    now = now or timezone.now()
    start = _window_start(now, window_seconds)
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(bucket=bucket, window_start=start).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(bucket=bucket, window_start=start, count=1)
            except IntegrityError:
                RateLimitCounter.objects.filter(bucket=bucket, window_start=start).update(
                    count=F("count") + 1
                )
        count = (
            RateLimitCounter.objects.filter(bucket=bucket, window_start=start)
            .values_list("count", flat=True)
            .first()
        )
    if random.random() < 0.01:  # noqa: S311 - housekeeping, not security
        RateLimitCounter.objects.filter(window_start__lt=now - dt.timedelta(days=1)).delete()
    if bucket.startswith(SOURCE_PREFIX) and random.random() < 0.1:  # noqa: S311
        prune_sources(now)
    return (count or 0) <= limit


# -- floods that cannot silence everyone (issue 11, item 2) ------------------------------------
#
# A public write passes three gates, in this order, and only AFTER its own validation (an
# invalid post costs nothing but its sender's time):
#
# 1. the *per-source* bucket: a keyed hash of the sender's network (the client address's /24
#    for IPv4, /64 for IPv6), a short window. Kiosks (their token) and the registered office
#    networks (``INTEGRITAS_OFFICE_NETWORKS``) are exempt. A source over its own limit is
#    refused WITHOUT counting toward the channel: one sender can never use up more than its
#    own share of the channel;
# 2. under load (the channel's count past its ``pow_at`` threshold) an anonymous post needs a
#    proof-of-work token (:func:`pow_issue` / :func:`pow_check`): solved by
#    ``static/integritas/pow.js`` where JavaScript runs, or, without JavaScript, accepted once
#    ``pow_wait`` seconds have passed since it was issued (slower, never blocked);
# 3. the channel ceiling.
#
# No plain address is stored: the counter's bucket holds an HMAC of the network under a key
# derived from ``SECRET_KEY`` (for the WBS a key that changes every day), and source windows
# are pruned as soon as they end.

SOURCE_PREFIX = "src:"
#: Window of every per-source bucket: short, and pruned when it ends.
SOURCE_WINDOW_SECONDS = 600


@dataclass(frozen=True)
class Flood:
    """The flood settings of one channel (``INTEGRITAS_FLOOD[name]`` overrides the defaults).

    ``ceiling`` per ``window`` seconds for the whole channel (0 = none); ``per_source`` per
    :data:`SOURCE_WINDOW_SECONDS` for one network (0 = none); ``pow_at``: the channel count
    from which posts need a proof-of-work token (0 = never); ``pow_bits``: leading zero bits;
    ``pow_wait``: seconds a browser without JavaScript waits instead.
    """

    name: str
    ceiling: int
    window: int
    per_source: int = 30
    pow_at: int = 0
    pow_bits: int = 18
    pow_wait: int = 20

    @classmethod
    def of(cls, name: str, *, ceiling: int, window: int, **defaults: int) -> Flood:
        overrides: dict[str, int] = dict(getattr(settings, "INTEGRITAS_FLOOD", {}).get(name, {}))
        values: dict[str, int] = {
            "ceiling": ceiling,
            "window": window,
            "pow_at": ceiling // 2,
            **defaults,
            **overrides,
        }
        return cls(name=name, **values)


def _network(address: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 64
    return ipaddress.ip_network(f"{ip}/{prefix}", strict=False)


def _office_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    raw = getattr(settings, "INTEGRITAS_OFFICE_NETWORKS", ())
    if isinstance(raw, str):
        raw = [part for part in raw.replace(",", " ").split() if part]
    return [ipaddress.ip_network(str(cidr), strict=False) for cidr in raw]


def _key(purpose: str, *, daily: bool, now: dt.datetime) -> bytes:
    label = f"integritas.ratelimit.{purpose}"
    if daily:
        label += f".{now.astimezone(dt.UTC).date().isoformat()}"
    return hmac.new(settings.SECRET_KEY.encode(), label.encode(), hashlib.sha256).digest()


def source_of(
    request: HttpRequest, *, daily_key: bool = False, now: dt.datetime | None = None
) -> str | None:
    """The per-source bucket id of ``request``: ``None`` when exempt (an office network).

    A keyed hash of the client's /24 (IPv4) or /64 (IPv6) network, never the address.
    ``daily_key`` (the WBS) changes the key every UTC day, so a hash cannot be followed from
    one day to the next.
    """
    from integritas.core.middleware import client_address

    address = client_address(request)
    network = _network(address)
    if network is None:
        return None
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in office for office in _office_networks() if office.version == ip.version):
        return None
    now = now or timezone.now()
    digest = hmac.new(
        _key("source", daily=daily_key, now=now), str(network).encode(), hashlib.sha256
    ).hexdigest()
    return digest[:32]


def _count(bucket: str, window_seconds: int, now: dt.datetime) -> int:
    start = _window_start(now, window_seconds)
    value = (
        RateLimitCounter.objects.filter(bucket=bucket, window_start=start)
        .values_list("count", flat=True)
        .first()
    )
    return int(value or 0)


def under_load(flood: Flood, *, now: dt.datetime | None = None) -> bool:
    """True when the channel has counted ``pow_at`` posts or more in its current window."""
    if flood.pow_at <= 0:
        return False
    return _count(f"flood:{flood.name}", flood.window, now or timezone.now()) >= flood.pow_at


class Refused(Exception):
    """A flood gate refused the post: ``reason`` is ``source``, ``channel`` or ``pow``.

    For ``pow`` the exception carries a fresh ``challenge`` for the sender to solve.
    """

    def __init__(self, reason: str, challenge: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.challenge = challenge


def admit(
    flood: Flood,
    *,
    source: str | None,
    token: str = "",
    anonymous: bool = True,
    now: dt.datetime | None = None,
) -> None:
    """Count one VALID post on ``flood`` from ``source``; raise :class:`Refused` otherwise.

    Call it after the post's own validation. ``source`` None (a kiosk, an office network)
    skips the per-source bucket; ``anonymous`` False (a kiosk) skips the proof of work.
    """
    now = now or timezone.now()
    if (
        source is not None
        and flood.per_source > 0
        and not hit(
            f"{SOURCE_PREFIX}{flood.name}:{source}",
            limit=flood.per_source,
            window_seconds=SOURCE_WINDOW_SECONDS,
            now=now,
        )
    ):
        raise Refused("source")
    if anonymous and under_load(flood, now=now) and not pow_check(token, flood, now=now):
        raise Refused("pow", pow_issue(flood, now=now))
    if not hit(f"flood:{flood.name}", limit=flood.ceiling, window_seconds=flood.window, now=now):
        raise Refused("channel")


def prune_sources(now: dt.datetime | None = None) -> int:
    """Delete per-source windows that have ended (no hashed source is kept longer)."""
    now = now or timezone.now()
    cutoff = _window_start(now, SOURCE_WINDOW_SECONDS)
    deleted, _ = RateLimitCounter.objects.filter(
        bucket__startswith=SOURCE_PREFIX, window_start__lt=cutoff
    ).delete()
    return deleted


# -- proof of work ------------------------------------------------------------------------------
#
# A challenge is ``<payload>.<signature>``: payload = base64url of JSON {"f": flood name,
# "n": random nonce, "b": bits, "i": issued (epoch s), "x": expires, "w": not-before for the
# wait path}; signature = HMAC-SHA256 under a key derived from SECRET_KEY. A solution is a
# string ``s`` such that SHA-256(``<challenge>:<s>``) starts with ``b`` zero bits; the token
# sent back is ``<challenge>:<s>`` (``<challenge>:`` alone for the wait path). Each nonce is
# accepted once (a counter row ``pow:<nonce>`` with limit 1).

POW_TTL_SECONDS = 600


def pow_issue(flood: Flood, *, now: dt.datetime | None = None) -> str:
    """A fresh signed challenge for ``flood``."""
    now = now or timezone.now()
    issued = int(now.timestamp())
    body = {
        "f": flood.name,
        "n": secrets.token_urlsafe(12),
        "b": flood.pow_bits,
        "i": issued,
        "x": issued + POW_TTL_SECONDS,
        "w": issued + flood.pow_wait,
    }
    payload = base64.urlsafe_b64encode(json.dumps(body, separators=(",", ":")).encode())
    text = payload.decode().rstrip("=")
    return f"{text}.{_pow_signature(text, now)}"


def _pow_signature(payload: str, now: dt.datetime) -> str:
    key = _key("pow", daily=False, now=now)
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()[:32]


def pow_bits(challenge: str) -> int:
    """The difficulty a challenge asks for (0 when unreadable)."""
    body = _pow_body(challenge)
    return int(body.get("b", 0)) if body else 0


def _pow_body(challenge: str) -> dict[str, Any] | None:
    payload, _, signature = challenge.partition(".")
    if not payload or not hmac.compare_digest(signature, _pow_signature(payload, timezone.now())):
        return None
    try:
        body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, json.JSONDecodeError):
        return None
    return body if isinstance(body, dict) else None


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def pow_solve(challenge: str) -> str:
    """Solve ``challenge`` (for API clients written in Python, and tests); return the token."""
    bits = pow_bits(challenge)
    counter = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
        if leading_zero_bits(digest) >= bits:
            return f"{challenge}:{counter}"
        counter += 1


def pow_check(token: str, flood: Flood, *, now: dt.datetime | None = None) -> bool:
    """True for a valid, unexpired, unused token of ``flood`` (solved, or waited out)."""
    now = now or timezone.now()
    challenge, _, solution = (token or "").strip().rpartition(":")
    body = _pow_body(challenge)
    if body is None or body.get("f") != flood.name:
        return False
    moment = now.timestamp()
    if moment > float(body.get("x", 0)):
        return False
    if solution:
        digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
        if leading_zero_bits(digest) < int(body.get("b", 256)):
            return False
    elif moment < float(body.get("w", 0)):
        return False
    nonce = hashlib.sha256(str(body.get("n", "")).encode()).hexdigest()[:32]
    return hit(f"pow:{nonce}", limit=1, window_seconds=POW_TTL_SECONDS * 2, now=now)


def pow_context(
    flood: Flood, challenge: str = "", *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Template context for ``core/_pow.html``: a challenge when ``challenge`` is given (a
    refused post) or the channel is under load; empty otherwise (no field, no script)."""
    if not challenge and under_load(flood, now=now):
        challenge = pow_issue(flood, now=now)
    if not challenge:
        return {}
    return {"pow_challenge": challenge, "pow_bits": pow_bits(challenge), "pow_wait": flood.pow_wait}


def refusal_body(exc: Refused, message: str) -> dict[str, Any]:
    """The JSON body of an API 429: ``detail``, and for a proof of work the ``challenge``,
    its ``bits`` and how to answer (documented in the API description)."""
    body: dict[str, Any] = {"detail": message}
    if exc.challenge:
        body["challenge"] = exc.challenge
        body["bits"] = pow_bits(exc.challenge)
    return body


def refund(flood: Flood, *, source: str | None, now: dt.datetime | None = None) -> None:
    """Take back one :func:`admit` whose post the service then refused as invalid: only
    what passes validation counts toward the limits."""
    now = now or timezone.now()
    buckets = [(f"flood:{flood.name}", flood.window)]
    if source is not None:
        buckets.append((f"{SOURCE_PREFIX}{flood.name}:{source}", SOURCE_WINDOW_SECONDS))
    for bucket, window in buckets:
        RateLimitCounter.objects.filter(
            bucket=bucket, window_start=_window_start(now, window), count__gt=0
        ).update(count=F("count") - 1)
