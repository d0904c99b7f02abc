"""After the lock: the TPI's proposal decision, the TPN's result, a revocation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integritas.assessment.choices import AssessmentStatus, Predicate, ScoreBasis, SnapshotStep
from integritas.assessment.models import Assessment
from integritas.assessment.services._common import locked_row, score_of, take_snapshot
from integritas.assessment.workflows import ASSESSMENT
from integritas.core import clock
from integritas.core.actors import Actor
from integritas.core.audit import audited

S = AssessmentStatus


@transaction.atomic
def assessment_decide_proposal(
    *,
    actor: Actor,
    assessment: Assessment,
    propose: bool,
    predicate: str = "",
    note: str = "",
) -> Assessment:
    """After the lock the TPI records whether the unit is proposed to the TPN, and for which
    predicate. A proposal is refused while the TPI score misses any condition of that
    predicate (DOMAIN.md §1 thresholds), listing them; not proposing needs a reason."""
    a = locked_row(assessment)
    with audited(
        a,
        actor=actor,
        action=ASSESSMENT.audit_action("propose"),
        fields=["status", "proposal_predicate", "proposal_note"],
        organisation=a.organisation,
    ):
        ASSESSMENT.transition(
            a, "propose", actor=actor, to=S.PROPOSED if propose else S.NOT_PROPOSED
        )
        if propose:
            if predicate not in Predicate.values:
                raise ValidationError(_("Choose the predicate (WBK or WBBM)."), code="predicate")
            verdict = score_of(a, ScoreBasis.TPI).verdicts[predicate]
            if not verdict.met:
                raise ValidationError(
                    _("The TPI score does not meet %(predicate)s: %(unmet)s."),
                    code="unmet",
                    params={
                        "predicate": predicate,
                        "unmet": "; ".join(u.label for u in verdict.unmet),
                    },
                )
            a.proposal_predicate = predicate
        elif not note.strip():
            raise ValidationError(_("Give the reason for not proposing the unit."), code="note")
        a.proposal_note = note.strip()
        a.proposal_decided_at = clock.now()
    take_snapshot(a, step=SnapshotStep.PROPOSED, basis=ScoreBasis.TPI, actor=actor)
    return a


def _not_future(day: dt.date, a: Assessment) -> None:
    if day > clock.today(a.organisation):
        raise ValidationError(_("The date cannot be in the future."), code="future")


@transaction.atomic
def assessment_record_tpn(
    *,
    actor: Actor,
    assessment: Assessment,
    predicate: str,
    decided_on: dt.date,
    decree: str,
    note: str = "",
) -> Assessment:
    """Record the TPN's result for a proposed unit: ``predicate`` WBK, WBBM or "" (not
    awarded), the decision date and decree number (required when awarded)."""
    a = locked_row(assessment)
    target = {
        Predicate.WBK: S.AWARDED_WBK,
        Predicate.WBBM: S.AWARDED_WBBM,
        "": S.NOT_AWARDED,
    }.get(predicate)
    with audited(
        a,
        actor=actor,
        action=ASSESSMENT.audit_action("record_tpn"),
        fields=["status", "tpn_predicate", "tpn_date", "tpn_decree", "tpn_note"],
        organisation=a.organisation,
    ):
        ASSESSMENT.check(actor, a, "record_tpn")
        if target is None:
            raise ValidationError(_("Choose the predicate (WBK or WBBM)."), code="predicate")
        ASSESSMENT.transition(a, "record_tpn", actor=actor, to=target)
        if predicate and not decree.strip():
            raise ValidationError(_("Enter the decree number."), code="decree")
        _not_future(decided_on, a)
        a.tpn_predicate = predicate
        a.tpn_date = decided_on
        a.tpn_decree = decree.strip()
        a.tpn_note = note.strip()
    take_snapshot(a, step=SnapshotStep.TPN_RESULT, basis=ScoreBasis.TPI, actor=actor)
    return a


@transaction.atomic
def assessment_revoke(
    *,
    actor: Actor,
    assessment: Assessment,
    revoked_on: dt.date,
    decree: str,
    reason: str,
) -> Assessment:
    """Record the revocation of an awarded predicate (date, decree number, reason)."""
    a = locked_row(assessment)
    with audited(
        a,
        actor=actor,
        action=ASSESSMENT.audit_action("revoke"),
        fields=["status", "revoked_date", "revoked_decree", "revoked_reason"],
        organisation=a.organisation,
    ):
        ASSESSMENT.transition(a, "revoke", actor=actor)
        if not decree.strip() or not reason.strip():
            raise ValidationError(
                _("Enter the decree number and the reason of the revocation."), code="required"
            )
        if a.tpn_date is not None and revoked_on < a.tpn_date:
            raise ValidationError(
                _("The revocation cannot precede the award (%(date)s)."),
                code="before_award",
                params={"date": a.tpn_date.isoformat()},
            )
        _not_future(revoked_on, a)
        a.revoked_date = revoked_on
        a.revoked_decree = decree.strip()
        a.revoked_reason = reason.strip()
    take_snapshot(a, step=SnapshotStep.REVOKED, basis=ScoreBasis.TPI, actor=actor)
    return a
