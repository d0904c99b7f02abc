"""Public intake shared by the web form and the API: rate limit, uploads, idempotency.

Rate limits are per channel (``complaints:web``, ``complaints:api``), configurable with the
setting ``COMPLAINTS_RATE_LIMITS = {"web": (limit, window_seconds), ...}`` (limit 0 = off)
— never a per-address cap that would block a whole office behind one NAT address
(THREAT_MODEL.md boundary 1). Submissions are idempotent (``core.idempotency``): a double
click, a refresh or an offline resend with the same key stores one complaint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from integritas.complaints import rules, services
from integritas.core.actors import Public
from integritas.core.idempotency import IdempotentResult, run_idempotent
from integritas.core.models import Organisation
from integritas.core.ratelimit import hit
from integritas.core.uploads import IMAGES, SafeUpload, check_upload

#: Default per-channel limits: (requests, window in seconds).
DEFAULT_RATE_LIMITS: Final[dict[str, tuple[int, int]]] = {
    "web": (300, 60),
    "api": (300, 60),
    "track": (600, 60),
}
ALLOWED_UPLOADS: Final = frozenset(IMAGES | {"pdf"})


def rate_limit_ok(channel: str) -> bool:
    """Count one request on ``channel``; False when the channel's limit is exceeded."""
    limits: dict[str, tuple[int, int]] = getattr(
        settings, "COMPLAINTS_RATE_LIMITS", DEFAULT_RATE_LIMITS
    )
    limit, window = limits.get(channel, DEFAULT_RATE_LIMITS.get(channel, (0, 60)))
    return hit(f"complaints:{channel}", limit=limit, window_seconds=window)


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
