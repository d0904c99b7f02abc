"""API operations of the complaints app (django-ninja router, mounted under /api/v1/complaints).

Contract (DESIGN.md, "Public API operations"):

- ``POST /api/v1/complaints`` ``{"subject", "description", "identity", "name"?, "email"?,
  "phone"?, "organisation"?}`` → 201 ``{"tracking_code", "status"}``; honours
  ``Idempotency-Key`` (a replay answers 200 with the first body; the same key with another
  payload answers 422); 400 with ``{"detail", "errors"}`` for invalid input; 429 when the
  channel's rate limit is exceeded.
- ``POST /api/v1/complaints/track`` ``{"tracking_code"}`` → as the GET below, with the code
  in the body so it stays out of URLs and access logs (issue 11 item 7).
- ``GET /api/v1/complaints/{tracking_code}`` (kept for compatibility; never access-logged,
  ``core.accesslog``) → 200 ``{"tracking_code", "status",
  "timeline": [{"at", "status", "message"}]}`` — never the identity, never internal notes;
  unknown, malformed or forged → 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.params.functions import Header as HeaderParam

from integritas.complaints import intake, selectors
from integritas.core.idempotency import IdempotencyConflict
from integritas.core.permissions import public

router = Router(tags=["complaints"])


class ComplaintIn(Schema):
    subject: str
    description: str
    identity: str
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    organisation: str | None = None
    category: str | None = None


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


class ErrorOut(Schema):
    detail: str
    errors: list[str] = []


@router.post(
    "",
    response={
        200: ComplaintCreated,
        201: ComplaintCreated,
        400: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    auth=None,
)
@public("citizens submit complaints without an account (UU 25/2009, DOMAIN.md §6)")
def submit_complaint(
    request: HttpRequest,
    payload: ComplaintIn,
    idempotency_key: Annotated[str | None, HeaderParam(alias="Idempotency-Key")] = None,
) -> Status[dict[str, Any]]:
    """Submit a complaint; returns its random tracking code (keep it to follow the complaint)."""
    if not intake.rate_limit_ok("api"):
        return Status(
            429,
            {
                "detail": _(
                    "Too many complaints are being sent right now. Please try again in a few minutes."
                )
            },
        )
    try:
        result = intake.submit(channel="api", key=idempotency_key, data=payload.dict())
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
    return _track(payload.tracking_code)


@router.get("/{tracking_code}", response={200: ComplaintStatus, 404: ErrorOut}, auth=None)
@public("the tracking code is the complainant's capability; status and public timeline only")
def track_complaint(request: HttpRequest, tracking_code: str) -> Status[dict[str, Any]]:
    """Status and public timeline of a complaint; never the complainant's identity.

    Kept for compatibility: prefer ``POST /track``, which keeps the code out of URLs.
    """
    return _track(tracking_code)


def _track(tracking_code: str) -> Status[dict[str, Any]]:
    if not intake.rate_limit_ok("track"):
        raise HttpError(429, _("Too many requests right now. Please try again in a few minutes."))
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
