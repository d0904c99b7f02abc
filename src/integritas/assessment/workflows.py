"""The assessment workflow, declared once (DOMAIN.md §1 process; issue 9, item 2).

draft → submitted (TPI review) → locked → proposed / not proposed → awarded WBK / awarded
WBBM / not awarded → revoked. Who may take each step is a predicate of
:mod:`integritas.assessment.permissions`; the services move an assessment only through
:data:`ASSESSMENT` and the detail page renders its buttons from ``available_actions``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.assessment import permissions as perms
from integritas.assessment.choices import AssessmentStatus
from integritas.assessment.models import Assessment
from integritas.core.workflow import Workflow, action

S = AssessmentStatus

ASSESSMENT: Workflow[Assessment] = Workflow(
    name="assessment",
    model=Assessment,
    states=AssessmentStatus,
    entity_label=_("assessment"),
    actions=[
        action(
            "submit",
            _("Submit to the TPI"),
            sources=[S.DRAFT],
            targets=[S.SUBMITTED],
            allowed=perms.can_submit,
            confirm=_(
                "When every item is answered, submit the self-assessment to the TPI. "
                "Answers cannot be changed afterwards."
            ),
        ),
        action(
            "lock",
            _("Lock the TPI scores"),
            sources=[S.SUBMITTED],
            targets=[S.LOCKED],
            allowed=perms.can_lock,
            confirm=_(
                "Lock when every item has a consolidated value. The TPI scores become final."
            ),
        ),
        action(
            "propose",
            _("Record the decision"),
            sources=[S.LOCKED],
            targets=[S.PROPOSED, S.NOT_PROPOSED],
            allowed=perms.can_propose,
            confirm=_("The decision is final: the TPI scores go to the TPN or stop here."),
            audit="assessment.proposal",
        ),
        action(
            "record_tpn",
            _("Record the TPN result"),
            sources=[S.PROPOSED],
            targets=[S.AWARDED_WBK, S.AWARDED_WBBM, S.NOT_AWARDED],
            allowed=perms.can_record_tpn,
            audit="assessment.tpn_result",
        ),
        action(
            "revoke",
            _("Record the revocation"),
            sources=[S.AWARDED_WBK, S.AWARDED_WBBM],
            targets=[S.REVOKED],
            allowed=perms.can_revoke,
            confirm=_("The unit loses its predicate; this cannot be undone."),
            style="danger",
        ),
    ],
)
