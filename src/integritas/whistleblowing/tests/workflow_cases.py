"""The report workflow for core's generated state × action × actor test."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from integritas.conftest import Tree
from integritas.core.actors import Actor, System
from integritas.core.testing.workflows import WorkflowCase
from integritas.whistleblowing import services
from integritas.whistleblowing.choices import ForwardedTo, ReportStatus
from integritas.whistleblowing.models import Report
from integritas.whistleblowing.tests.factories import submit

S = ReportStatus
SYSTEM = System("test")


def make(tree: Tree, state: str) -> Report:
    # The cheapest Argon2id cost: the parameters are stored with each report, so nothing else
    # changes, and the generated test walks many states.
    with override_settings(WBS_KDF_COST="minimal"):
        report, _receipt = submit()
    if state in {S.INVESTIGATION, S.PROVEN, S.NOT_PROVEN}:
        services.report_investigate(actor=SYSTEM, report=report)
    if state in {S.PROVEN, S.NOT_PROVEN}:
        services.report_conclude(actor=SYSTEM, report=report, result=state)
    elif state == S.FORWARDED:
        services.report_forward(actor=SYSTEM, report=report, forwarded_to=ForwardedTo.KPK)
    elif state == S.REJECTED:
        services.report_reject(actor=SYSTEM, report=report)
    return report


def perform(action: str, actor: Actor, report: Any) -> object:
    if action == "investigate":
        return services.report_investigate(actor=actor, report=report)
    if action == "conclude":
        return services.report_conclude(actor=actor, report=report, result=S.PROVEN)
    if action == "forward":
        return services.report_forward(
            actor=actor, report=report, forwarded_to=ForwardedTo.INSPEKTORAT
        )
    return services.report_reject(actor=actor, report=report)


def url(report: Any, action: str) -> str:
    return f"/app/wbs/{report.number}/aksi/{action}/"


def form(action: str) -> dict[str, str]:
    return {"result": S.PROVEN, "forwarded_to": ForwardedTo.INSPEKTORAT}


CASES = [
    WorkflowCase(workflow="whistleblowing.report", make=make, perform=perform, url=url, form=form)
]
