"""API operations of the whistleblowing app (mounted under /api/v1/wbs).

- ``POST /api/v1/wbs/reports`` ``{"category", "what", "who"?, "when"?, "where"?,
  "how_known"?, "name"?, "contact"?}`` → 201 ``{"receipt", "number"}`` (the receipt once).
- ``POST /api/v1/wbs/follow-up`` ``{"receipt"}`` → 200 ``{"number", "status", "messages"}``;
  the receipt travels in the body, never in a URL; a wrong receipt → 404, too many → 429.
- ``POST /api/v1/wbs/messages`` ``{"receipt", "text"}`` → 201 ``{"status"}``: the reporter
  writes to the handlers; same refusals as the follow-up.
- ``GET /api/v1/wbs/stats`` → counts without content (WBS managers, leaders, TPI, observers).

No operation returns report content to staff: reading needs the handler's key, unlocked only
in a signed-in browser session.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from integritas.core import ratelimit
from integritas.core.actors import Public
from integritas.core.api import api_requires
from integritas.core.permissions import public
from integritas.whistleblowing import receipts, selectors, services

router = Router(tags=["whistleblowing"])


class ReportIn(Schema):
    category: str
    what: str
    who: str = ""
    when: str = ""
    where: str = ""
    how_known: str = ""
    name: str = ""
    contact: str = ""


class ReportCreated(Schema):
    receipt: str
    number: str


class FollowUpIn(Schema):
    receipt: str


class MessageOut(Schema):
    author: str
    text: str
    date: str


class FollowUpOut(Schema):
    number: str
    status: str
    messages: list[MessageOut]


class StatsOut(Schema):
    total: int
    open_overdue: int
    by_category: dict[str, int]
    by_status: dict[str, int]


class RefusedOut(Schema):
    """429: too many reports; under load a proof-of-work ``challenge`` with ``bits``: find a
    string ``s`` such that SHA-256 of ``<challenge>:<s>`` (UTF-8) starts with ``bits`` zero
    bits and send the same request again with the header ``X-Integritas-Pow:
    <challenge>:<s>`` (single use, valid 10 minutes)."""

    detail: str
    challenge: str | None = None
    bits: int | None = None


@router.post("/reports", response={201: ReportCreated, 429: RefusedOut}, auth=None)
@public("anyone may report without an account (issue 12, item 1)")
def submit_report(request: HttpRequest, payload: ReportIn) -> Status[Any]:
    try:
        report, receipt = services.report_submit(
            actor=Public("api"),
            category=payload.category,
            content={k: getattr(payload, k) for k in services.CONTENT_FIELDS},
            identity={"name": payload.name, "contact": payload.contact},
            source=ratelimit.source_of(request, daily_key=True),
            token=str(request.headers.get("X-Integritas-Pow", "")),
        )
    except ValidationError as exc:
        if exc.code == "rate_limited":
            challenge = str((exc.params or {}).get("challenge", ""))
            body = ratelimit.refusal_body(
                ratelimit.Refused("pow" if challenge else "limit", challenge),
                " ".join(exc.messages),
            )
            return Status(429, RefusedOut(**body))
        raise HttpError(400, " ".join(exc.messages)) from None
    return Status(201, ReportCreated(receipt=receipts.grouped(receipt), number=report.number))


@router.post("/follow-up", response=FollowUpOut, auth=None)
@public("a reporter follows up with the receipt alone (issue 12, item 2)")
def follow_up(request: HttpRequest, payload: FollowUpIn) -> FollowUpOut:
    try:
        report, key = services.report_open_by_receipt(
            actor=Public("api"),
            receipt=payload.receipt,
            source=ratelimit.source_of(request, daily_key=True),
        )
    except ValidationError as exc:
        status = 429 if exc.code == "rate_limited" else 404
        raise HttpError(status, " ".join(exc.messages)) from None
    content = services.read_content(report, key)
    return FollowUpOut(
        number=report.number,
        status=report.status,
        messages=[MessageOut(author=a, text=t, date=d.isoformat()) for a, t, d in content.messages],
    )


class MessageIn(Schema):
    receipt: str
    text: str


class MessageSent(Schema):
    status: str


@router.post("/messages", response={201: MessageSent}, auth=None)
@public("a reporter writes to the handlers with the receipt alone (issue 12, item 2)")
def send_message(request: HttpRequest, payload: MessageIn) -> Status[MessageSent]:
    try:
        report = services.reporter_message(
            actor=Public("api"),
            receipt=payload.receipt,
            text=payload.text,
            source=ratelimit.source_of(request, daily_key=True),
        )
    except ValidationError as exc:
        status = {"rate_limited": 429, "receipt": 404}.get(str(exc.code), 400)
        raise HttpError(status, " ".join(exc.messages)) from None
    return Status(201, MessageSent(status=report.status))


@router.get("/stats", response=StatsOut, auth=django_auth)
@api_requires("whistleblowing.view_stats")
def stats(request: HttpRequest) -> StatsOut:
    s = selectors.stats()
    return StatsOut(
        total=s.total,
        open_overdue=s.open_overdue,
        by_category=dict(s.by_category),
        by_status=dict(s.by_status),
    )
