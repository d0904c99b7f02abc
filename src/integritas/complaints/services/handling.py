"""Handling by the responsible unit, and the complainant's own actions (tracking code)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integritas.complaints import permissions, rules, sla
from integritas.complaints.choices import EventKind, Status
from integritas.complaints.models import Complaint, ComplaintEvent
from integritas.complaints.services._common import (
    calendar_of,
    event,
    lock,
    notify,
    policy_for,
    write,
)
from integritas.complaints.workflows import COMPLAINT
from integritas.core import clock
from integritas.core.actors import Actor, Public, System
from integritas.core.audit import audit_record
from integritas.core.permissions import require

S = Status


@transaction.atomic
def complaint_follow_up(*, actor: Actor, complaint: Complaint, message: str = "") -> Complaint:
    """The unit starts work (forwarded/reopened → followed_up); ``message`` is public."""
    with write(lock(complaint), actor=actor, verb="follow_up") as c:
        COMPLAINT.transition(c, "follow_up", actor=actor)
        event(
            c,
            kind=EventKind.STATUS,
            actor=actor,
            message=rules.optional_message(message),
            is_public=True,
        )
    return c


@transaction.atomic
def complaint_answer(*, actor: Actor, complaint: Complaint, message: str) -> Complaint:
    """The unit's answer to the complainant (forwarded/followed_up/reopened → answered).

    Records whether the answer clock was kept (first answer), starts the no-response clock
    (10 working days to automatic closing) and the reopen window (DOMAIN.md §6).
    """
    with write(lock(complaint), actor=actor, verb="answer") as c:
        COMPLAINT.transition(c, "answer", actor=actor)
        text = rules.required_message(message, minimum=10)
        now = clock.now()
        calendar, policy = calendar_of(c), policy_for(c.pemda)
        c.answered_at = now
        if c.answer_met is None:
            c.answer_met = sla.met(now, c.answer_due)
        c.finished_at = c.finished_at or now
        c.autoclose_due = sla.autoclose_deadline(calendar, now, policy)
        c.reopen_until = sla.reopen_deadline(calendar, now, policy)
        event(c, kind=EventKind.STATUS, actor=actor, message=text, is_public=True, at=now)
    notify(c, "answered")
    return c


@transaction.atomic
def complaint_return(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """The unit hands a complaint back to the manager as not its own (→ verified, at the Pemda).

    ``reason`` is an internal note; the manager forwards it again or refers it outside.
    """
    with write(lock(complaint), actor=actor, verb="return") as c:
        COMPLAINT.transition(c, "return", actor=actor)
        text = rules.required_message(reason)
        c.organisation = c.pemda
        c.answer_due = None
        event(c, kind=EventKind.INTERNAL_NOTE, actor=actor, message=text, is_public=False)
    return c


def _record(c: Complaint, *, actor: Actor, verb: str, entry: ComplaintEvent) -> None:
    """Audit a timeline entry that changes nothing on the complaint itself."""
    audit_record(
        actor=actor,
        action=f"complaint.{verb}",
        target=c,
        organisation=c.organisation,
        after={"event": entry.pk},
    )


@transaction.atomic
def complaint_note(*, actor: Actor, complaint: Complaint, message: str) -> ComplaintEvent:
    """An internal note: staff only, never on the tracking page, the API or in messages."""
    c = lock(complaint)
    COMPLAINT.transition(c, "note", actor=actor)
    entry = event(
        c,
        kind=EventKind.INTERNAL_NOTE,
        actor=actor,
        message=rules.required_message(message, minimum=2),
        is_public=False,
    )
    _record(c, actor=actor, verb="note", entry=entry)
    return entry


@transaction.atomic
def complaint_public_reply(*, actor: Actor, complaint: Complaint, message: str) -> ComplaintEvent:
    """A message to the complainant without a status change (shown on the tracking page)."""
    c = lock(complaint)
    COMPLAINT.transition(c, "public_reply", actor=actor)
    entry = event(
        c,
        kind=EventKind.PUBLIC_REPLY,
        actor=actor,
        message=rules.required_message(message, minimum=2),
        is_public=True,
    )
    _record(c, actor=actor, verb="public_reply", entry=entry)
    notify(c, "message")
    return entry


@transaction.atomic
def complaint_remind(*, actor: System, complaint: Complaint, now: dt.datetime) -> bool:
    """Remind the holder of a complaint whose clock ends soon or has ended (the platform).

    At most one reminder per complaint per local day (False: already reminded today); each
    is an internal timeline entry.
    """
    c = lock(complaint)
    require(permissions.can_remind(actor, c))
    calendar = calendar_of(c)
    if c.reminded_at is not None and calendar.local_date(c.reminded_at) == calendar.local_date(now):
        return False
    with write(c, actor=actor, verb="remind"):
        c.reminded_at = now
        event(
            c,
            kind=EventKind.REMINDER,
            actor=actor,
            message=_("Reminder: the deadline of this step is near or has passed."),
            is_public=False,
            at=now,
        )
    notify(c, "reminder")
    return True


# -- the complainant (the tracking code is the capability) ----------------------------------


@transaction.atomic
def complaint_reply(*, actor: Public, complaint: Complaint, message: str) -> ComplaintEvent:
    """The complainant writes back. A reply to an answer counts as a response, so the
    automatic close is stopped and the manager closes it after reading."""
    with write(lock(complaint), actor=actor, verb="reply") as c:
        COMPLAINT.transition(c, "reply", actor=actor)
        text = rules.required_message(message, minimum=2)
        if c.status == S.ANSWERED:
            c.autoclose_due = None
        entry = event(
            c, kind=EventKind.COMPLAINANT_REPLY, actor=actor, message=text, is_public=True
        )
    return entry


@transaction.atomic
def complaint_reopen(
    *, actor: Public, complaint: Complaint, message: str, now: dt.datetime | None = None
) -> Complaint:
    """The complainant reopens an answered or closed complaint within the window
    (answered/closed → reopened); the unit's answer clock starts again.

    The row is locked first: against a racing close the result is always *reopened* when
    the reopen is in its window (see ``complaint_close``). Raises ``ValidationError``
    after the window or from another state.
    """
    now = now or clock.now()
    with write(lock(complaint), actor=actor, verb="reopen") as c:
        COMPLAINT.check(actor, c, "reopen")
        text = rules.required_message(message)
        if c.reopen_until is None or now > c.reopen_until:
            raise ValidationError(
                _("The period to reopen this complaint has ended."), code="reopen_window"
            )
        COMPLAINT.transition(c, "reopen", actor=actor)
        c.reopen_count += 1
        c.closed_at = None
        c.autoclose_due = None
        c.answer_due = sla.answer_deadline(calendar_of(c), now, policy_for(c.pemda))
        event(c, kind=EventKind.STATUS, actor=actor, message=text, is_public=True, at=now)
    notify(c, "reopened")
    return c


@transaction.atomic
def complaint_rate(
    *, actor: Public, complaint: Complaint, score: int, comment: str = ""
) -> Complaint:
    """The complainant rates the handling once, 1 (poor) to 5 (very good), after the answer."""
    with write(lock(complaint), actor=actor, verb="rate") as c:
        require(permissions.can_rate(actor, c))
        if not COMPLAINT.is_possible(c, "rate"):
            raise ValidationError(
                _("You can rate the handling after the answer."), code="rate_state"
            )
        if c.rating is not None:
            raise ValidationError(_("This complaint has been rated already."), code="rated")
        c.rating, c.rating_comment = rules.clean_rating(score, comment)
        COMPLAINT.transition(c, "rate", actor=actor)
        event(c, kind=EventKind.RATING, actor=actor, message=c.rating_comment, is_public=True)
    return c
