"""API operations of the surveys app (django-ninja router, mounted under /api/v1/surveys).

Contract (``shared/DESIGN.md``, "Public API operations"):

- ``POST /api/v1/surveys/{slug}/responses`` ``{"answers": {"U1": 1-4, …}, "profile"?: {…},
  "suggestion"?: "…"}`` → 201 ``{"survey", "period", "status"}``; with an ``Idempotency-Key``
  header a replay answers 200 with the first body and stores nothing. Errors (``ErrorOut``):
  422 (input outside the schema — a malformed key included —, answer outside 1–4, missing or
  unknown unsur, closed period, key reused for other answers), 404 (unknown survey), 429 (the
  sender's or the API channel's limit; under load a proof-of-work ``challenge`` to send back
  solved in ``X-Integritas-Pow``, see ``RefusedOut``).
- ``GET /api/v1/surveys/{slug}/results?period=YYYY-Qn`` → the published IKM, mutu and NRR per
  unsur (latest published period when ``period`` is omitted); 404 when not published, 422
  for a period outside the pattern ``YYYY-Qn``/``YYYY-Sn``/``YYYY``.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.params.functions import Query as QueryParam

from integritas.core import clock, ratelimit
from integritas.core.actors import Public
from integritas.core.api import ErrorOut, IdempotencyKey, RefusedOut
from integritas.core.idempotency import IdempotencyConflict, validate_key
from integritas.core.permissions import public
from integritas.core.ratelimit import Refused
from integritas.surveys import selectors, services
from integritas.surveys.choices import Channel
from integritas.surveys.ikm import UNSUR_BY_CODE, round_half_up
from integritas.surveys.instruments import PeriodError, parse_period

router = Router(tags=["surveys"])

AnswerValue = int | float | str | None
#: ``instruments.parse_period``: a year, a quarter ``YYYY-Qn`` or a semester ``YYYY-Sn``.
PERIOD_PATTERN = r"^[1-9][0-9]{3}(-(Q[1-4]|S[12]))?$"
Period = Annotated[
    str | None,
    QueryParam(pattern=PERIOD_PATTERN, description="YYYY-Qn (e.g. 2025-Q3); latest if omitted"),
]


class ResponseIn(Schema):
    """A citizen's answers: ``answers`` by unsur/item code, optional profile and suggestion."""

    answers: dict[str, AnswerValue]
    profile: dict[str, AnswerValue] | None = None
    suggestion: str = ""


class SubmittedOut(Schema):
    """What a submission answers: the survey's slug, the period it counts in, a status."""

    survey: str
    period: str
    status: str


class ScoreOut(Schema):
    """NRR of one unsur (SKM, 1–4) or mean of one item (SPAK/SPKP)."""

    code: str
    name: str
    nrr: float


class ResultOut(Schema):
    """A published period: IKM (25–100) with mutu and kinerja for SKM, index (0–4) otherwise."""

    survey: str
    title: str
    unit: str
    kind: str
    period: str
    respondents: int
    ikm: float | None
    mutu: str | None
    kinerja: str | None
    index: float | None
    unsur: list[ScoreOut]
    published_at: dt.datetime


def _json_number(value: Fraction) -> float:
    """Numbers in JSON are decimals rounded half-up to 4 places (DESIGN.md)."""
    return float(round_half_up(value, 4))


def _error(detail: str, errors: list[str] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or [detail]}


@router.post(
    "/{slug}/responses",
    auth=None,
    response={
        200: SubmittedOut,
        201: SubmittedOut,
        400: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
        429: RefusedOut,
    },
)
@public("citizens answer surveys without an account; anonymous, idempotent, rate-limited")
def submit_response(
    request: HttpRequest,
    slug: str,
    payload: ResponseIn,
    idempotency_key: IdempotencyKey = None,
) -> Status[dict[str, Any]]:
    """Store one anonymous response (201); a replay of the same Idempotency-Key answers 200."""
    survey = selectors.public_survey(slug)
    key = None
    if idempotency_key:
        try:
            key = validate_key(idempotency_key)
        except ValidationError as error:
            return Status(400, _error(" ".join(error.messages)))
    try:
        if services.survey_window_state(survey, clock.now()) == "open":
            # only a valid answer sheet in an open survey counts (issue 11, item 2)
            services.clean_response(
                survey,
                answers=payload.answers,
                profile=payload.profile or {},
                suggestion=payload.suggestion,
            )
            services.check_rate(
                survey,
                channel=Channel.API,
                source=ratelimit.source_of(request),
                token=str(request.headers.get("X-Integritas-Pow", "")),
            )
        result = services.response_submit_once(
            actor=Public("api"),
            survey=survey,
            key=key,
            answers=payload.answers,
            profile=payload.profile or {},
            suggestion=payload.suggestion,
        )
    except services.RateLimited as refused:
        message = (
            _("Solve the challenge and send again with the X-Integritas-Pow header.")
            if refused.challenge
            else _("Too many responses through the API this hour; try again later.")
        )
        return Status(
            429, ratelimit.refusal_body(Refused(str(refused), refused.challenge), message)
        )
    except IdempotencyConflict:
        return Status(
            422, _error(_("This Idempotency-Key was already used for different answers."))
        )
    except ValidationError as error:
        messages = list(error.messages)
        summary = (
            messages[0]
            if isinstance(error, services.SurveyClosed)
            else _("The response was not stored: %(count)s problem(s).") % {"count": len(messages)}
        )
        return Status(422, _error(summary, messages))
    return Status(result.status, result.body)


@router.get(
    "/{slug}/results",
    auth=None,
    response={200: ResultOut, 400: ErrorOut, 404: ErrorOut},
)
@public("published survey results are public information (the LKE asks for their publication)")
def published_results(
    request: HttpRequest, slug: str, period: Period = None
) -> Status[dict[str, Any]]:
    """The published result of ``period`` (``YYYY-Qn``; latest published when omitted)."""
    if period:
        try:
            parse_period(period)
        except PeriodError as error:
            return Status(400, _error(str(error)))
    survey = selectors.public_survey(slug)
    published = selectors.published_result(survey, period)
    result = selectors.result_from_tallies(survey, published.respondents, published.tallies)
    names = {str(i["code"]): str(i["text"]) for i in survey.items}
    scores = [
        {
            "code": code,
            "name": UNSUR_BY_CODE[code].name if code in UNSUR_BY_CODE else names.get(code, code),
            "nrr": _json_number(score),
        }
        for code, score in result.scores
    ]
    value = _json_number(result.value)
    return Status(
        200,
        {
            "survey": survey.slug,
            "title": survey.title,
            "unit": survey.unit.name,
            "kind": survey.kind,
            "period": published.period,
            "respondents": published.respondents,
            "ikm": value if survey.is_skm else None,
            "mutu": published.mutu or None,
            "kinerja": published.kinerja or None,
            "index": None if survey.is_skm else value,
            "unsur": scores,
            "published_at": published.published_at,
        },
    )
