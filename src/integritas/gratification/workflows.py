"""The UPG workflow: verify → ask for completion → forward to KPK → decision → hand-over."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.workflow import Workflow, action
from integritas.gratification.choices import Status as S
from integritas.gratification.models import GratificationReport
from integritas.gratification.permissions import can_complete, can_lapse, can_manage

UPG_WORKFLOW: Workflow[GratificationReport] = Workflow(
    name="gratification.report",
    model=GratificationReport,
    states=S,
    entity_label=_("gratification report"),
    actions=[
        action(
            "verify", _("Verify"), sources={S.SUBMITTED}, targets={S.VERIFIED}, allowed=can_manage
        ),
        action(
            "ask_completion",
            _("Ask for completion"),
            sources={S.SUBMITTED},
            targets={S.INCOMPLETE},
            allowed=can_manage,
            style="secondary",
        ),
        action(
            "complete",
            _("Send the completed report"),
            sources={S.INCOMPLETE},
            targets={S.SUBMITTED},
            allowed=can_complete,
        ),
        action(
            "lapse",
            _("Close as not processed"),
            sources={S.INCOMPLETE},
            targets={S.NOT_PROCESSED},
            allowed=can_lapse,
            confirm=_("The report was not completed in time and will not be processed."),
        ),
        action(
            "forward",
            _("Forward to KPK"),
            sources={S.VERIFIED},
            targets={S.FORWARDED},
            allowed=can_manage,
            confirm=_("Record the GOL submission number given by the KPK's online form."),
        ),
        action(
            "decide",
            _("Record the KPK decision"),
            sources={S.FORWARDED},
            targets={S.DECIDED},
            allowed=can_manage,
            confirm=_("The KPK decree decides who owns the object; this cannot be undone."),
        ),
        action(
            "hand_over",
            _("Record the hand-over"),
            sources={S.DECIDED},
            targets={S.HANDED_OVER},
            allowed=can_manage,
        ),
    ],
)
