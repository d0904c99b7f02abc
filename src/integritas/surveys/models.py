"""Models of the surveys app: services, surveys, anonymous responses, kiosks, publication,
improvement plans.

Writes go through ``integritas.surveys.services``; reads through ``selectors``.

Anonymity (issue 4, item 3; THREAT_MODEL.md "Survey responses"): a :class:`Response` has no
name, no contact, no time of day (only the local date and the period), no link to a kiosk,
a queue ticket or a visitor, and its primary key is random (:func:`random_response_id`), so
that not even the row order tells in which order people answered.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.fields import RandomIdField
from integritas.core.models import Organisation, User, new_public_id
from integritas.surveys.choices import (
    AgeBand,
    Channel,
    Education,
    Occupation,
    PeriodScheme,
    PlanStatus,
    Sex,
    SurveyKind,
)
from integritas.surveys.ikm import ANSWER_MAX, ANSWER_MIN, UNSUR_CODES


def new_slug() -> str:
    """A random public slug for ``/survei/<slug>/`` (short enough for a QR code, unguessable)."""
    return secrets.token_urlsafe(9).replace("_", "x").replace("-", "y").lower()


def random_response_id() -> int:
    """A random positive 62-bit primary key: row order reveals nothing about answer order."""
    return secrets.randbits(62) + 1


class Service(models.Model):
    """A jenis layanan of a public-service unit, with the population the sample is sized on.

    ``population`` = service users per survey period (e.g. per quarter), for the
    Krejcie & Morgan sample size (DOMAIN.md §2); ``None`` when unknown.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("name"), max_length=200)
    population = models.PositiveIntegerField(_("users per period"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering: ClassVar[list[str]] = ["unit__path", "name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["unit", "name"], name="surveys_service_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Survey(models.Model):
    """An SKM, SPAK or SPKP survey of one public-service unit (optionally one service).

    The answering window is ``opens_at``..``closes_at`` (UTC instants, ``closes_at`` None =
    open-ended), set by services from local dates in the Pemda's zone: a survey closing on
    30 September closes at 23:59:59.999999 local time that day. Responses are grouped into
    periods of ``scheme`` (quarter by default) by their local date.

    SPAK/SPKP: ``items`` is ``[{"code": "A1", "text": "…"}, …]`` on ``scale_min``..``scale_max``
    (1–4 or 1–6), converted to the 0–4 index by ``conversion`` (DOMAIN.md §3 [?]). SKM uses
    the nine unsur of PermenPANRB 14/2017 and ignores these fields.

    Rate limits: responses per hour through the web form and through the API (0 = none);
    kiosks have their own (:class:`KioskDevice`).
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    slug = models.CharField(max_length=32, unique=True, default=new_slug, editable=False)
    kind = models.CharField(_("instrument"), max_length=8, choices=SurveyKind.choices)
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="surveys")
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    scheme = models.CharField(
        _("period"), max_length=10, choices=PeriodScheme.choices, default=PeriodScheme.QUARTER
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    population = models.PositiveIntegerField(_("users per period"), null=True, blank=True)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=4)
    conversion = models.CharField(max_length=12, default="linear")
    items = models.JSONField(default=list, blank=True)
    web_limit_per_hour = models.PositiveIntegerField(_("web responses per hour"), default=600)
    api_limit_per_hour = models.PositiveIntegerField(_("API responses per hour"), default=600)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering: ClassVar[list[str]] = ["unit__path", "kind", "title"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[c.value for c in SurveyKind]),
                name="surveys_survey_known_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(scale_min__gte=0, scale_max__gt=models.F("scale_min")),
                name="surveys_survey_scale_order",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="surveys_survey_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_skm(self) -> bool:
        """Whether this is an SKM (nine unsur, 1–4) rather than SPAK/SPKP."""
        return self.kind == SurveyKind.SKM


class Response(models.Model):
    """One anonymous answer sheet.

    SKM answers are the columns ``u1``…``u9`` (1–4, ``None`` = not answered — only imports
    may leave one blank), so results are one SQL aggregate; SPAK/SPKP answers are
    ``item_answers`` ``{"A1": 1-6, …}``. ``submitted_on`` is the local date only (never a
    time; ``None`` for imported paper sheets without a date); ``period`` its period under the
    survey's scheme.
    """

    id = RandomIdField(primary_key=True, default=random_response_id, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    period = models.CharField(max_length=8)
    submitted_on = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    u1 = models.PositiveSmallIntegerField(null=True, blank=True)
    u2 = models.PositiveSmallIntegerField(null=True, blank=True)
    u3 = models.PositiveSmallIntegerField(null=True, blank=True)
    u4 = models.PositiveSmallIntegerField(null=True, blank=True)
    u5 = models.PositiveSmallIntegerField(null=True, blank=True)
    u6 = models.PositiveSmallIntegerField(null=True, blank=True)
    u7 = models.PositiveSmallIntegerField(null=True, blank=True)
    u8 = models.PositiveSmallIntegerField(null=True, blank=True)
    u9 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_answers = models.JSONField(default=dict, blank=True)
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    education = models.CharField(max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(max_length=12, choices=Occupation.choices, blank=True)
    suggestion = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["survey", "period"], name="surveys_response_period_idx"),
        ]
        constraints: ClassVar[list[Any]] = [
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{c.lower()}__isnull": True})
                    | models.Q(
                        **{f"{c.lower()}__gte": ANSWER_MIN, f"{c.lower()}__lte": ANSWER_MAX}
                    ),
                    name=f"surveys_response_{c.lower()}_range",
                )
                for c in UNSUR_CODES
            ],
            models.CheckConstraint(
                condition=models.Q(channel__in=[c.value for c in Channel]),
                name="surveys_response_known_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.period}"

    def skm_answers(self) -> dict[str, int | None]:
        """``{"U1": 1-4 | None, …}``."""
        return {code: getattr(self, code.lower()) for code in UNSUR_CODES}


class KioskDevice(models.Model):
    """A named tablet at a service point, answering one survey in kiosk mode.

    Only the SHA-256 of its secret token is stored; the token is shown once, inside the kiosk
    URL, when the kiosk is created (or its token rotated). ``limit_per_hour`` is its own rate
    limit (0 = none) — a kiosk never shares a per-IP cap with the whole office.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="kiosks")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    limit_per_hour = models.PositiveIntegerField(_("responses per hour"), default=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class PublishedResult(models.Model):
    """The published result of one survey period: a snapshot taken at publication.

    ``tallies`` ``{"U1": [total, answered], …}`` (per unsur, or per SPAK/SPKP item) keep the
    exact figures, so NRR and IKM are recomputed exactly by the pure module; ``value`` is the
    IKM (SKM, 25–100) or index (SPAK/SPKP, 0–4) rounded to 6 places, for lists and sorting.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="publications")
    period = models.CharField(max_length=8)
    respondents = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=12, decimal_places=6)
    mutu = models.CharField(max_length=1, blank=True)
    kinerja = models.CharField(max_length=40, blank=True)
    tallies = models.JSONField(default=dict)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering: ClassVar[list[str]] = ["period"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["survey", "period"], name="surveys_published_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.period}"


class ImprovementPlan(models.Model):
    """A rencana tindak lanjut for the weakest unsur of a survey period (issue 4, item 7)."""

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="plans")
    period = models.CharField(_("period"), max_length=8)
    unsur = models.CharField(_("element"), max_length=8)
    action = models.TextField(_("planned action"), max_length=2000)
    owner = models.CharField(_("responsible"), max_length=200)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering: ClassVar[list[str]] = ["-period", "unsur"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=[c.value for c in PlanStatus]),
                name="surveys_plan_known_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.unsur}"
