"""What the complaint services share: locking, timeline entries, the audited write, messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from integritas.complaints import notifications, sla
from integritas.complaints.models import Complaint, ComplaintEvent, ComplaintSettings
from integritas.core import clock
from integritas.core.actors import Actor, actor_user
from integritas.core.audit import after_commit, audited
from integritas.core.calendar import WorkingCalendar
from integritas.core.models import Organisation
from integritas.core.selectors import calendar_for

#: Fields of a complaint the audit trail records (never the text, never the identity).
AUDIT_FIELDS: Final = [
    "status",
    "organisation_id",
    "category",
    "channel",
    "identity_mode",
    "lapor_id",
    "duplicate_of_id",
    "referred_to",
    "referral_reference",
    "rating",
]
#: Relations the services check themselves (``full_clean`` would query each).
CLEAN_EXCLUDE: Final = ("pemda", "organisation", "suggested_organisation", "duplicate_of")


def policy_for(pemda: Organisation) -> sla.SlaPolicy:
    """The Pemda's clocks (its :class:`ComplaintSettings`, else DOMAIN.md §6 defaults)."""
    row = ComplaintSettings.objects.filter(pemda=pemda).first()
    return row.policy() if row is not None else sla.DEFAULT_POLICY


def lock(complaint: Complaint) -> Complaint:
    """The complaint's row, locked for this transaction (two racing changes end in one state)."""
    return (
        Complaint.objects.select_for_update()
        .select_related("pemda", "organisation")
        .get(pk=complaint.pk)
    )


def calendar_of(complaint: Complaint) -> WorkingCalendar:
    return calendar_for(complaint.pemda)


@contextmanager
def write(complaint: Complaint, *, actor: Actor, verb: str) -> Iterator[Complaint]:
    """The audited write of a complaint (``complaint.<verb>``; see ``core.audit.audited``)."""
    with audited(
        complaint,
        actor=actor,
        action=f"complaint.{verb}",
        fields=AUDIT_FIELDS,
        organisation=complaint.organisation,
        exclude=CLEAN_EXCLUDE,
    ) as c:
        yield c


def event(
    complaint: Complaint,
    *,
    kind: str,
    actor: Actor,
    message: str = "",
    is_public: bool,
    organisation: Organisation | None = None,
    at: dt.datetime | None = None,
) -> ComplaintEvent:
    """Add one timeline entry (staff are named; the public and the platform are not)."""
    entry = ComplaintEvent(
        complaint=complaint,
        at=at or clock.now(),
        kind=kind,
        status=complaint.status,
        message=message,
        is_public=is_public,
        actor=actor_user(actor),
        organisation=organisation,
    )
    entry.full_clean(exclude=["complaint", "actor", "organisation"])
    entry.save()
    return entry


def notify(complaint: Complaint, what: str) -> None:
    """Queue the outside messages for ``what`` once the transaction commits."""
    complaint_id = complaint.pk
    after_commit(lambda: notifications.notify.enqueue(complaint_id=complaint_id, what=what))
