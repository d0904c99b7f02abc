"""Staff writes: services (jenis layanan), surveys, publication, improvement plans, kiosks.

Each takes the acting user (or ``System`` for the demo and commands), checks it with the
predicates of ``surveys.permissions``, and writes through ``core.audit.audited`` (one
transaction: the row and its audit event together).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integritas.core import clock
from integritas.core.actors import Actor, actor_user
from integritas.core.audit import audit_record, audited, snapshot
from integritas.core.models import Organisation
from integritas.core.permissions import require
from integritas.core.selectors import calendar_for
from integritas.surveys import answering, instruments
from integritas.surveys.choices import PeriodScheme, PlanStatus, SurveyKind
from integritas.surveys.ikm import ANSWER_MAX, ANSWER_MIN, UNSUR_CODES, SkmError, round_half_up
from integritas.surveys.models import ImprovementPlan, KioskDevice, PublishedResult, Service, Survey
from integritas.surveys.permissions import (
    can_edit_plan,
    can_manage,
    can_manage_kiosk,
    can_manage_unit,
)
from integritas.surveys.selectors import period_result
from integritas.surveys.workflows import PLAN_WF

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
PLAN_FIELDS = ["survey_id", "period", "unsur", "action", "owner", "due_date", "status"]
PUBLISHED_FIELDS = ["survey_id", "period", "respondents", "value", "mutu"]


def _public_service_unit(unit: Organisation) -> None:
    if not unit.is_public_service:
        raise ValidationError(
            {
                "unit": ValidationError(
                    _("%(unit)s is not a public-service unit."), params={"unit": unit.name}
                )
            }
        )


# ---------------------------------------------------------------------------------------------
# Services (jenis layanan) and surveys
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def service_create(
    *, actor: Actor, unit: Organisation, name: str, population: int | None = None
) -> Service:
    """Add a jenis layanan to a public-service ``unit``.

    ``population``: users per survey period, for the Krejcie & Morgan sample size
    (DOMAIN.md §2). Raises ``ValidationError`` (unit not a public-service unit, duplicate
    name) or ``PermissionDenied``.
    """
    require(can_manage_unit(actor, unit))
    _public_service_unit(unit)
    service = Service(unit=unit, name=name.strip(), population=population)
    with audited(
        service,
        actor=actor,
        action="survey_service.create",
        fields=["unit_id", "name", "population"],
        organisation=unit,
    ):
        pass
    return service


def local_window(
    unit: Organisation, opens_on: dt.date, closes_on: dt.date | None
) -> tuple[dt.datetime, dt.datetime | None]:
    """UTC instants of a window given as local dates in the unit's Pemda zone
    (``answering.local_window``; DOMAIN.md §9)."""
    return answering.local_window(calendar_for(unit).zone, opens_on, closes_on)


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
    actor: Actor,
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
    require(can_manage_unit(actor, unit))
    _public_service_unit(unit)
    if service is not None and service.unit_id != unit.pk:
        raise ValidationError({"service": _("The service belongs to another unit.")})
    if kind not in SurveyKind.values:
        raise ValidationError({"kind": _("Unknown survey instrument.")})
    if kind != SurveyKind.SKM and scale_max not in (4, 6):
        raise ValidationError({"scale_max": _("The answer scale must be 1–4 or 1–6.")})
    if closes_on is not None and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The survey cannot close before it opens.")})
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
    with audited(
        survey, actor=actor, action="survey.create", fields=SURVEY_FIELDS, organisation=unit
    ):
        pass
    return survey


@transaction.atomic
def survey_update(
    *,
    actor: Actor,
    survey: Survey,
    closes_on: dt.date | None,
    web_limit_per_hour: int,
    api_limit_per_hour: int,
    is_active: bool = True,
) -> Survey:
    """Change a survey's closing date (local) and its per-channel rate limits (0 = none).

    Raises ``ValidationError`` (``closes_on`` before the opening) or ``PermissionDenied``.
    """
    require(can_manage(actor, survey))
    with audited(
        survey,
        actor=actor,
        action="survey.update",
        fields=SURVEY_FIELDS,
        organisation=survey.unit,
    ):
        if closes_on is None:
            survey.closes_at = None
        else:
            _opens, closes_at = local_window(survey.unit, closes_on, closes_on)
            if closes_at is None or closes_at <= survey.opens_at:
                raise ValidationError({"closes_on": _("The survey cannot close before it opens.")})
            survey.closes_at = closes_at
        survey.web_limit_per_hour = web_limit_per_hour
        survey.api_limit_per_hour = api_limit_per_hour
        survey.is_active = is_active
    return survey


# ---------------------------------------------------------------------------------------------
# Publication of a period's result
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def result_publish(
    *, actor: Actor, survey: Survey, period: str, now: dt.datetime | None = None
) -> PublishedResult:
    """Publish (or re-publish) the result of ``period``: a snapshot of IKM/index, mutu, NRR.

    Raises ``ValidationError`` when the period has no computable result (no respondent, an
    unsur nobody answered), or ``PermissionDenied``.
    """
    require(can_manage(actor, survey))
    try:
        instruments.parse_period(period)
        result = period_result(survey, period)
    except (SkmError, instruments.PeriodError) as error:
        raise ValidationError(str(error)) from None
    if result.respondents == 0:
        raise ValidationError(_("This period has no responses to publish."))
    published = PublishedResult.objects.filter(
        survey=survey, period=period
    ).first() or PublishedResult(survey=survey, period=period)
    with audited(
        published,
        actor=actor,
        action="survey_result.publish",
        fields=PUBLISHED_FIELDS,
        organisation=survey.unit,
    ):
        published.respondents = result.respondents
        published.value = round_half_up(result.value, 6)
        published.mutu = result.mutu
        published.kinerja = result.kinerja
        published.tallies = {code: [total, n] for code, total, n in result.tallies}
        published.published_at = now or clock.now()
        published.published_by = actor_user(actor)
    return published


@transaction.atomic
def result_unpublish(*, actor: Actor, survey: Survey, period: str) -> None:
    """Withdraw a period's publication (the responses stay)."""
    require(can_manage(actor, survey))
    existing = PublishedResult.objects.filter(survey=survey, period=period).first()
    if existing is None:
        raise ValidationError(_("This period is not published."))
    before = snapshot(existing, PUBLISHED_FIELDS)
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


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
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
    require(can_manage(actor, survey))
    if unsur is None:
        try:
            result = period_result(survey, period)
        except (SkmError, instruments.PeriodError) as error:
            raise ValidationError({"period": str(error)}) from None
        if result.respondents == 0 or not result.scores:
            raise ValidationError({"period": _("This period has no responses yet.")})
        unsur = result.weakest
    valid = UNSUR_CODES if survey.is_skm else tuple(str(i["code"]) for i in survey.items)
    if unsur not in valid:
        raise ValidationError(
            {"unsur": ValidationError(_("Unknown element %(code)s."), params={"code": unsur})}
        )
    plan = ImprovementPlan(
        survey=survey,
        period=period,
        unsur=unsur,
        action=action.strip(),
        owner=owner.strip(),
        due_date=due_date,
    )
    with audited(
        plan, actor=actor, action="survey_plan.create", fields=PLAN_FIELDS, organisation=survey.unit
    ):
        pass
    return plan


@transaction.atomic
def plan_transition(*, actor: Actor, plan: ImprovementPlan, action: str) -> ImprovementPlan:
    """Take workflow action ``action`` (start, complete, cancel) on ``plan`` (``PLAN_WF``).

    Raises ``PermissionDenied`` (the actor may not) or ``ValidationError`` code
    ``transition`` naming both states when the plan's state does not allow it.
    """
    declared = PLAN_WF.action(action)
    if not declared.targets:
        raise ValueError(f"{action!r} does not move a plan; see plan_publish")
    with audited(
        plan,
        actor=actor,
        action=PLAN_WF.audit_action(action),
        fields=["status"],
        organisation=plan.survey.unit,
    ):
        try:
            PLAN_WF.transition(plan, action, actor=actor)
        except ValidationError as error:
            if error.code != "transition":
                raise
            (target,) = declared.targets
            raise ValidationError(
                _("A plan cannot go from %(old)s to %(new)s."),
                code="transition",
                params={
                    "old": PlanStatus(plan.status).label,
                    "new": PlanStatus(target).label,
                },
            ) from None
    return plan


@transaction.atomic
def plan_publish(
    *, actor: Actor, plan: ImprovementPlan, now: dt.datetime | None = None
) -> ImprovementPlan:
    """Publish a plan (the LKE asks that follow-up plans be made public); once."""
    require(can_edit_plan(actor, plan))
    if plan.published_at is not None:
        raise ValidationError(_("This plan is already published."))
    with audited(
        plan,
        actor=actor,
        action=PLAN_WF.audit_action("publish"),
        fields=["published_at"],
        organisation=plan.survey.unit,
    ):
        plan.published_at = now or clock.now()
    return plan


# ---------------------------------------------------------------------------------------------
# Kiosks
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def kiosk_create(
    *, actor: Actor, survey: Survey, name: str, limit_per_hour: int = 120
) -> tuple[KioskDevice, str]:
    """Register a kiosk tablet for ``survey``; return it and its secret token (shown once)."""
    require(can_manage(actor, survey))
    token = secrets.token_urlsafe(24)
    kiosk = KioskDevice(
        survey=survey,
        name=name.strip(),
        token_hash=answering.token_hash(token),
        limit_per_hour=limit_per_hour,
    )
    with audited(
        kiosk,
        actor=actor,
        action="survey_kiosk.create",
        fields=["survey_id", "name", "limit_per_hour"],
        organisation=survey.unit,
    ):
        pass
    return kiosk, token


@transaction.atomic
def kiosk_deactivate(*, actor: Actor, kiosk: KioskDevice) -> KioskDevice:
    """Switch a kiosk off (its URL stops working at once)."""
    require(can_manage_kiosk(actor, kiosk))
    with audited(
        kiosk,
        actor=actor,
        action="survey_kiosk.deactivate",
        fields=["is_active"],
        organisation=kiosk.survey.unit,
    ):
        kiosk.is_active = False
    return kiosk
