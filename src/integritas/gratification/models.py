"""Gratification reports (issue 12, items 8–9; DOMAIN.md §7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.models import Organisation, User
from integritas.gratification.choices import (
    Decision,
    KeptAt,
    ObjectKind,
    Occasion,
    Relation,
    ReportForm,
    Status,
)


class GratificationReport(models.Model):
    """One employee's report of a gift received, refused, given or asked for."""

    public_id = models.CharField(max_length=20, unique=True)
    pemda = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reporter = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    form = models.CharField(_("form"), max_length=16, choices=ReportForm.choices)
    giver = models.CharField(_("giver"), max_length=200)
    relation = models.CharField(_("relation to the giver"), max_length=20, choices=Relation.choices)
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    object_kind = models.CharField(_("object kind"), max_length=16, choices=ObjectKind.choices)
    description = models.TextField(_("description of the object"))
    value = models.PositiveBigIntegerField(_("estimated value (Rupiah)"))
    received_on = models.DateField(_("date received"))
    place = models.CharField(_("place received"), max_length=200)
    kept_at = models.CharField(_("where the object is kept"), max_length=16, choices=KeptAt.choices)
    reported_on = models.DateField(_("reported on"))
    regulation = models.CharField(_("rules applied"), max_length=40)
    exempt = models.BooleanField(_("exempt"), default=False)
    due_to_upg = models.DateField(_("due at the UPG"))
    due_to_kpk = models.DateField(_("due at the KPK"))
    late = models.BooleanField(_("reported late"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    completion_due = models.DateField(_("completion due"), null=True, blank=True)
    gol_number = models.CharField(_("GOL submission number"), max_length=60, blank=True)
    decision = models.CharField(
        _("KPK decision"), max_length=16, choices=Decision.choices, blank=True
    )
    decree = models.CharField(_("KPK decree number"), max_length=100, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)

    class Meta:
        verbose_name = _("gratification report")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return self.public_id


class Document(models.Model):
    """A supporting document of a report (DOMAIN.md §7 "documents"): checked and cleaned by
    ``core.uploads`` (type sniffed, metadata removed), stored under a random name, served
    only as a download to the reporter and the UPG."""

    public_id = models.CharField(max_length=24, unique=True)
    report = models.ForeignKey(
        GratificationReport, on_delete=models.CASCADE, related_name="documents"
    )
    storage_name = models.CharField(max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    mime = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_on = models.DateField(_("uploaded on"))

    class Meta:
        verbose_name = _("supporting document")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.public_id
