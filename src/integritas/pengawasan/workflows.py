"""Workflows of the pengawasan app (``core.workflow``): LHP publication and TLHP."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.workflow import Workflow, action
from integritas.pengawasan.choices import LhpStatus, TlhpStatus
from integritas.pengawasan.models import Lhp, Rekomendasi
from integritas.pengawasan.permissions import can_follow_up, can_publish_lhp

#: An LHP summary is the Inspektorat's draft until published; publishing is one-way (the
#: summary may already have been downloaded as open data).
LHP: Workflow[Lhp] = Workflow(
    name="lhp",
    model=Lhp,
    states=LhpStatus,
    entity_label=_("LHP"),
    actions=[
        action(
            "publish",
            _("Publish"),
            sources=[LhpStatus.DRAFT],
            targets=[LhpStatus.PUBLISHED],
            allowed=can_publish_lhp,
            confirm=_(
                "Observers see the summary and its follow-up at once, everyone from the "
                "public date. A published summary cannot be withdrawn."
            ),
        ),
    ],
)

_ALL = list(TlhpStatus)

#: The follow-up (TLHP) of one recommendation: not yet → in progress → done; the
#: Inspektorat may reopen a follow-up it finds insufficient, and keep a note at any stage.
TLHP: Workflow[Rekomendasi] = Workflow(
    name="tlhp",
    model=Rekomendasi,
    states=TlhpStatus,
    entity_label=_("recommendation"),
    actions=[
        action(
            "start",
            _("In progress"),
            sources=[TlhpStatus.NOT_YET],
            targets=[TlhpStatus.IN_PROGRESS],
            allowed=can_follow_up,
        ),
        action(
            "complete",
            _("Done"),
            sources=[TlhpStatus.NOT_YET, TlhpStatus.IN_PROGRESS],
            targets=[TlhpStatus.DONE],
            allowed=can_follow_up,
        ),
        action(
            "reopen",
            _("Reopen"),
            sources=[TlhpStatus.DONE],
            targets=[TlhpStatus.IN_PROGRESS],
            allowed=can_follow_up,
            style="secondary",
        ),
        action(
            "note",
            _("Save note"),
            sources=_ALL,
            allowed=can_follow_up,
            style="secondary",
        ),
    ],
)
