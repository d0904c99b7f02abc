"""Portal models: audit report summaries (LHP) with follow-up (TLHP), observer comments."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.models import Organisation, User, new_public_id
from integritas.portal.choices import CommentStatus, FollowUpStatus


class AuditReport(models.Model):
    """A summary of an Inspektorat audit report (LHP) about one OPD, published on approval.

    Only the summary is ever public; the full report stays with the Inspektorat.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    number = models.CharField(_("report number"), max_length=100)
    date = models.DateField(_("report date"))
    title = models.CharField(_("title"), max_length=300)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="audit_reports"
    )
    summary = models.TextField(_("summary for the public"))
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    # Observers (pengamat) see a published summary at once; the public from this date on
    # (None: at once), so civil society can prepare before the public release.
    public_from = models.DateField(_("public from"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-date", "number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["number"], name="portal_auditreport_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class AuditRecommendation(models.Model):
    """One recommendation of an LHP and its follow-up (TLHP) status."""

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    report = models.ForeignKey(
        AuditReport, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    status = models.CharField(
        _("follow-up status"),
        max_length=10,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.NOT_YET,
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["report", "id"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=[c.value for c in FollowUpStatus]),
                name="portal_recommendation_known_status",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class PublicComment(models.Model):
    """An observer's comment on a published item (an improvement plan), shown after moderation.

    ``target_kind`` + ``target_id`` name the item by its public id (e.g.
    ``surveys.improvementplan`` / ``Ab12…``), so any app's published items can take comments
    without a foreign key into that app.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    target_kind = models.CharField(max_length=60)
    target_id = models.CharField(max_length=32)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="public_comments")
    body = models.TextField(_("comment"), max_length=2000)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderation_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=["target_kind", "target_id", "status"], name="portal_comment_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_kind}:{self.target_id} · {self.status}"
