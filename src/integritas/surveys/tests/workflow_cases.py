"""The surveys app's workflows for the generated state × action × role test
(``core/tests/test_workflows.py``): the improvement plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from integritas.conftest import Tree
from integritas.core.actors import Actor, System
from integritas.core.testing.workflows import WorkflowCase
from integritas.surveys import services
from integritas.surveys.models import ImprovementPlan
from integritas.surveys.tests.factories import SurveyFactory, add_responses, all_answers
from integritas.surveys.workflows import PLAN_WF

#: How the test setup reaches each state from "planned" (through the real service).
_PATH = {
    "planned": [],
    "in_progress": ["start"],
    "done": ["complete"],
    "cancelled": ["cancel"],
}


def make_plan(tree: Tree, state: str) -> ImprovementPlan:
    """A plan of an SKM survey of the MPP unit, in ``state``, not published."""
    tree.mpp.is_public_service = True
    tree.mpp.save(update_fields=["is_public_service"])
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, [all_answers(3)] * 3)
    setup = System("test")
    plan = services.plan_create(
        actor=setup,
        survey=survey,
        period="2025-Q3",
        unsur="U1",
        action="Menambah petugas loket",
        owner="Kepala UPT",
        due_date=dt.date(2025, 12, 31),
    )
    for step in _PATH[state]:
        services.plan_transition(actor=setup, plan=plan, action=step)
    return plan


def perform(action: str, actor: Actor, plan: ImprovementPlan) -> object:
    """The plan's service for ``action``."""
    if PLAN_WF.action(action).changes_state:
        return services.plan_transition(actor=actor, plan=plan, action=action)
    return services.plan_publish(actor=actor, plan=plan)


def url(plan: Any, action: str) -> str:
    return reverse(
        "surveys:plan_action",
        kwargs={"public_id": plan.survey.public_id, "plan_id": plan.public_id, "action": action},
    )


CASES = [WorkflowCase(workflow=PLAN_WF.name, make=make_plan, perform=perform, url=url)]
