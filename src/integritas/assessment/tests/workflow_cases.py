"""The assessment workflow for the generated state × action × role test
(``core/tests/test_workflows.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from integritas.assessment import services
from integritas.assessment.choices import AssessmentStatus as S
from integritas.assessment.models import Assessment, TpiAssignment
from integritas.assessment.scores import template_of
from integritas.assessment.tests.factories import (
    best_answers,
    fill_answers,
    fill_reviews,
    make_assessment,
)
from integritas.core import clock
from integritas.core.actors import Actor
from integritas.core.testing.workflows import WorkflowCase

AWARDED: dict[str, str] = {S.AWARDED_WBK: "WBK", S.AWARDED_WBBM: "WBBM"}


def make(tree: Any, state: str) -> Assessment:
    """The MPP's assessment in ``state``: every item answered, and from the submission on
    every item consolidated at its best value by the demo TPI user, who is the lead."""
    a = make_assessment(tree.mpp)
    best = best_answers(template_of(a.template_id))
    fill_answers(a, best)
    tpi = tree.users["tpi"]
    TpiAssignment.objects.create(assessment=a, user=tpi, is_lead=True)
    if state != S.DRAFT:
        fill_reviews(a, best, reviewer=tpi, consolidated=True)
    changes: dict[str, Any] = {"status": state}
    if state in {S.PROPOSED, *AWARDED, S.NOT_AWARDED, S.REVOKED}:
        changes["proposal_predicate"] = "WBK"
    if state in AWARDED or state == S.REVOKED:
        changes["tpn_predicate"] = AWARDED.get(state, "WBK")
        changes["tpn_date"] = clock.today(tree.mpp) - dt.timedelta(days=30)
    Assessment.objects.filter(pk=a.pk).update(**changes)
    return Assessment.objects.get(pk=a.pk)


def perform(action: str, actor: Actor, a: Assessment) -> object:
    """The real service of each action with plausible input."""
    today = clock.today(a.organisation)
    if action == "submit":
        return services.assessment_submit(actor=actor, assessment=a)
    if action == "lock":
        return services.assessment_lock(actor=actor, assessment=a)
    if action == "propose":
        return services.assessment_decide_proposal(
            actor=actor, assessment=a, propose=True, predicate="WBK"
        )
    if action == "record_tpn":
        return services.assessment_record_tpn(
            actor=actor, assessment=a, predicate="WBK", decided_on=today, decree="KEP/1/2025"
        )
    if action == "revoke":
        return services.assessment_revoke(
            actor=actor, assessment=a, revoked_on=today, decree="KEP/2/2025", reason="Pelanggaran"
        )
    raise AssertionError(action)


def url(a: Assessment, action: str) -> str:
    return reverse(f"assessment:{action}", args=[a.public_id])


def form(action: str) -> dict[str, str]:
    return {
        "propose": {"p-decision": "propose", "p-predicate": "WBK"},
        "record_tpn": {"t-predicate": "WBK", "t-decided_on": "2025-01-10", "t-decree": "KEP/1"},
        "revoke": {"r-revoked_on": "2025-02-10", "r-decree": "KEP/2", "r-reason": "Pelanggaran"},
    }.get(action, {})


CASES = [WorkflowCase(workflow="assessment", make=make, perform=perform, url=url, form=form)]
