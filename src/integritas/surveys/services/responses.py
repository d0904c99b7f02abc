"""Citizens' answer sheets: validation, the answering window, rate limits, idempotency.

The actor is the citizen's channel — ``Public("web")``, ``Public("kiosk")``,
``Public("api")`` — never a person. A submission writes no audit event: an event's instant
and request id, lined up with the rows, would join each response to a visitor
(THREAT_MODEL.md "Survey responses", issue 11 item 1). The sweep
:func:`responses_audit_daily` records instead one event per survey and past day with the
count only, and :func:`responses_shuffle` reorders the table on PostgreSQL so that its
physical order does not follow the order of arrival. The rules themselves are pure
(``surveys.answering``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from integritas.core import clock
from integritas.core.actors import Actor, Public, System
from integritas.core.audit import audit_record
from integritas.core.idempotency import IdempotentResult, run_idempotent
from integritas.core.models import AuditEvent
from integritas.core.permissions import require
from integritas.core.ratelimit import Flood, Refused, admit
from integritas.core.selectors import pemda_of
from integritas.surveys import answering, instruments
from integritas.surveys.choices import AgeBand, Channel, Education, Occupation, Sex
from integritas.surveys.ikm import ANSWER_MAX, ANSWER_MIN, UNSUR_CODES
from integritas.surveys.models import KioskDevice, Response, Service, Survey
from integritas.surveys.permissions import can_answer

#: Rate-limit window of every survey bucket (limits are "per hour").
RATE_WINDOW_SECONDS = 3600
#: Valid responses per source network per ``core.ratelimit.SOURCE_WINDOW_SECONDS``.
PER_SOURCE = 30

_PROFILE_CHOICES: Mapping[str, list[str]] = {
    "age_band": list(AgeBand.values),
    "sex": list(Sex.values),
    "education": list(Education.values),
    "occupation": list(Occupation.values),
}


class SurveyClosed(ValidationError):
    """The survey does not accept answers now (before it opens, after it closes, inactive)."""


class RateLimited(Exception):
    """Too many responses from this source, kiosk or channel (HTTP 429); under load
    ``challenge`` is a proof-of-work challenge to solve (``core.ratelimit``)."""

    def __init__(self, reason: str, challenge: str = "") -> None:
        super().__init__(reason)
        self.challenge = challenge


def survey_window_state(survey: Survey, now: dt.datetime) -> str:
    """``"open"``, ``"not_yet"`` (before ``opens_at``) or ``"closed"`` at instant ``now``."""
    return answering.window_state(
        is_active=survey.is_active, opens_at=survey.opens_at, closes_at=survey.closes_at, now=now
    )


@dataclass(frozen=True)
class CleanResponse:
    """A validated answer sheet, ready to store."""

    skm: dict[str, int | None]
    items: dict[str, int]
    profile: dict[str, str]
    service: Service | None
    suggestion: str


def _errors(problems: list[answering.Problem]) -> list[ValidationError]:
    return [ValidationError(_(p.message), code=p.code, params=dict(p.params)) for p in problems]


def clean_response(
    survey: Survey,
    *,
    answers: Mapping[str, object],
    profile: Mapping[str, object] | None = None,
    suggestion: str = "",
) -> CleanResponse:
    """Validate a submission against the survey's instrument; raise ``ValidationError``.

    SKM: every unsur U1…U9 answered with an integer 1–4 (PermenPANRB 14/2017); SPAK/SPKP:
    every item answered on the survey's scale. Unknown codes are refused. ``profile`` keys:
    ``age_band`` (or ``age`` in years, stored as its band), ``sex``, ``education``,
    ``occupation`` (choice values), ``service`` (a service's public id, for a unit-wide
    survey). The messages name each problem (Indonesian by default).
    """
    if survey.is_skm:
        codes: tuple[str, ...] = UNSUR_CODES
        low, high = ANSWER_MIN, ANSWER_MAX
    else:
        codes = tuple(str(i["code"]) for i in survey.items)
        low, high = survey.scale_min, survey.scale_max
    values, problems = answering.check_answers(codes, low, high, answers)
    clean_profile, service_ref, profile_problems = answering.check_profile(
        profile or {}, _PROFILE_CHOICES
    )
    text, suggestion_problems = answering.check_suggestion(suggestion)
    errors = _errors(problems + profile_problems)
    service = survey.service
    if service_ref is not None and survey.service is None:
        service = Service.objects.filter(
            unit=survey.unit, public_id=service_ref, is_active=True
        ).first()
        if service is None:
            errors.append(ValidationError(_("Unknown service.")))
    errors += _errors(suggestion_problems)
    if errors:
        raise ValidationError(errors)
    skm: dict[str, int | None] = (
        {code: values[code] for code in UNSUR_CODES} if survey.is_skm else {}
    )
    return CleanResponse(
        skm=skm,
        items={} if survey.is_skm else values,
        profile=clean_profile,
        service=service,
        suggestion=text,
    )


def _channel(actor: Actor) -> str:
    """The stored channel of a submission: the citizen's channel (web for the system)."""
    if isinstance(actor, Public):
        if actor.channel not in (Channel.WEB, Channel.KIOSK, Channel.API):
            raise ValidationError(_("Answers are not accepted on this channel."))
        return actor.channel
    return Channel.WEB


@transaction.atomic
def response_submit(
    *,
    actor: Actor,
    survey: Survey,
    answers: Mapping[str, object],
    profile: Mapping[str, object] | None = None,
    suggestion: str = "",
    now: dt.datetime | None = None,
) -> str:
    """Store one anonymous response from ``actor`` (``Public(channel)``); return its period.

    Refused with :class:`SurveyClosed` outside the answering window (instants compared in
    UTC; the window was set from local dates, so a survey closing on a day in WIB accepts
    23:30 WIB and refuses 00:01 WIB the next day). Raises ``ValidationError`` as
    :func:`clean_response`, ``PermissionDenied`` for a staff user (staff answer as citizens,
    on the public pages). Stored: the answers, the profile bands, the local date and the
    period — no name, no time of day.
    """
    require(can_answer(actor, survey))
    channel = _channel(actor)
    now = now or clock.now()
    state = survey_window_state(survey, now)
    if state != "open":
        message = (
            _("This survey is not open yet. Please come back later.")
            if state == "not_yet"
            else _("This survey is closed: answers are no longer accepted for this period.")
        )
        raise SurveyClosed(message, code="closed")
    clean = clean_response(survey, answers=answers, profile=profile, suggestion=suggestion)
    day = clock.today(pemda_of(survey.unit), at=now)
    period = instruments.period_of(day, survey.scheme)
    response = Response(
        survey=survey,
        period=period,
        submitted_on=day,
        channel=channel,
        service=clean.service,
        item_answers=clean.items,
        suggestion=clean.suggestion,
        **clean.profile,
    )
    for code, value in clean.skm.items():
        setattr(response, code.lower(), value)
    response.full_clean()
    response.save(force_insert=True)
    # No audit event here: see the module docstring (responses_audit_daily counts them).
    return period


#: The audit action of the daily count of answers per survey.
DAILY_ACTION = "survey_response.daily"
#: The audit action recording that the response table was reordered.
SHUFFLE_ACTION = "surveys.reorder_responses"


@transaction.atomic
def responses_audit_daily(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Record one audit event per survey and finished local day: how many answers arrived.

    Citizens' answers (web, kiosk, API) of every day before the Pemda's today that has no
    such event yet get one, ``after={"day", "period", "count"}`` — no time, no request, no
    response. Run by the system only (a sweep); returns the number of events written.
    """
    require(isinstance(actor, System))
    now = now or clock.now()
    done = {
        (e.target_id, (e.after or {}).get("day"))
        for e in AuditEvent.objects.filter(action=DAILY_ACTION).only("target_id", "after")
    }
    rows = (
        Response.objects.exclude(channel=Channel.PAPER)
        .exclude(submitted_on=None)
        .values("survey_id", "submitted_on", "period")
        .annotate(count=Count("id"))
        .order_by("survey_id", "submitted_on", "period")
    )
    surveys: dict[int, Survey] = {}
    written = 0
    for row in rows:
        day = row["submitted_on"]
        if day is None or (str(row["survey_id"]), day.isoformat()) in done:
            continue
        survey = surveys.get(row["survey_id"])
        if survey is None:
            survey = surveys[row["survey_id"]] = Survey.objects.select_related("unit").get(
                pk=row["survey_id"]
            )
        if day >= clock.today(pemda_of(survey.unit), at=now):
            continue  # the day is not over: its count could still change
        audit_record(
            actor=actor,
            action=DAILY_ACTION,
            target=survey,
            organisation=survey.unit,
            after={"day": day.isoformat(), "period": row["period"], "count": row["count"]},
        )
        written += 1
    return written


def responses_shuffle(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Reorder the response table by its random key on PostgreSQL, at most once an interval.

    PostgreSQL appends rows to its heap in arrival order, so a dump or a scan without
    ``ORDER BY`` lists them in that order. ``CLUSTER … USING`` the primary key rewrites the
    table in the order of the random ids: what arrived since the previous run is mixed into
    the rest. Runs when the last reorder is older than ``INTEGRITAS_SURVEY_SHUFFLE_SECONDS``
    (default one hour). SQLite needs nothing (its rowid is the random id, ``core.fields``).
    Returns 1 when the table was reordered, else 0. Run by the system only (a sweep).
    """
    require(isinstance(actor, System))
    if connection.vendor != "postgresql":
        return 0
    now = now or clock.now()
    interval = dt.timedelta(seconds=getattr(settings, "INTEGRITAS_SURVEY_SHUFFLE_SECONDS", 3600))
    with transaction.atomic():
        if AuditEvent.objects.filter(action=SHUFFLE_ACTION, at__gt=now - interval).exists():
            return 0
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Response._meta.db_table)
            index = connection.ops.quote_name(f"{Response._meta.db_table}_pkey")
            # CLUSTER refuses a table with deferred foreign-key checks still pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"CLUSTER {table} USING {index}")
        audit_record(actor=actor, action=SHUFFLE_ACTION, after={"rows": Response.objects.count()})
    return 1


def _payload_digest(survey: Survey, channel: str, payload: Mapping[str, object]) -> str:
    """Keyed digest of a submission for the idempotency record.

    The record keeps a precise timestamp; a plain hash of the answers could be brute-forced
    (the answer space is small) and joined to a visitor. An HMAC under the secret key cannot.
    """
    text = json.dumps(
        {"survey": survey.slug, "channel": channel, **payload}, sort_keys=True, default=str
    )
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def survey_flood(survey: Survey, *, channel: str, kiosk: KioskDevice | None = None) -> Flood:
    """The flood settings of a survey's channel (``core.ratelimit``): the kiosk's own limit,
    or the survey's per-channel limit, per hour, with a per-source bucket beneath it."""
    if kiosk is not None:
        return Flood.of(
            f"survey:kiosk:{kiosk.pk}",
            ceiling=kiosk.limit_per_hour,
            window=RATE_WINDOW_SECONDS,
            pow_at=0,
        )
    if channel == Channel.API:
        name, limit = f"survey:api:{survey.pk}", survey.api_limit_per_hour
    else:
        name, limit = f"survey:web:{survey.pk}", survey.web_limit_per_hour
    return Flood.of(name, ceiling=limit, window=RATE_WINDOW_SECONDS, per_source=PER_SOURCE)


def check_rate(
    survey: Survey,
    *,
    channel: str,
    kiosk: KioskDevice | None = None,
    source: str | None = None,
    token: str = "",
) -> None:
    """Count one VALID submission; raise :class:`RateLimited` when a gate refuses it.

    Call it after validation (:func:`clean_response`): invalid posts never count. Gates
    (``core.ratelimit.admit``): the per-source bucket (``source``, a keyed hash of the
    sender's network; None for a kiosk, whose token is its identity, or an office network),
    a proof of work under load (never at a kiosk), then the kiosk's or the survey channel's
    hourly ceiling.
    """
    try:
        admit(
            survey_flood(survey, channel=channel, kiosk=kiosk),
            source=None if kiosk is not None else source,
            token=token,
            anonymous=kiosk is None,
        )
    except Refused as exc:
        raise RateLimited(exc.reason, exc.challenge) from None


def response_submit_once(
    *,
    actor: Actor,
    survey: Survey,
    key: str | None,
    answers: Mapping[str, object],
    profile: Mapping[str, object] | None = None,
    suggestion: str = "",
    now: dt.datetime | None = None,
) -> IdempotentResult:
    """:func:`response_submit` at most once per ``key`` (``core.idempotency``).

    First call: 201 with ``{"survey", "period", "status": "diterima"}``; a replay with the same
    key and payload: 200 with that body, nothing stored. The body names no response. Raises
    as :func:`response_submit`, and ``IdempotencyConflict`` when the key was used for other
    answers.
    """
    require(can_answer(actor, survey))
    payload = {
        "answers": dict(answers),
        "profile": dict(profile or {}),
        "suggestion": suggestion,
    }

    def action() -> tuple[int, dict[str, Any]]:
        period = response_submit(
            actor=actor,
            survey=survey,
            answers=answers,
            profile=profile,
            suggestion=suggestion,
            now=now,
        )
        return 201, {"survey": survey.slug, "period": period, "status": "diterima"}

    return run_idempotent(
        scope=f"survey:{survey.slug}",
        key=key,
        payload={"digest": _payload_digest(survey, _channel(actor), payload)},
        action=action,
        anonymous=True,
    )
