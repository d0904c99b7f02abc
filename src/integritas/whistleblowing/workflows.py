"""The whistleblowing report workflow: triage → investigation → result (issue 12, item 7)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.workflow import Workflow, action
from integritas.whistleblowing.choices import ReportStatus as S
from integritas.whistleblowing.models import Report
from integritas.whistleblowing.permissions import can_handle

REPORT_WORKFLOW: Workflow[Report] = Workflow(
    name="whistleblowing.report",
    model=Report,
    states=S,
    entity_label=_("report"),
    actions=[
        action(
            "investigate",
            _("Start investigation"),
            sources={S.TRIAGE},
            targets={S.INVESTIGATION},
            allowed=can_handle,
        ),
        action(
            "conclude",
            _("Record the result"),
            sources={S.INVESTIGATION},
            targets={S.PROVEN, S.NOT_PROVEN},
            allowed=can_handle,
            confirm=_("The report is closed with this result; the reporter sees it."),
        ),
        action(
            "forward",
            _("Forward to APIP/APH"),
            sources={S.TRIAGE, S.INVESTIGATION},
            targets={S.FORWARDED},
            allowed=can_handle,
            confirm=_("The report is closed as forwarded; the reporter sees where."),
            style="secondary",
        ),
        action(
            "reject",
            _("Do not follow up"),
            sources={S.TRIAGE},
            targets={S.REJECTED},
            allowed=can_handle,
            confirm=_("The report is closed without investigation; the reporter sees it."),
            style="danger",
        ),
    ],
)
