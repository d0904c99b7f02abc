"""Workflows of the surveys app (``core.workflow``): the improvement plan.

A rencana tindak lanjut goes planned → in progress → done, or is cancelled before it is
done; a plan may be published (made public, as the LKE asks) once, in any state — a
recording action that leaves the state alone. The publication of a period's result is not a
state of anything (a published result exists or not), so it has no workflow.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.workflow import Workflow, action
from integritas.surveys.choices import PlanStatus
from integritas.surveys.models import ImprovementPlan
from integritas.surveys.permissions import can_edit_plan, can_publish_plan

S = PlanStatus

PLAN_WF: Workflow[ImprovementPlan] = Workflow(
    name="surveys.plan",
    model=ImprovementPlan,
    states=PlanStatus,
    entity_label=_("improvement plan"),
    actions=[
        action(
            "start",
            _("Start"),
            sources=[S.PLANNED],
            targets=[S.IN_PROGRESS],
            allowed=can_edit_plan,
            audit="survey_plan.status",
        ),
        action(
            "complete",
            _("Mark as done"),
            sources=[S.PLANNED, S.IN_PROGRESS],
            targets=[S.DONE],
            allowed=can_edit_plan,
            audit="survey_plan.status",
            confirm=_("A finished plan cannot be reopened."),
        ),
        action(
            "cancel",
            _("Cancel"),
            sources=[S.PLANNED, S.IN_PROGRESS],
            targets=[S.CANCELLED],
            allowed=can_edit_plan,
            audit="survey_plan.status",
            confirm=_("A cancelled plan cannot be reopened."),
            style="danger",
        ),
        action(
            "publish",
            _("Publish"),
            sources=list(PlanStatus),
            allowed=can_publish_plan,
            audit="survey_plan.publish",
            style="secondary",
        ),
    ],
)

#: from-state → states reachable in one action (derived from the declaration).
PLAN_TRANSITIONS = PLAN_WF.transitions()
