"""Every write of the portal: LHP summaries and TLHP, observer comments and moderation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.core.audit import audit_record, snapshot
from integritas.core.commentable import resolve_target
from integritas.core.datasets import invalidate
from integritas.core.models import Organisation, User
from integritas.core.permissions import require_permission
from integritas.portal.choices import CommentStatus, FollowUpStatus
from integritas.portal.models import AuditRecommendation, AuditReport, PublicComment

AUDIT_DATASETS = ("lhp-ringkasan", "tlhp-per-opd")


@transaction.atomic
def audit_report_create(
    *,
    actor: User | None,
    organisation: Organisation,
    number: str,
    date: dt.date,
    title: str,
    summary: str,
    recommendations: list[str],
) -> AuditReport:
    """Record an LHP summary with its recommendations (unpublished until approved)."""
    require_permission(actor, "portal.manage_audit_reports", organisation)
    texts = [t.strip() for t in recommendations if t.strip()]
    if not texts:
        raise ValidationError(_("An audit report needs at least one recommendation."))
    report = AuditReport(
        organisation=organisation,
        number=number.strip(),
        date=date,
        title=title.strip(),
        summary=summary.strip(),
        created_by=actor,
    )
    report.full_clean()
    report.save()
    for text in texts:
        rec = AuditRecommendation(report=report, text=text)
        rec.full_clean()
        rec.save()
    audit_record(
        actor=actor,
        action="audit_report.create",
        target=report,
        organisation=organisation,
        after={**snapshot(report, ["number", "date", "title"]), "recommendations": len(texts)},
    )
    return report


@transaction.atomic
def audit_report_publish(
    *, actor: User | None, report: AuditReport, public_from: dt.date | None = None
) -> AuditReport:
    """Publish an LHP summary and its TLHP status: to observers now, to everyone from
    ``public_from`` (None: now)."""
    report = AuditReport.objects.select_for_update().get(pk=report.pk)
    require_permission(actor, "portal.manage_audit_reports", report.organisation)
    if report.is_published:
        return report
    report.is_published = True
    report.published_at = timezone.now()
    report.public_from = public_from
    report.save(update_fields=["is_published", "published_at", "public_from"])
    audit_record(
        actor=actor, action="audit_report.publish", target=report, organisation=report.organisation
    )
    invalidate(*AUDIT_DATASETS)
    return report


@transaction.atomic
def recommendation_set_status(
    *, actor: User | None, recommendation: AuditRecommendation, status: str, note: str = ""
) -> AuditRecommendation:
    """Change a recommendation's follow-up (TLHP) status: not yet, in progress, done."""
    rec = (
        AuditRecommendation.objects.select_for_update()
        .select_related("report")
        .get(pk=recommendation.pk)
    )
    require_permission(actor, "portal.manage_audit_reports", rec.report.organisation)
    if status not in FollowUpStatus.values:
        raise ValidationError(_("Unknown follow-up status %(status)s."), params={"status": status})
    before = snapshot(rec, ["status", "follow_up_note"])
    rec.status = status
    rec.follow_up_note = note.strip()
    rec.full_clean()
    rec.save()
    audit_record(
        actor=actor,
        action="audit_recommendation.set_status",
        target=rec,
        organisation=rec.report.organisation,
        before=before,
        after=snapshot(rec, ["status", "follow_up_note"]),
    )
    invalidate(*AUDIT_DATASETS)
    return rec


MAX_COMMENT = 2000


@transaction.atomic
def comment_submit(*, actor: User, target_kind: str, target_id: str, body: str) -> PublicComment:
    """An observer comments on a published item; the comment waits for moderation.

    Raises ``ValidationError`` for an empty or too long comment or an unknown/unpublished
    target, ``PermissionDenied`` for anyone but an observer.
    """
    require_permission(actor, "portal.comment", None)
    text = body.strip()
    if not text:
        raise ValidationError(_("Write a comment first."), code="comment_empty")
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            _("A comment can be at most %(max)d characters."),
            code="comment_long",
            params={"max": MAX_COMMENT},
        )
    if resolve_target(target_kind, target_id) is None:
        raise ValidationError(_("This item cannot take comments."), code="comment_target")
    comment = PublicComment(target_kind=target_kind, target_id=target_id, author=actor, body=text)
    comment.full_clean()
    comment.save()
    audit_record(
        actor=actor,
        action="comment.submit",
        target=comment,
        after={"target": f"{target_kind}:{target_id}"},
    )
    return comment


@transaction.atomic
def comment_moderate(
    *, actor: User | None, comment: PublicComment, approve: bool, note: str = ""
) -> PublicComment:
    """Publish or reject a pending comment (once; a decided comment stays decided)."""
    require_permission(actor, "portal.moderate_comments", None)
    comment = PublicComment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != CommentStatus.PENDING:
        raise ValidationError(_("This comment was moderated already."), code="comment_decided")
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    comment.moderated_by = actor
    comment.moderation_note = note.strip()[:300]
    comment.save(update_fields=["status", "moderated_by", "moderation_note"])
    audit_record(
        actor=actor,
        action="comment.moderate",
        target=comment,
        after={"status": comment.status},
    )
    return comment
