"""The UPG workflow for core's generated state × action × actor test."""

from __future__ import annotations

from typing import Any

from integritas.conftest import Tree
from integritas.core.actors import Actor, System
from integritas.core.testing.workflows import WorkflowCase
from integritas.gratification import services
from integritas.gratification.choices import Status as S
from integritas.gratification.models import GratificationReport
from integritas.gratification.tests.factories import report as make_report

SYSTEM = System("test")


def make(tree: Tree, state: str) -> GratificationReport:
    report = make_report(tree.users["nobody"], tree.pemda)
    if state in {S.INCOMPLETE, S.NOT_PROCESSED}:
        services.report_ask_completion(actor=SYSTEM, report=report)
    if state in {S.VERIFIED, S.FORWARDED, S.DECIDED, S.HANDED_OVER}:
        services.report_verify(actor=SYSTEM, report=report)
    if state in {S.FORWARDED, S.DECIDED, S.HANDED_OVER}:
        services.report_forward(actor=SYSTEM, report=report, gol_number="GOL-1")
    if state in {S.DECIDED, S.HANDED_OVER}:
        services.report_decide(actor=SYSTEM, report=report, decision="milik_negara", decree="K-1")
    if state == S.HANDED_OVER:
        services.report_hand_over(actor=SYSTEM, report=report)
    if state == S.NOT_PROCESSED:
        services.report_lapse(actor=SYSTEM, report=report)
    return report


def perform(action: str, actor: Actor, report: Any) -> object:
    if action == "verify":
        return services.report_verify(actor=actor, report=report)
    if action == "ask_completion":
        return services.report_ask_completion(actor=actor, report=report)
    if action == "complete":
        return services.report_complete(actor=actor, report=report, description="Jam tangan emas")
    if action == "forward":
        return services.report_forward(actor=actor, report=report, gol_number="GOL-2")
    if action == "decide":
        return services.report_decide(
            actor=actor, report=report, decision="milik_penerima", decree="K-2"
        )
    if action == "lapse":
        return services.report_lapse(actor=actor, report=report)
    return services.report_hand_over(actor=actor, report=report)


def url(report: Any, action: str) -> str | None:
    if action == "lapse":
        return None  # only the due-date sweep closes a report
    return f"/app/gratifikasi/{report.public_id}/aksi/{action}/"


def form(action: str) -> dict[str, str]:
    return {
        "description": "Jam tangan emas",
        "gol_number": "GOL-3",
        "decision": "milik_negara",
        "decree": "K-3",
    }


CASES = [
    WorkflowCase(workflow="gratification.report", make=make, perform=perform, url=url, form=form)
]
