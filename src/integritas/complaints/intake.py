"""Public intake shared by the web form and the API: rate limit, uploads, idempotency.

Rate limits (``core.ratelimit``): a ceiling per channel (``complaints:web``, ``complaints:api``,
``complaints:track``), configurable with ``COMPLAINTS_RATE_LIMITS = {"web": (limit,
window_seconds), ...}`` (limit 0 = off), beneath it a bucket per source network (offices in
``INTEGRITAS_OFFICE_NETWORKS`` exempt), and a proof of work for posts under load. Only requests
that passed validation are counted (THREAT_MODEL.md boundary 1). Submissions are idempotent (``core.idempotency``): a double
click, a refresh or an offline resend with the same key stores one complaint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from integritas.complaints import rules, services
from integritas.core import ratelimit
from integritas.core.actors import Public
from integritas.core.idempotency import IdempotentResult, run_idempotent
from integritas.core.models import Organisation
from integritas.core.uploads import IMAGES, SafeUpload, check_upload

#: Default per-channel limits: (requests, window in seconds).
DEFAULT_RATE_LIMITS: Final[dict[str, tuple[int, int]]] = {
    "web": (300, 60),
    "api": (300, 60),
    "track": (600, 60),
}
ALLOWED_UPLOADS: Final = frozenset(IMAGES | {"pdf"})


#: Per-source limits (per ``core.ratelimit.SOURCE_WINDOW_SECONDS``) beneath each ceiling.
PER_SOURCE: Final[dict[str, int]] = {"web": 20, "api": 20, "track": 60}


def flood(channel: str) -> ratelimit.Flood:
    """The flood settings of ``channel``: the ceiling from ``COMPLAINTS_RATE_LIMITS``, the
    per-source limit and the proof-of-work threshold (none for tracking, a read)."""
    limits: dict[str, tuple[int, int]] = getattr(
        settings, "COMPLAINTS_RATE_LIMITS", DEFAULT_RATE_LIMITS
    )
    limit, window = limits.get(channel, DEFAULT_RATE_LIMITS.get(channel, (0, 60)))
    extra = {"pow_at": 0} if channel == "track" else {}
    return ratelimit.Flood.of(
        f"complaints:{channel}",
        ceiling=limit,
        window=window,
        per_source=PER_SOURCE.get(channel, 20),
        **extra,
    )


def admit(channel: str, request: HttpRequest, token: str = "") -> None:
    """Count one VALID request on ``channel`` from the request's source (per-source bucket,
    proof of work under load, channel ceiling); raises ``ratelimit.Refused``."""
    ratelimit.admit(flood(channel), source=ratelimit.source_of(request), token=token)


def check_files(files: Sequence[IO[bytes]]) -> list[SafeUpload]:
    """Check and clean uploaded files (type from the bytes, size, metadata removed)."""
    if len(files) > rules.MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(n)s files can be attached."),
            code="attachments",
            params={"n": rules.MAX_ATTACHMENTS},
        )
    return [
        check_upload(
            f,
            name=str(getattr(f, "name", "berkas")),
            allowed=ALLOWED_UPLOADS,
            max_bytes=rules.max_upload_bytes(),
        )
        for f in files
    ]


def find_organisation(value: str) -> Organisation | None:
    """The active OPD or unit with this public id (or code, when unique); None for ''."""
    value = (value or "").strip()
    if not value:
        return None
    org = Organisation.objects.filter(public_id=value, depth__gte=1, is_active=True).first()
    if org is None:
        matches = list(Organisation.objects.filter(code=value, depth__gte=1, is_active=True)[:2])
        org = matches[0] if len(matches) == 1 else None
    if org is None:
        raise ValidationError(_("Unknown office."), code="organisation")
    return org


def submit(
    *, channel: str, key: str | None, data: dict[str, Any], uploads: Sequence[SafeUpload] = ()
) -> IdempotentResult:
    """Submit a public complaint once per ``key``; the body is ``{"tracking_code", "status"}``.

    ``data``: subject, description, identity, name, email, phone, organisation, category.
    A replay with the same key answers 200 with the first body; a key reused for another
    payload raises ``IdempotencyConflict``; invalid input raises ``ValidationError`` and
    stores nothing (the key stays usable).
    """
    fields = {
        k: str(data.get(k) or "")
        for k in (
            "subject",
            "description",
            "identity",
            "name",
            "email",
            "phone",
            "organisation",
            "category",
        )
    }
    payload = {**fields, "files": [u.sha256 for u in uploads]}

    def action() -> tuple[int, dict[str, Any]]:
        complaint = services.complaint_submit(
            actor=Public(channel),
            channel=channel,
            subject=fields["subject"],
            description=fields["description"],
            identity_mode=fields["identity"],
            name=fields["name"],
            email=fields["email"],
            phone=fields["phone"],
            organisation=find_organisation(fields["organisation"]),
            category=fields["category"] or "other",
            attachments=uploads,
        )
        return 201, {"tracking_code": complaint.tracking_code, "status": complaint.status}

    # Anonymous: a complaint may be filed ``anonim`` (no key, no payload hash, no time kept).
    return run_idempotent(
        scope=f"complaints:{channel}", key=key, payload=payload, action=action, anonymous=True
    )


def submit_counted(
    request: HttpRequest,
    *,
    channel: str,
    token: str,
    key: str | None,
    data: dict[str, Any],
    uploads: Sequence[SafeUpload] = (),
) -> IdempotentResult:
    """:func:`submit` through the flood gates (:func:`admit`); a post the service refuses as
    invalid is taken back, so invalid posts never use up the channel."""
    source = ratelimit.source_of(request)
    gate = flood(channel)
    ratelimit.admit(gate, source=source, token=token)
    try:
        return submit(channel=channel, key=key, data=data, uploads=uploads)
    except ValidationError:
        ratelimit.refund(gate, source=source)
        raise
