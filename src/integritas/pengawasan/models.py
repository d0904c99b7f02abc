"""Pengawasan models: LHP summaries (Laporan Hasil Pemeriksaan) and their recommendations
(rekomendasi) with follow-up (TLHP, tindak lanjut hasil pemeriksaan).

The rows lived in the portal app until issue 9; migration ``0002`` moved the tables here
without touching a row.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.models import Organisation, User, new_public_id
from integritas.pengawasan.choices import LhpStatus, TlhpStatus


class Lhp(models.Model):
    """The summary of one Inspektorat audit report (LHP) about one OPD.

    Only the summary is ever public, once published; the full report stays with the
    Inspektorat.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    number = models.CharField(_("report number"), max_length=100)
    date = models.DateField(_("report date"))
    title = models.CharField(_("title"), max_length=300)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="lhps")
    summary = models.TextField(_("summary for the public"))
    status = models.CharField(
        _("publication"), max_length=10, choices=LhpStatus.choices, default=LhpStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Observers (pengamat) see a published summary at once; the public from this date on
    # (None: at once), so civil society can prepare before the public release.
    public_from = models.DateField(_("public from"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("LHP")
        verbose_name_plural = _("LHPs")
        ordering: ClassVar[list[str]] = ["-date", "number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["number"], name="pengawasan_lhp_unique_number"),
            models.CheckConstraint(
                condition=models.Q(status__in=[c.value for c in LhpStatus]),
                name="pengawasan_lhp_known_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def is_published(self) -> bool:
        return self.status == LhpStatus.PUBLISHED


class Rekomendasi(models.Model):
    """One recommendation of an LHP and its follow-up (TLHP) status."""

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    lhp = models.ForeignKey(Lhp, on_delete=models.CASCADE, related_name="rekomendasi")
    text = models.TextField(_("recommendation"))
    status = models.CharField(
        _("follow-up status"),
        max_length=10,
        choices=TlhpStatus.choices,
        default=TlhpStatus.NOT_YET,
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering: ClassVar[list[str]] = ["lhp", "id"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=[c.value for c in TlhpStatus]),
                name="pengawasan_rekomendasi_known_status",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
