"""API operations of the complaints app (django-ninja router, mounted under /api/v1/complaints).

Contract (DESIGN.md, "Public API operations"):

- ``POST /api/v1/complaints`` ``{"subject", "description", "identity", "name"?, "email"?,
  "phone"?, "organisation"?}`` → 201 ``{"tracking_code", "status"}``; honours
  ``Idempotency-Key`` (a replay answers 200 with the first body; the same key with another
  payload answers 422); 422 ``{"detail", "errors"}`` for input outside the schema (identity
  not one of the enum, malformed key), 400 for input the service refuses; 429 when the
  sender's or the channel's limit is exceeded, or, under load, with a proof-of-work
  ``challenge`` to solve and send back in ``X-Integritas-Pow`` (see ``RefusedOut``).
- ``POST /api/v1/complaints/track`` ``{"tracking_code"}`` → as the GET below, with the code
  in the body so it stays out of URLs and access logs (issue 11 item 7).
- ``GET /api/v1/complaints/{tracking_code}`` (kept for compatibility; never access-logged,
  ``core.accesslog``) → 200 ``{"tracking_code", "status",
  "timeline": [{"at", "status", "message"}]}`` — never the identity, never internal notes;
  unknown, malformed or forged → 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from integritas.complaints import intake, selectors
from integritas.complaints.models import normalise_tracking_code
from integritas.core import ratelimit
from integritas.core.api import ErrorOut, IdempotencyKey, RefusedOut
from integritas.core.idempotency import IdempotencyConflict
from integritas.core.permissions import public

router = Router(tags=["complaints"])


#: ``IdentityMode`` values (choices.py): who may see the complainant's identity.
Identity = Literal["terbuka", "rahasia", "anonim"]
#: ``Category`` values (choices.py); the manager may correct the category later.
CategoryName = Literal[
    "service",
    "licensing",
    "population",
    "health",
    "education",
    "infrastructure",
    "environment",
    "social",
    "order",
    "conduct",
    "levy",
    "other",
]


class ComplaintIn(Schema):
    subject: str
    description: str
    identity: Identity
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    organisation: str | None = None
    category: CategoryName | None = None


class ComplaintCreated(Schema):
    tracking_code: str
    status: str


class TimelineEntry(Schema):
    at: dt.datetime
    status: str
    message: str


class ComplaintStatus(Schema):
    tracking_code: str
    status: str
    timeline: list[TimelineEntry]


@router.post(
    "",
    response={
        200: ComplaintCreated,
        201: ComplaintCreated,
        400: ErrorOut,
        422: ErrorOut,
        429: RefusedOut,
    },
    auth=None,
)
@public("citizens submit complaints without an account (UU 25/2009, DOMAIN.md §6)")
def submit_complaint(
    request: HttpRequest,
    payload: ComplaintIn,
    idempotency_key: IdempotencyKey = None,
) -> Status[dict[str, Any]]:
    """Submit a complaint; returns its random tracking code (keep it to follow the complaint)."""
    try:
        result = intake.submit_counted(
            request,
            channel="api",
            token=str(request.headers.get("X-Integritas-Pow", "")),
            key=idempotency_key,
            data=payload.dict(),
        )
    except ratelimit.Refused as exc:
        message = (
            _("Solve the challenge and send again with the X-Integritas-Pow header.")
            if exc.challenge
            else _(
                "Too many complaints are being sent right now. Please try again in a few minutes."
            )
        )
        return Status(429, ratelimit.refusal_body(exc, message))
    except ValidationError as exc:
        return Status(
            400, {"detail": _("The complaint was not stored."), "errors": list(exc.messages)}
        )
    except IdempotencyConflict:
        return Status(
            422, {"detail": _("This Idempotency-Key was used for a different complaint.")}
        )
    return Status(result.status, result.body)


class TrackIn(Schema):
    tracking_code: str


@router.post("/track", response={200: ComplaintStatus, 404: ErrorOut}, auth=None)
@public("the tracking code is the complainant's capability; status and public timeline only")
def track_complaint_post(request: HttpRequest, payload: TrackIn) -> Status[dict[str, Any]]:
    """Status and public timeline of a complaint, the code in the body (never in a URL)."""
    return _track(request, payload.tracking_code)


@router.get("/{tracking_code}", response={200: ComplaintStatus, 404: ErrorOut}, auth=None)
@public("the tracking code is the complainant's capability; status and public timeline only")
def track_complaint(request: HttpRequest, tracking_code: str) -> Status[dict[str, Any]]:
    """Status and public timeline of a complaint; never the complainant's identity.

    Kept for compatibility: prefer ``POST /track``, which keeps the code out of URLs.
    """
    return _track(request, tracking_code)


def _track(request: HttpRequest, tracking_code: str) -> Status[dict[str, Any]]:
    if normalise_tracking_code(tracking_code) is not None:  # only well-formed codes count
        try:
            intake.admit("track", request)
        except ratelimit.Refused:
            raise HttpError(
                429, _("Too many requests right now. Please try again in a few minutes.")
            ) from None
    complaint = selectors.complaint_track(code=tracking_code)
    if complaint is None:
        return Status(404, {"detail": _("No complaint was found with that tracking code.")})
    return Status(
        200,
        {
            "tracking_code": complaint.tracking_code,
            "status": complaint.status,
            "timeline": [
                {"at": e.at, "status": e.status, "message": e.message}
                for e in selectors.public_timeline(complaint)
            ],
        },
    )
