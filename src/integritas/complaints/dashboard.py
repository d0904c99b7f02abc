"""Overdue complaint clocks for the leaders' dashboard (counts per OPD, no content)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from integritas.complaints.choices import HANDLING_STATES, TRIAGE_STATES
from integritas.complaints.models import Complaint
from integritas.core import clock
from integritas.core.dashboard import OverdueItem
from integritas.core.models import Organisation, User
from integritas.core.permissions import has_permission, scope_filter


def overdue_complaints(
    viewer: User | AnonymousUser, now: dt.datetime | None = None
) -> list[OverdueItem]:
    """Per OPD: how many complaint clocks (forward or answer) have run out, and since when.

    Counts only — no subject, text or identity — for anyone holding ``complaints.view_stats``
    or ``complaints.handle`` over the OPD. Complaints not yet forwarded count under the Pemda.
    """
    now = now or clock.now()
    scope = scope_filter(viewer, "complaints.view_stats", "pemda__path") | scope_filter(
        viewer, "complaints.handle", "pemda__path"
    )
    overdue = (
        Complaint.objects.filter(scope)
        .filter(
            Q(status__in=TRIAGE_STATES, forward_due__lt=now)
            | Q(status__in=HANDLING_STATES, answer_due__lt=now)
        )
        .values_list("organisation__path", "pemda_id", "forward_due", "answer_due", "status")
    )
    groups: dict[int, list[dt.datetime]] = defaultdict(list)
    for path, pemda_id, forward_due, answer_due, status in overdue:
        parts = [int(p) for p in (path or "").strip("/").split("/") if p]
        key = parts[1] if len(parts) >= 2 else pemda_id
        due = forward_due if status in TRIAGE_STATES else answer_due
        if due is not None:  # the filter above guarantees it; keeps the type exact
            groups[key].append(due)
    orgs = Organisation.objects.in_bulk(list(groups))
    can_open = has_permission(viewer, "complaints.handle")
    url = f"{reverse('complaints:inbox')}?sla=overdue" if can_open else ""
    return [
        OverdueItem(
            kind=_("complaint"),
            title=_("%(n)d complaint clocks have run out") % {"n": len(dues)},
            unit=orgs[key].name if key in orgs else "",
            due=min(dues),
            url=url,
        )
        for key, dues in groups.items()
    ]
