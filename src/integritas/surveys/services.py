"""Every write of the surveys app.

Staff services take the acting user (``None`` = the system: demo loader, commands), check the
permission on the survey's unit, run in one transaction and record one audit event in it.
Citizens' submissions (:func:`response_submit`, :func:`response_submit_once`) have no actor;
their audit event names the survey and the period, never the response (its id, answers or
time would make it joinable to a visitor — THREAT_MODEL.md "Survey responses").

Errors: ``ValidationError`` with Indonesian messages (nothing is written), ``PermissionDenied``,
:class:`SurveyClosed` (a ``ValidationError``: outside the answering window) and
:class:`RateLimited`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.core.audit import audit_record, snapshot
from integritas.core.idempotency import IdempotentResult, run_idempotent
from integritas.core.models import Organisation, User
from integritas.core.permissions import require_permission
from integritas.core.ratelimit import hit
from integritas.core.selectors import calendar_for
from integritas.surveys import instruments
from integritas.surveys.choices import (
    PLAN_TRANSITIONS,
    AgeBand,
    Channel,
    Education,
    Occupation,
    PeriodScheme,
    PlanStatus,
    Sex,
    SurveyKind,
)
from integritas.surveys.ikm import (
    ANSWER_MAX,
    ANSWER_MIN,
    UNSUR_CODES,
    ConversionMethod,
    PerceptionScale,
    SkmError,
    round_half_up,
)
from integritas.surveys.models import (
    ImprovementPlan,
    KioskDevice,
    PublishedResult,
    Response,
    Service,
    Survey,
)
from integritas.surveys.responses_io import SurveyResponse

#: Rate-limit window of every survey bucket (limits are "per hour").
RATE_WINDOW_SECONDS = 3600
#: Largest import file read (bytes); responses_io refuses anything larger.
IMPORT_MAX_BYTES = 5 * 1024 * 1024
#: Longest suggestion kept (characters).
SUGGESTION_MAX = 2000

SURVEY_FIELDS = [
    "kind",
    "unit_id",
    "service_id",
    "title",
    "scheme",
    "opens_at",
    "closes_at",
    "population",
    "scale_min",
    "scale_max",
    "items",
    "web_limit_per_hour",
    "api_limit_per_hour",
    "is_active",
]


class SurveyClosed(ValidationError):
    """The survey does not accept answers now (before it opens, after it closes, inactive)."""


class RateLimited(Exception):
    """Too many responses in this kiosk's or channel's bucket this hour (HTTP 429)."""


# ---------------------------------------------------------------------------------------------
# Services (jenis layanan) and surveys
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def service_create(
    *, actor: User | None, unit: Organisation, name: str, population: int | None = None
) -> Service:
    """Add a jenis layanan to a public-service ``unit``.

    ``population``: users per survey period, for the Krejcie & Morgan sample size
    (DOMAIN.md §2). Raises ``ValidationError`` (unit not a public-service unit, duplicate
    name) or ``PermissionDenied``.
    """
    require_permission(actor, "surveys.manage", unit)
    if not unit.is_public_service:
        raise ValidationError(
            _("%(unit)s is not a public-service unit."), params={"unit": unit.name}
        )
    service = Service(unit=unit, name=name.strip(), population=population)
    service.full_clean()
    service.save()
    audit_record(
        actor=actor,
        action="survey_service.create",
        target=service,
        organisation=unit,
        after=snapshot(service, ["unit_id", "name", "population"]),
    )
    return service


def local_window(
    unit: Organisation, opens_on: dt.date, closes_on: dt.date | None
) -> tuple[dt.datetime, dt.datetime | None]:
    """UTC instants of a window given as local dates in the unit's Pemda zone.

    Opens at 00:00 local on ``opens_on``; closes at the end of the local day ``closes_on``
    (23:59:59.999999 local) — DOMAIN.md §9. Uses ``core.selectors.calendar_for(unit).zone``.
    """
    zone = calendar_for(unit).zone
    opens = dt.datetime.combine(opens_on, dt.time.min, tzinfo=zone).astimezone(dt.UTC)
    closes = (
        dt.datetime.combine(closes_on, dt.time.max, tzinfo=zone).astimezone(dt.UTC)
        if closes_on is not None
        else None
    )
    return opens, closes


def _default_items(kind: str) -> list[dict[str, str]]:
    source = (
        instruments.DEFAULT_SPAK_ITEMS
        if kind == SurveyKind.SPAK
        else instruments.DEFAULT_SPKP_ITEMS
    )
    return [{"code": code, "text": text} for code, text in source]


@transaction.atomic
def survey_create(
    *,
    actor: User | None,
    unit: Organisation,
    kind: str,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date | None = None,
    service: Service | None = None,
    scheme: str = PeriodScheme.QUARTER,
    population: int | None = None,
    scale_max: int = 4,
    items: Sequence[Mapping[str, str]] | None = None,
    web_limit_per_hour: int = 600,
    api_limit_per_hour: int = 600,
) -> Survey:
    """Create a survey of a public-service ``unit`` (and optionally one of its services).

    ``opens_on``/``closes_on`` are local dates in the Pemda's zone (:func:`local_window`).
    SKM: the nine unsur on 1–4 (PermenPANRB 14/2017); SPAK/SPKP: ``items`` (default: the
    instrument's default items) on 1–``scale_max`` with ``scale_max`` 4 or 6 (DOMAIN.md §3).
    Raises ``ValidationError`` or ``PermissionDenied``.
    """
    require_permission(actor, "surveys.manage", unit)
    if not unit.is_public_service:
        raise ValidationError(
            _("%(unit)s is not a public-service unit."), params={"unit": unit.name}
        )
    if service is not None and service.unit_id != unit.pk:
        raise ValidationError(_("The service belongs to another unit."))
    if kind not in SurveyKind.values:
        raise ValidationError(_("Unknown survey instrument."))
    if kind != SurveyKind.SKM and scale_max not in (4, 6):
        raise ValidationError(_("The answer scale must be 1–4 or 1–6."))
    if closes_on is not None and closes_on < opens_on:
        raise ValidationError(_("The survey cannot close before it opens."))
    opens_at, closes_at = local_window(unit, opens_on, closes_on)
    item_list: list[dict[str, str]] = []
    if kind != SurveyKind.SKM:
        item_list = [dict(i) for i in items] if items else _default_items(kind)
        codes = [i.get("code", "") for i in item_list]
        if len(set(codes)) != len(codes) or not all(codes):
            raise ValidationError(_("Each item needs its own code."))
    survey = Survey(
        kind=kind,
        unit=unit,
        service=service,
        title=title.strip(),
        scheme=scheme,
        opens_at=opens_at,
        closes_at=closes_at,
        population=population,
        scale_min=ANSWER_MIN if kind == SurveyKind.SKM else 1,
        scale_max=ANSWER_MAX if kind == SurveyKind.SKM else scale_max,
        items=item_list,
        web_limit_per_hour=web_limit_per_hour,
        api_limit_per_hour=api_limit_per_hour,
    )
    survey.full_clean()
    survey.save()
    audit_record(
        actor=actor,
        action="survey.create",
        target=survey,
        organisation=unit,
        after=snapshot(survey, SURVEY_FIELDS),
    )
    return survey


@transaction.atomic
def survey_update(
    *,
    actor: User | None,
    survey: Survey,
    closes_on: dt.date | None,
    web_limit_per_hour: int,
    api_limit_per_hour: int,
    is_active: bool = True,
) -> Survey:
    """Change a survey's closing date (local) and its per-channel rate limits (0 = none)."""
    require_permission(actor, "surveys.manage", survey.unit)
    before = snapshot(survey, SURVEY_FIELDS)
    if closes_on is None:
        survey.closes_at = None
    else:
        _opens, closes_at = local_window(survey.unit, closes_on, closes_on)
        if closes_at is None or closes_at <= survey.opens_at:
            raise ValidationError(_("The survey cannot close before it opens."))
        survey.closes_at = closes_at
    survey.web_limit_per_hour = web_limit_per_hour
    survey.api_limit_per_hour = api_limit_per_hour
    survey.is_active = is_active
    survey.full_clean()
    survey.save()
    audit_record(
        actor=actor,
        action="survey.update",
        target=survey,
        organisation=survey.unit,
        before=before,
        after=snapshot(survey, SURVEY_FIELDS),
    )
    return survey


def survey_window_state(survey: Survey, now: dt.datetime) -> str:
    """``"open"``, ``"not_yet"`` (before ``opens_at``) or ``"closed"`` at instant ``now``."""
    if not survey.is_active:
        return "closed"
    if now < survey.opens_at:
        return "not_yet"
    if survey.closes_at is not None and now > survey.closes_at:
        return "closed"
    return "open"


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------

PROFILE_KEYS = ("age_band", "age", "sex", "education", "occupation", "service")


@dataclass(frozen=True)
class CleanResponse:
    """A validated answer sheet, ready to store."""

    skm: dict[str, int | None]
    items: dict[str, int]
    profile: dict[str, str]
    service: Service | None
    suggestion: str


def _answer_value(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


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
    problems: list[ValidationError] = []
    if survey.is_skm:
        codes: tuple[str, ...] = UNSUR_CODES
        low, high = ANSWER_MIN, ANSWER_MAX
    else:
        codes = tuple(str(i["code"]) for i in survey.items)
        low, high = survey.scale_min, survey.scale_max
    values: dict[str, int] = {}
    for key in answers:
        if key not in codes:
            problems.append(
                ValidationError(
                    _("Unknown question %(code)s (expected %(first)s…%(last)s)."),
                    code="unknown",
                    params={"code": key, "first": codes[0], "last": codes[-1]},
                )
            )
    for code in codes:
        raw = answers.get(code)
        if raw is None or raw == "":
            problems.append(
                ValidationError(
                    _("%(code)s is not answered: every question needs an answer."),
                    code="missing",
                    params={"code": code},
                )
            )
            continue
        value = _answer_value(raw)
        if value is None or not low <= value <= high:
            problems.append(
                ValidationError(
                    _("%(code)s: the answer %(value)s is outside %(low)s–%(high)s."),
                    code="out_of_range",
                    params={"code": code, "value": raw, "low": low, "high": high},
                )
            )
            continue
        values[code] = value
    clean_profile: dict[str, str] = {}
    service = survey.service
    choices_of: dict[str, list[str]] = {
        "age_band": list(AgeBand.values),
        "sex": list(Sex.values),
        "education": list(Education.values),
        "occupation": list(Occupation.values),
    }
    for key, raw in (profile or {}).items():
        if raw is None or raw == "":
            continue
        if key not in PROFILE_KEYS:
            problems.append(
                ValidationError(
                    _("Unknown profile field %(field)s."), code="unknown", params={"field": key}
                )
            )
        elif key == "age":
            age = _answer_value(raw)
            if age is None or not 0 < age < 150:
                problems.append(ValidationError(_("The age must be a whole number of years.")))
            else:
                clean_profile["age_band"] = instruments.age_band(age)
        elif key == "service":
            if survey.service is None:
                service = Service.objects.filter(
                    unit=survey.unit, public_id=str(raw), is_active=True
                ).first()
                if service is None:
                    problems.append(ValidationError(_("Unknown service.")))
        elif str(raw) not in choices_of[key]:
            problems.append(
                ValidationError(
                    _("%(field)s: %(value)s is not one of the choices."),
                    code="invalid_choice",
                    params={"field": key, "value": raw},
                )
            )
        else:
            clean_profile[key] = str(raw)
    suggestion = (suggestion or "").strip()
    if len(suggestion) > SUGGESTION_MAX:
        problems.append(
            ValidationError(
                _("The suggestion is longer than %(max)s characters."),
                params={"max": SUGGESTION_MAX},
            )
        )
    if problems:
        raise ValidationError(problems)
    skm: dict[str, int | None] = (
        {code: values[code] for code in UNSUR_CODES} if survey.is_skm else {}
    )
    return CleanResponse(
        skm=skm,
        items={} if survey.is_skm else values,
        profile=clean_profile,
        service=service,
        suggestion=suggestion,
    )


def _build_response(
    survey: Survey, clean: CleanResponse, *, channel: str, day: dt.date | None, period: str
) -> Response:
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
    return response


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    answers: Mapping[str, object],
    profile: Mapping[str, object] | None = None,
    suggestion: str = "",
    channel: str = Channel.WEB,
    now: dt.datetime | None = None,
) -> str:
    """Store one anonymous response; return its period (``"2025-Q3"``).

    Refused with :class:`SurveyClosed` outside the answering window (instants compared in
    UTC; the window was set from local dates, so a survey closing on a day in WIB accepts
    23:30 WIB and refuses 00:01 WIB the next day). Raises ``ValidationError`` as
    :func:`clean_response`. Stored: the answers, the profile bands, the local date and the
    period — no name, no time of day.
    """
    now = now or timezone.now()
    state = survey_window_state(survey, now)
    if state != "open":
        message = (
            _("This survey is not open yet. Please come back later.")
            if state == "not_yet"
            else _("This survey is closed: answers are no longer accepted for this period.")
        )
        raise SurveyClosed(message, code="closed")
    clean = clean_response(survey, answers=answers, profile=profile, suggestion=suggestion)
    day = calendar_for(survey.unit).local_date(now)
    period = instruments.period_of(day, survey.scheme)
    response = _build_response(survey, clean, channel=channel, day=day, period=period)
    response.full_clean()
    response.save(force_insert=True)
    audit_record(
        actor=None,
        actor_label="publik",
        action="survey_response.submit",
        target=survey,
        organisation=survey.unit,
        after={"period": period, "channel": channel},
    )
    return period


def _payload_digest(survey: Survey, channel: str, payload: Mapping[str, object]) -> str:
    """Keyed digest of a submission for the idempotency record.

    The record keeps a precise timestamp; a plain hash of the answers could be brute-forced
    (the answer space is small) and joined to a visitor. An HMAC under the secret key cannot.
    """
    text = json.dumps(
        {"survey": survey.slug, "channel": channel, **payload}, sort_keys=True, default=str
    )
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def check_rate(survey: Survey, *, channel: str, kiosk: KioskDevice | None = None) -> None:
    """Count one submission in its bucket; raise :class:`RateLimited` when over the limit.

    Buckets: ``survey:kiosk:<kiosk>`` (the kiosk's own limit), ``survey:web:<survey>`` and
    ``survey:api:<survey>`` (the survey's per-channel limits) — never per IP address, so one
    office behind one address is not blocked (issue 4).
    """
    if kiosk is not None:
        bucket, limit = f"survey:kiosk:{kiosk.pk}", kiosk.limit_per_hour
    elif channel == Channel.API:
        bucket, limit = f"survey:api:{survey.pk}", survey.api_limit_per_hour
    else:
        bucket, limit = f"survey:web:{survey.pk}", survey.web_limit_per_hour
    if not hit(bucket, limit=limit, window_seconds=RATE_WINDOW_SECONDS):
        raise RateLimited(bucket)


def response_submit_once(
    *,
    survey: Survey,
    key: str | None,
    answers: Mapping[str, object],
    profile: Mapping[str, object] | None = None,
    suggestion: str = "",
    channel: str = Channel.WEB,
    now: dt.datetime | None = None,
) -> IdempotentResult:
    """:func:`response_submit` at most once per ``key`` (``core.idempotency``).

    First call: 201 with ``{"survey", "period", "status": "diterima"}``; a replay with the same
    key and payload: 200 with that body, nothing stored. The body names no response. Raises
    as :func:`response_submit`, and ``IdempotencyConflict`` when the key was used for other
    answers.
    """
    payload = {
        "answers": dict(answers),
        "profile": dict(profile or {}),
        "suggestion": suggestion,
    }

    def action() -> tuple[int, dict[str, Any]]:
        period = response_submit(
            survey=survey,
            answers=answers,
            profile=profile,
            suggestion=suggestion,
            channel=channel,
            now=now,
        )
        return 201, {"survey": survey.slug, "period": period, "status": "diterima"}

    return run_idempotent(
        scope=f"survey:{survey.slug}",
        key=key,
        payload={"digest": _payload_digest(survey, channel, payload)},
        action=action,
    )


# ---------------------------------------------------------------------------------------------
# Import of paper / other-tool responses
# ---------------------------------------------------------------------------------------------

_SEX = {
    "l": "L",
    "lk": "L",
    "laki-laki": "L",
    "laki laki": "L",
    "pria": "L",
    "m": "L",
    "male": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "f": "P",
    "female": "P",
}
_EDUCATION = {
    "sd": "sd",
    "tidak sekolah": "sd",
    "smp": "smp",
    "sltp": "smp",
    "sma": "sma",
    "smk": "sma",
    "slta": "sma",
    "sma/smk": "sma",
    "d1": "diploma",
    "d2": "diploma",
    "d3": "diploma",
    "diploma": "diploma",
    "d4": "s1",
    "s1": "s1",
    "sarjana": "s1",
    "s2": "s2",
    "s3": "s2",
    "pascasarjana": "s2",
}
_OCCUPATION = {
    "pns": "asn",
    "asn": "asn",
    "pppk": "asn",
    "tni": "tni_polri",
    "polri": "tni_polri",
    "tni/polri": "tni_polri",
    "swasta": "swasta",
    "pegawai swasta": "swasta",
    "karyawan": "swasta",
    "wiraswasta": "wirausaha",
    "wirausaha": "wirausaha",
    "pelajar": "pelajar",
    "mahasiswa": "pelajar",
    "pelajar/mahasiswa": "pelajar",
}


def _import_row(
    survey: Survey,
    row: SurveyResponse,
    *,
    services_by_name: Mapping[str, Service],
    default_period: str | None,
    problems: list[str],
) -> Response | None:
    before = len(problems)
    profile: dict[str, str] = {}
    p = row.profile
    if p.age is not None:
        profile["age_band"] = instruments.age_band(p.age)
    if p.sex:
        sex = _SEX.get(p.sex.strip().lower())
        if sex is None:
            problems.append(
                _("row %(row)s, column %(column)s: %(value)s is not L or P")
                % {"row": row.row, "column": "Jenis Kelamin", "value": repr(p.sex)}
            )
        else:
            profile["sex"] = sex
    if p.education:
        education = _EDUCATION.get(p.education.strip().lower())
        if education is None:
            problems.append(
                _("row %(row)s, column %(column)s: unknown education %(value)s")
                % {"row": row.row, "column": "Pendidikan", "value": repr(p.education)}
            )
        else:
            profile["education"] = education
    if p.occupation:
        profile["occupation"] = _OCCUPATION.get(p.occupation.strip().lower(), "lainnya")
    service = survey.service
    if p.service and survey.service is None:
        service = services_by_name.get(p.service.strip().lower())
        if service is None:
            problems.append(
                _("row %(row)s, column %(column)s: unknown service %(value)s")
                % {"row": row.row, "column": "Layanan", "value": repr(p.service)}
            )
    if p.date is not None:
        period = instruments.period_of(p.date, survey.scheme)
    elif default_period:
        period = default_period
    else:
        problems.append(
            _("row %(row)s, column %(column)s: no date, and no period was chosen for the file")
            % {"row": row.row, "column": "Tanggal"}
        )
        period = ""
    if len(problems) > before:
        return None
    response = Response(
        survey=survey,
        period=period,
        submitted_on=p.date,
        channel=Channel.PAPER,
        service=service,
        **profile,
    )
    for code in UNSUR_CODES:
        setattr(response, code.lower(), row.answers.get(code))
    return response


@transaction.atomic
def responses_import(
    *,
    actor: User | None,
    survey: Survey,
    rows: Sequence[SurveyResponse],
    default_period: str | None = None,
) -> int:
    """Store paper (or other tool) SKM responses read by ``responses_io``; all or nothing.

    ``default_period`` (``"2025-Q3"``) is used for rows without a date. Raises
    ``ValidationError`` listing every problem with its row and column (nothing stored), or
    ``PermissionDenied``. Returns the number of responses stored.
    """
    require_permission(actor, "surveys.manage", survey.unit)
    if not survey.is_skm:
        raise ValidationError(_("Only SKM responses can be imported from a file."))
    if default_period:
        try:
            instruments.parse_period(default_period)
        except instruments.PeriodError as error:
            raise ValidationError(str(error)) from None
    services_by_name = {s.name.strip().lower(): s for s in Service.objects.filter(unit=survey.unit)}
    problems: list[str] = []
    built: list[Response] = []
    for row in rows:
        response = _import_row(
            survey,
            row,
            services_by_name=services_by_name,
            default_period=default_period,
            problems=problems,
        )
        if response is not None:
            built.append(response)
    if problems:
        raise ValidationError(problems[:50])
    if not built:
        raise ValidationError(_("The file holds no responses."))
    Response.objects.bulk_create(built, batch_size=1000)
    periods = sorted({r.period for r in built})
    audit_record(
        actor=actor,
        action="survey_response.import",
        target=survey,
        organisation=survey.unit,
        after={"count": len(built), "periods": periods},
    )
    return len(built)


# ---------------------------------------------------------------------------------------------
# Publication
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def result_publish(
    *, actor: User | None, survey: Survey, period: str, now: dt.datetime | None = None
) -> PublishedResult:
    """Publish (or re-publish) the result of ``period``: a snapshot of IKM/index, mutu, NRR.

    Raises ``ValidationError`` when the period has no computable result (no respondent, an
    unsur nobody answered), or ``PermissionDenied``.
    """
    from integritas.surveys.selectors import period_result  # a read inside the write

    require_permission(actor, "surveys.manage", survey.unit)
    try:
        instruments.parse_period(period)
        result = period_result(survey, period)
    except (SkmError, instruments.PeriodError) as error:
        raise ValidationError(str(error)) from None
    if result.respondents == 0:
        raise ValidationError(_("This period has no responses to publish."))
    existing = PublishedResult.objects.filter(survey=survey, period=period).first()
    before = snapshot(existing, ["respondents", "value", "mutu"]) if existing else None
    published = existing or PublishedResult(survey=survey, period=period)
    published.respondents = result.respondents
    published.value = round_half_up(result.value, 6)
    published.mutu = result.mutu
    published.kinerja = result.kinerja
    published.tallies = {code: [total, n] for code, total, n in result.tallies}
    published.published_at = now or timezone.now()
    published.published_by = actor
    published.full_clean()
    published.save()
    audit_record(
        actor=actor,
        action="survey_result.publish",
        target=survey,
        organisation=survey.unit,
        before=before,
        after={"period": period, **snapshot(published, ["respondents", "value", "mutu"])},
    )
    return published


@transaction.atomic
def result_unpublish(*, actor: User | None, survey: Survey, period: str) -> None:
    """Withdraw a period's publication (the responses stay)."""
    require_permission(actor, "surveys.manage", survey.unit)
    existing = PublishedResult.objects.filter(survey=survey, period=period).first()
    if existing is None:
        raise ValidationError(_("This period is not published."))
    before = {"period": period, **snapshot(existing, ["respondents", "value", "mutu"])}
    existing.delete()
    audit_record(
        actor=actor,
        action="survey_result.unpublish",
        target=survey,
        organisation=survey.unit,
        before=before,
    )


# ---------------------------------------------------------------------------------------------
# Improvement plans
# ---------------------------------------------------------------------------------------------

PLAN_FIELDS = ["survey_id", "period", "unsur", "action", "owner", "due_date", "status"]


@transaction.atomic
def plan_create(
    *,
    actor: User | None,
    survey: Survey,
    period: str,
    action: str,
    owner: str,
    due_date: dt.date,
    unsur: str | None = None,
) -> ImprovementPlan:
    """Create a rencana tindak lanjut for ``period``; by default for its weakest unsur.

    The weakest unsur is the one with the lowest NRR in the period (ties: the first in
    U1…U9 order). Raises ``ValidationError`` (no result for the period, unknown unsur) or
    ``PermissionDenied``.
    """
    from integritas.surveys.selectors import period_result

    require_permission(actor, "surveys.manage", survey.unit)
    if unsur is None:
        try:
            result = period_result(survey, period)
        except (SkmError, instruments.PeriodError) as error:
            raise ValidationError(str(error)) from None
        if result.respondents == 0 or not result.scores:
            raise ValidationError(_("This period has no responses yet."))
        unsur = result.weakest
    valid = UNSUR_CODES if survey.is_skm else tuple(str(i["code"]) for i in survey.items)
    if unsur not in valid:
        raise ValidationError(_("Unknown element %(code)s."), params={"code": unsur})
    plan = ImprovementPlan(
        survey=survey,
        period=period,
        unsur=unsur,
        action=action.strip(),
        owner=owner.strip(),
        due_date=due_date,
    )
    plan.full_clean()
    plan.save()
    audit_record(
        actor=actor,
        action="survey_plan.create",
        target=plan,
        organisation=survey.unit,
        after=snapshot(plan, PLAN_FIELDS),
    )
    return plan


@transaction.atomic
def plan_set_status(*, actor: User | None, plan: ImprovementPlan, status: str) -> ImprovementPlan:
    """Move a plan along planned → in progress → done (or cancelled); other moves refused."""
    require_permission(actor, "surveys.manage", plan.survey.unit)
    if status not in PLAN_TRANSITIONS.get(plan.status, frozenset()):
        raise ValidationError(
            _("A plan cannot go from %(old)s to %(new)s."),
            params={
                "old": PlanStatus(plan.status).label,
                "new": PlanStatus(status).label if status in PlanStatus.values else status,
            },
        )
    before = snapshot(plan, ["status"])
    plan.status = status
    plan.full_clean()
    plan.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="survey_plan.status",
        target=plan,
        organisation=plan.survey.unit,
        before=before,
        after=snapshot(plan, ["status"]),
    )
    return plan


@transaction.atomic
def plan_publish(
    *, actor: User | None, plan: ImprovementPlan, now: dt.datetime | None = None
) -> ImprovementPlan:
    """Publish a plan (the LKE asks that follow-up plans be made public)."""
    require_permission(actor, "surveys.manage", plan.survey.unit)
    if plan.published_at is not None:
        raise ValidationError(_("This plan is already published."))
    plan.published_at = now or timezone.now()
    plan.save(update_fields=["published_at"])
    audit_record(
        actor=actor,
        action="survey_plan.publish",
        target=plan,
        organisation=plan.survey.unit,
        after=snapshot(plan, ["published_at"]),
    )
    return plan


# ---------------------------------------------------------------------------------------------
# Kiosks
# ---------------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """SHA-256 hex of a kiosk token (only the hash is stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def kiosk_create(
    *, actor: User | None, survey: Survey, name: str, limit_per_hour: int = 120
) -> tuple[KioskDevice, str]:
    """Register a kiosk tablet for ``survey``; return it and its secret token (shown once)."""
    require_permission(actor, "surveys.manage", survey.unit)
    token = secrets.token_urlsafe(24)
    kiosk = KioskDevice(
        survey=survey,
        name=name.strip(),
        token_hash=token_hash(token),
        limit_per_hour=limit_per_hour,
    )
    kiosk.full_clean()
    kiosk.save()
    audit_record(
        actor=actor,
        action="survey_kiosk.create",
        target=kiosk,
        organisation=survey.unit,
        after=snapshot(kiosk, ["survey_id", "name", "limit_per_hour"]),
    )
    return kiosk, token


@transaction.atomic
def kiosk_deactivate(*, actor: User | None, kiosk: KioskDevice) -> KioskDevice:
    """Switch a kiosk off (its URL stops working at once)."""
    require_permission(actor, "surveys.manage", kiosk.survey.unit)
    kiosk.is_active = False
    kiosk.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="survey_kiosk.deactivate",
        target=kiosk,
        organisation=kiosk.survey.unit,
        after={"is_active": False},
    )
    return kiosk


def perception_scale(survey: Survey) -> PerceptionScale:
    """The survey's SPAK/SPKP scale configuration (DOMAIN.md §3 [?])."""
    method: ConversionMethod = "proportional" if survey.conversion == "proportional" else "linear"
    return PerceptionScale(minimum=survey.scale_min, maximum=survey.scale_max, method=method)
