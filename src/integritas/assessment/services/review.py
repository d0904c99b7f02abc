"""The TPI's review before the lock: team, members' values, the lead's consolidation, the
unit's responses, and the lock."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integritas.assessment import permissions as perms
from integritas.assessment.choices import (
    LOCKED_STATUSES,
    AssessmentStatus,
    ScoreBasis,
    SnapshotStep,
)
from integritas.assessment.models import (
    Answer,
    Assessment,
    Review,
    TpiAssignment,
    UnitResponse,
)
from integritas.assessment.services._common import (
    REVIEW_AUDIT_FIELDS,
    all_codes,
    apply_values,
    check_item,
    check_value,
    locked_row,
    take_snapshot,
)
from integritas.assessment.values import Values
from integritas.assessment.workflows import ASSESSMENT
from integritas.core import clock
from integritas.core.actors import Actor, actor_user
from integritas.core.audit import audit_record, audited
from integritas.core.models import User
from integritas.core.permissions import has_permission, require

S = AssessmentStatus


def _require_before_lock(a: Assessment) -> None:
    if a.status in LOCKED_STATUSES:
        raise ValidationError(_("The assessment is locked."), code="locked")


@transaction.atomic
def tpi_assign(*, actor: Actor, assessment: Assessment, user: User, is_lead: bool) -> TpiAssignment:
    """Assign a TPI member (or the lead) to an assessment, before the lock.

    The person must hold the TPI review permission over the unit. Making someone lead makes
    the previous lead a member (one lead per assessment, database constraint).
    """
    a = locked_row(assessment)
    require(perms.can_assign(actor, a))
    _require_before_lock(a)
    if not has_permission(user, perms.REVIEW, a.organisation):
        raise ValidationError(
            _("%(user)s is not a TPI member for this unit."),
            code="not_tpi",
            params={"user": str(user)},
        )
    if is_lead:
        TpiAssignment.objects.filter(assessment=a, is_lead=True).exclude(user=user).update(
            is_lead=False
        )
    assignment = TpiAssignment.objects.filter(assessment=a, user=user).first()
    if assignment is None:
        assignment = TpiAssignment(assessment=a, user=user, assigned_by=actor_user(actor))
    with audited(
        assignment,
        actor=actor,
        action="assessment.tpi_assign",
        fields=["user_id", "is_lead"],
        organisation=a.organisation,
    ):
        assignment.is_lead = is_lead
    return assignment


def _reviewer(actor: Actor, a: Assessment, *, lead: bool) -> User:
    """The person giving a TPI value: assigned (the lead for consolidated values), under
    review. ``PermissionDenied`` or ``ValidationError`` otherwise."""
    allowed = perms.can_consolidate(actor, a) if lead else perms.can_review(actor, a)
    require(allowed and isinstance(actor, User))
    assert isinstance(actor, User)  # narrowed by the predicate
    if a.status != S.SUBMITTED:
        raise ValidationError(
            _("TPI values can only be given while the assessment is under TPI review."),
            code="not_submitted",
        )
    return actor


def _save_review(
    *,
    actor: Actor,
    action: str,
    a: Assessment,
    reviewer: User,
    code: str,
    values: Values,
    note: str,
    consolidated: bool,
) -> Review:
    values = check_value(a, code, values)
    if values.is_empty():
        raise ValidationError(_("Enter the value."), code="empty")
    lookup: dict[str, Any] = {"assessment": a, "code": code, "is_consolidated": consolidated}
    if not consolidated:
        lookup["reviewer"] = reviewer
    row = Review.objects.select_for_update().filter(**lookup).first()
    if row is None:
        row = Review(assessment=a, code=code, reviewer=reviewer, is_consolidated=consolidated)
    with audited(
        row, actor=actor, action=action, fields=REVIEW_AUDIT_FIELDS, organisation=a.organisation
    ):
        row.reviewer = reviewer
        apply_values(row, values)
        row.note = note.strip()
    return row


@transaction.atomic
def review_save(
    *, actor: Actor, assessment: Assessment, code: str, values: Values, note: str
) -> Review:
    """A TPI member's value and note for one item (under review, member assigned)."""
    a = locked_row(assessment)
    reviewer = _reviewer(actor, a, lead=False)
    return _save_review(
        actor=actor,
        action="assessment.review_save",
        a=a,
        reviewer=reviewer,
        code=code,
        values=values,
        note=note,
        consolidated=False,
    )


@transaction.atomic
def review_copy_self(*, actor: Actor, assessment: Assessment) -> int:
    """A TPI member starts from the unit's answers: copy them into the member's own values
    for every item the member has not reviewed yet. Returns how many were copied."""
    a = locked_row(assessment)
    reviewer = _reviewer(actor, a, lead=False)
    done = set(
        Review.objects.filter(assessment=a, reviewer=reviewer, is_consolidated=False).values_list(
            "code", flat=True
        )
    )
    new = [
        Review(
            assessment=a,
            code=ans.code,
            reviewer=reviewer,
            option=ans.option,
            answer_type=ans.answer_type,
            inputs=ans.inputs,
            ratio=ans.ratio,
            index_value=ans.index_value,
        )
        for ans in Answer.objects.filter(assessment=a).exclude(code__in=done)
        if ans.option or ans.inputs or ans.ratio is not None or ans.index_value is not None
    ]
    Review.objects.bulk_create(new)
    audit_record(
        actor=actor,
        action="assessment.review_copy_self",
        target=a,
        organisation=a.organisation,
        after={"copied": len(new)},
    )
    return len(new)


@transaction.atomic
def consolidate_save(
    *, actor: Actor, assessment: Assessment, code: str, values: Values, note: str
) -> Review:
    """The TPI lead's consolidated (final) value and note for one item."""
    a = locked_row(assessment)
    lead = _reviewer(actor, a, lead=True)
    return _save_review(
        actor=actor,
        action="assessment.consolidate_save",
        a=a,
        reviewer=lead,
        code=code,
        values=values,
        note=note,
        consolidated=True,
    )


def _same_value(a: Review, b: Review) -> bool:
    return (
        a.option == b.option
        and a.answer_type == b.answer_type
        and a.inputs == b.inputs
        and a.ratio == b.ratio
        and a.index_value == b.index_value
    )


@transaction.atomic
def consolidate_agreeing(*, actor: Actor, assessment: Assessment) -> int:
    """The lead takes the members' value for every item not yet consolidated on which all
    members who reviewed it agree; their notes are joined. Returns how many were filled."""
    a = locked_row(assessment)
    lead = _reviewer(actor, a, lead=True)
    done = set(
        Review.objects.filter(assessment=a, is_consolidated=True).values_list("code", flat=True)
    )
    by_code: dict[str, list[Review]] = {}
    for r in Review.objects.filter(assessment=a, is_consolidated=False).order_by("pk"):
        by_code.setdefault(r.code, []).append(r)
    new: list[Review] = []
    for code, rows in by_code.items():
        if code in done or any(not _same_value(rows[0], r) for r in rows[1:]):
            continue
        first = rows[0]
        new.append(
            Review(
                assessment=a,
                code=code,
                reviewer=lead,
                is_consolidated=True,
                option=first.option,
                answer_type=first.answer_type,
                inputs=first.inputs,
                ratio=first.ratio,
                index_value=first.index_value,
                note="\n".join(r.note for r in rows if r.note),
            )
        )
    Review.objects.bulk_create(new)
    audit_record(
        actor=actor,
        action="assessment.consolidate_agreeing",
        target=a,
        organisation=a.organisation,
        after={"consolidated": len(new)},
    )
    return len(new)


@transaction.atomic
def response_add(*, actor: Actor, assessment: Assessment, code: str, text: str) -> UnitResponse:
    """The unit answers the TPI notes on one item (before the lock)."""
    a = locked_row(assessment)
    require(perms.can_answer(actor, a))
    _require_before_lock(a)
    check_item(a, code)
    if not text.strip():
        raise ValidationError(_("Write the response."), code="empty")
    response = UnitResponse(assessment=a, code=code, text=text.strip(), author=actor_user(actor))
    with audited(
        response,
        actor=actor,
        action="assessment.response_add",
        fields=["code", "text"],
        organisation=a.organisation,
    ):
        pass
    return response


@transaction.atomic
def assessment_lock(*, actor: Actor, assessment: Assessment) -> Assessment:
    """The TPI lead locks the scores (submitted → locked).

    Refused (``ValidationError`` code ``unconsolidated``) listing every item without a
    consolidated value. Records snapshots of the self and the TPI scores.
    """
    a = locked_row(assessment)
    with audited(
        a,
        actor=actor,
        action=ASSESSMENT.audit_action("lock"),
        fields=["status", "locked_at", "locked_by_id"],
        organisation=a.organisation,
    ):
        ASSESSMENT.transition(a, "lock", actor=actor)
        done = set(
            Review.objects.filter(assessment=a, is_consolidated=True).values_list("code", flat=True)
        )
        missing = [c for c in all_codes(a) if c not in done]
        if missing:
            raise ValidationError(
                _("%(count)s items have no consolidated TPI value yet: %(codes)s."),
                code="unconsolidated",
                params={"count": len(missing), "codes": ", ".join(missing)},
            )
        a.locked_at = clock.now()
        a.locked_by = actor_user(actor)
    take_snapshot(a, step=SnapshotStep.LOCKED, basis=ScoreBasis.SELF, actor=actor)
    take_snapshot(a, step=SnapshotStep.LOCKED, basis=ScoreBasis.TPI, actor=actor)
    return a
