"""Assessment models: one LKE per unit and year, answers, evidence, TPI review, history.

Writes go through ``integritas.assessment.services``; reads through ``selectors``. Scores are
never stored as the source of truth: they are computed by the pure engine
(:mod:`integritas.assessment.scoring`) from the stored values, and frozen in
:class:`ScoreSnapshot` rows at each workflow step (DOMAIN.md §1 "scores lock at each step").
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.assessment.choices import (
    AssessmentStatus,
    Predicate,
    ScoreBasis,
    SnapshotStep,
    ZeroDenominator,
)
from integritas.core.models import Organisation, User, new_public_id


class Assessment(models.Model):
    """The LKE of one unit kerja/OPD for one year, under the template it was created with.

    ``template_id`` names the LKE template version (e.g. ``permenpanrb-90-2021``) so an old
    assessment keeps the rules it was made under. ``holds_wbk`` is the prior predicate needed
    for WBBM (None = unknown).
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    template_id = models.CharField(_("LKE template"), max_length=64)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    holds_wbk = models.BooleanField(_("already holds WBK"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal_decided_at = models.DateTimeField(null=True, blank=True)
    proposal_predicate = models.CharField(
        _("proposed predicate"), max_length=8, choices=Predicate.choices, blank=True
    )
    proposal_note = models.TextField(_("proposal note"), blank=True)
    tpn_predicate = models.CharField(
        _("TPN predicate"), max_length=8, choices=Predicate.choices, blank=True
    )
    tpn_date = models.DateField(_("TPN decision date"), null=True, blank=True)
    tpn_decree = models.CharField(_("TPN decree number"), max_length=200, blank=True)
    tpn_note = models.TextField(_("TPN note"), blank=True)
    revoked_date = models.DateField(_("revocation date"), null=True, blank=True)
    revoked_decree = models.CharField(_("revocation decree number"), max_length=200, blank=True)
    revoked_reason = models.TextField(_("revocation reason"), blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering: ClassVar[list[str]] = ["-year", "organisation__path"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="assessment_one_per_unit_and_year"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[c.value for c in AssessmentStatus]),
                name="assessment_known_status",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2010) & models.Q(year__lte=2100),
                name="assessment_plausible_year",
            ),
        ]

    def __str__(self) -> str:
        return f"LKE {self.year} · {self.organisation}"


class ValueFields(models.Model):
    """One value of an LKE item, whoever gives it (the unit, a TPI member, the TPI lead).

    Exactly one shape is used per item, following the template's answer type: ``option``
    (``Ya``/``Tidak``/``A``…, with ``answer_type`` set only for an alternative scale);
    ``inputs`` (numeric reform item: input key → decimal string, e.g. ``{"finished": "157"}``)
    with ``ratio`` as the printed value when inputs are missing; ``index_value`` (IPAK/IPKP on
    0–4). Conversion to the engine's answers lives in :mod:`integritas.assessment.values`.
    """

    option = models.CharField(_("answer"), max_length=10, blank=True)
    answer_type = models.CharField(_("answer scale"), max_length=16, blank=True)
    inputs = models.JSONField(_("numeric inputs"), default=dict, blank=True)
    ratio = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    index_value = models.DecimalField(
        _("index (0-4)"), max_digits=7, decimal_places=4, null=True, blank=True
    )

    class Meta:
        abstract = True


class Answer(ValueFields):
    """The unit's (Tim ZI) answer to one question or hasil item.

    ``version`` grows by one at every save; a save carrying an older version is refused
    (optimistic concurrency: two team members never silently overwrite each other).
    ``source`` says where a figure fed from another module came from; ``override_note`` is the
    TPI's mandatory reason when it replaced such a figure.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    code = models.CharField(_("question"), max_length=16)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    override_note = models.TextField(_("TPI override note"), blank=True)
    overridden_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["assessment", "code"], name="assessment_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class Evidence(models.Model):
    """One version of one evidence document attached to a question.

    A new upload under the same ``title`` makes the next ``version``; older versions are kept.
    ``sha256`` is the checksum of the stored (cleaned) bytes.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    code = models.CharField(_("question"), max_length=16)
    title = models.CharField(_("document"), max_length=200)
    version = models.PositiveSmallIntegerField(default=1)
    storage_name = models.CharField(max_length=300)
    original_name = models.CharField(max_length=200)
    mime = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering: ClassVar[list[str]] = ["code", "title", "-version"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["assessment", "code", "title", "version"],
                name="assessment_evidence_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title} v{self.version}"


class TpiAssignment(models.Model):
    """A TPI member assigned to review one assessment; exactly one may be the lead."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="tpi_assignments"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField(_("TPI lead"), default=False)
    assigned_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("TPI assignment")
        verbose_name_plural = _("TPI assignments")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["assessment", "user"], name="assessment_tpi_assignment_unique"
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(is_lead=True),
                name="assessment_one_tpi_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({'lead' if self.is_lead else 'member'})"


class Review(ValueFields):
    """A TPI value for one item: a member's (``is_consolidated`` False) or the lead's final one."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    code = models.CharField(_("question"), max_length=16)
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    is_consolidated = models.BooleanField(default=False)
    note = models.TextField(_("TPI note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("TPI review value")
        verbose_name_plural = _("TPI review values")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["assessment", "code", "reviewer"],
                condition=models.Q(is_consolidated=False),
                name="assessment_review_member_unique",
            ),
            models.UniqueConstraint(
                fields=["assessment", "code"],
                condition=models.Q(is_consolidated=True),
                name="assessment_review_consolidated_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.reviewer}"


class UnitResponse(models.Model):
    """The unit's reply to the TPI notes on one item (allowed until the lock)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    code = models.CharField(_("question"), max_length=16)
    text = models.TextField(_("response"))
    author = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit response")
        verbose_name_plural = _("unit responses")
        ordering: ClassVar[list[str]] = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:40]}"


class ScoreSnapshot(models.Model):
    """The scores computed at one workflow step, frozen (history, never updated).

    Points are rounded to 4 decimals for storage (the engine's exact values are in ``detail``
    as fraction strings ``"p/q"``); ``detail`` also holds area scores and unmet conditions.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    step = models.CharField(max_length=20, choices=SnapshotStep.choices)
    basis = models.CharField(max_length=8, choices=ScoreBasis.choices)
    total = models.DecimalField(max_digits=9, decimal_places=4)
    pengungkit = models.DecimalField(max_digits=9, decimal_places=4)
    hasil = models.DecimalField(max_digits=9, decimal_places=4)
    wbk_met = models.BooleanField()
    wbbm_met = models.BooleanField()
    detail = models.JSONField(default=dict)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("score snapshot")
        verbose_name_plural = _("score snapshots")
        ordering: ClassVar[list[str]] = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.step}/{self.basis}: {self.total}"


class LkeSettings(models.Model):
    """LKE settings of one Pemda (the root organisation), changed by an administrator or the TPI.

    ``zero_denominator``: how a ratio item without data (denominator 0: no complaints to
    follow up, no sasaran, no obliged LHKPN filers) scores — ``zero``, ``one`` or ``tpi`` (the
    TPI enters a value with a note); blank = each item's default in the LKE template.
    """

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("Pemda"),
        on_delete=models.CASCADE,
        related_name="lke_settings",
    )
    zero_denominator = models.CharField(
        _("ratio items without data"),
        max_length=8,
        choices=ZeroDenominator.choices,
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("LKE settings")
        verbose_name_plural = _("LKE settings")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.zero_denominator or '-'}"

    @staticmethod
    def rule_for(organisation: Organisation) -> str | None:
        """The zero-denominator rule of the Pemda ``organisation`` belongs to (None = template)."""
        ids = organisation.ancestor_ids()
        root = ids[0] if ids else organisation.pk
        found = (
            LkeSettings.objects.filter(organisation_id=root)
            .values_list("zero_denominator", flat=True)
            .first()
        )
        return found or None
