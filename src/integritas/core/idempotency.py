"""Idempotent public submissions (DESIGN.md: "every public POST honours an Idempotency-Key").

A client sends a key with its POST (the API's ``Idempotency-Key`` header, or a hidden form
field generated when the form page was rendered). The first request runs the action and
stores its answer under ``(scope, key)`` in the same transaction; any replay — a double
click, a refresh, an offline resend, a concurrent duplicate — gets that first answer back and
stores nothing new.

Anonymous channels (survey answers, public complaint intake and tracking actions) pass
``anonymous=True``: the record then keeps ``sha256(scope, key)`` instead of the key, an HMAC of
the payload under the client's own key (nobody holding only the database can test a guess
of the answers against it), and the day instead of the instant (issue 11 item 1).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from integritas.core.models import IdempotencyRecord

#: What an ``Idempotency-Key`` may be (also the pattern in the OpenAPI schema).
KEY_PATTERN = r"^[A-Za-z0-9._:-]{8,200}$"
_KEY = re.compile(KEY_PATTERN)


class IdempotencyConflict(Exception):
    """The key was used before for a different payload (HTTP 422)."""


@dataclass(frozen=True)
class IdempotentResult:
    """The answer to give: ``status`` and ``body``; ``replayed`` when it is a stored one."""

    status: int
    body: dict[str, Any]
    replayed: bool


def validate_key(key: str) -> str:
    """Return ``key`` stripped if well-formed (8–200 of ``A–Z a–z 0–9 . _ : -``), else raise."""
    key = key.strip()
    if not _KEY.match(key):
        raise ValidationError(
            _("The Idempotency-Key must be 8 to 200 letters, digits or . _ : -"),
            code="idempotency_key",
        )
    return key


def payload_hash(payload: Any) -> str:
    """SHA-256 of the canonical JSON of ``payload``."""
    text = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _anonymous_key(scope: str, key: str) -> str:
    """What an anonymous record stores for ``key``: a hash, never the client's key."""
    return "h:" + hashlib.sha256(f"{scope}\x00{key}".encode()).hexdigest()


def _anonymous_digest(key: str, digest: str) -> str:
    """The payload digest keyed by the client's key, which the database never holds."""
    return hmac.new(key.encode(), digest.encode(), hashlib.sha256).hexdigest()


def run_idempotent(
    *,
    scope: str,
    key: str | None,
    payload: Any,
    action: Callable[[], tuple[int, dict[str, Any]]],
    anonymous: bool = False,
) -> IdempotentResult:
    """Run ``action`` once per ``(scope, key)``; a replay returns the first answer.

    ``action`` performs the writes and returns ``(status, body)``; it runs in the same
    transaction as the stored record, so either both are stored or neither. With ``key``
    None the action simply runs. A replay answers with status 200 and the stored body
    (DESIGN.md). Raises :class:`IdempotencyConflict` when the key was used for a different
    payload. ``anonymous``: store no key, no plain payload hash and no time of day (see the
    module docstring).
    """
    if key is None:
        with transaction.atomic():
            status, body = action()
        return IdempotentResult(status, body, replayed=False)
    key = validate_key(key)
    digest = payload_hash(payload)
    if anonymous:
        digest = _anonymous_digest(key, digest)
        key = _anonymous_key(scope, key)
    existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
    if existing is None:
        try:
            with transaction.atomic():
                status, body = action()
                record = IdempotencyRecord.objects.create(
                    scope=scope,
                    key=key,
                    request_hash=digest,
                    status_code=status,
                    response_body=json.loads(json.dumps(body, cls=DjangoJSONEncoder)),
                )
                if anonymous:
                    # The day only (UTC midnight): no instant to line up with a log line.
                    day = dt.datetime.combine(record.created_at.date(), dt.time(), dt.UTC)
                    IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=day)
            return IdempotentResult(status, body, replayed=False)
        except IntegrityError:
            # A concurrent request with the same key won; our writes were rolled back.
            existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if existing is None:
                raise
    if existing.request_hash != digest:
        raise IdempotencyConflict(scope, key)
    return IdempotentResult(200, dict(existing.response_body), replayed=True)
