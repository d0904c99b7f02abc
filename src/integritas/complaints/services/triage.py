"""Triage and disposition by the complaint manager, and the platform's automatic close."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integritas.complaints import permissions, rules, sla
from integritas.complaints.choices import Category, EventKind, ReferralAgency, Status
from integritas.complaints.models import Complaint, ComplaintSettings
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
from integritas.core.actors import Actor, System
from integritas.core.audit import audit_record, audited
from integritas.core.choices import OrganisationLevel
from integritas.core.models import Organisation
from integritas.core.permissions import require

S = Status


@transaction.atomic
def complaint_verify(
    *, actor: Actor, complaint: Complaint, category: str | None = None, message: str = ""
) -> Complaint:
    """The manager confirms it is a complaint for the Pemda (received → verified).

    ``category`` corrects the complainant's category. Raises ``ValidationError`` from any
    other state, ``PermissionDenied`` for anyone but the complaint manager.
    """
    with write(lock(complaint), actor=actor, verb="verify") as c:
        COMPLAINT.transition(c, "verify", actor=actor)
        if category:
            if category not in Category.values:
                raise ValidationError(_("Unknown category."), code="category")
            c.category = category
        c.verified_at = clock.now()
        event(
            c,
            kind=EventKind.STATUS,
            actor=actor,
            message=rules.optional_message(message),
            is_public=True,
        )
    return c


@transaction.atomic
def complaint_reject(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """Not a complaint (spam, a question, no content): received/verified → rejected.

    ``reason`` is shown to the complainant. Counted as *rejected*, never as resolved.
    """
    with write(lock(complaint), actor=actor, verb="reject") as c:
        COMPLAINT.transition(c, "reject", actor=actor)
        c.finished_at = clock.now()
        event(
            c,
            kind=EventKind.STATUS,
            actor=actor,
            message=rules.required_message(reason),
            is_public=True,
        )
    notify(c, "status")
    return c


@transaction.atomic
def complaint_mark_duplicate(
    *, actor: Actor, complaint: Complaint, original: Complaint, message: str = ""
) -> Complaint:
    """Mark as a duplicate of ``original`` (same Pemda, not itself): → duplicate.

    The complainant is told the original's handling continues; the original's tracking
    code is not revealed to them (it is another person's capability).
    """
    with write(lock(complaint), actor=actor, verb="mark_duplicate") as c:
        COMPLAINT.transition(c, "mark_duplicate", actor=actor)
        root = original
        while root.duplicate_of_id is not None and root.duplicate_of is not None:
            root = root.duplicate_of
        if root.pk == c.pk or root.pemda_id != c.pemda_id:
            raise ValidationError(
                _("A complaint cannot be a duplicate of itself or of another Pemda's complaint."),
                code="duplicate",
            )
        c.duplicate_of = root
        c.finished_at = clock.now()
        event(
            c,
            kind=EventKind.STATUS,
            actor=actor,
            message=rules.optional_message(message),
            is_public=True,
        )
    notify(c, "status")
    return c


@transaction.atomic
def complaint_forward(
    *, actor: Actor, complaint: Complaint, organisation: Organisation, message: str = ""
) -> Complaint:
    """Disposisi: send to the responsible OPD or unit (verified/reopened → forwarded).

    Starts the unit's answer clock (5 working days, DOMAIN.md §6) and records whether the
    3-working-day forwarding clock was kept. The unit must be in the complaint's Pemda and
    not the Pemda itself.
    """
    with write(lock(complaint), actor=actor, verb="forward") as c:
        COMPLAINT.transition(c, "forward", actor=actor)
        if (
            not organisation.is_descendant_of(c.pemda)
            or organisation.level == OrganisationLevel.PEMDA
        ):
            raise ValidationError(_("Choose an OPD or unit of this Pemda."), code="organisation")
        now = clock.now()
        c.organisation = organisation
        c.forwarded_at = now
        if c.forward_met is None:
            c.forward_met = sla.met(now, c.forward_due)
        c.answer_due = sla.answer_deadline(calendar_of(c), now, policy_for(c.pemda))
        event(
            c,
            kind=EventKind.STATUS,
            actor=actor,
            message=rules.optional_message(message),
            is_public=True,
            organisation=organisation,
            at=now,
        )
    notify(c, "forwarded")
    return c


@transaction.atomic
def complaint_bulk_forward(
    *, actor: Actor, complaints: Iterable[Complaint], organisation: Organisation
) -> int:
    """Verify (when still received) and forward several complaints to one unit, all or none.

    Returns how many were forwarded. Raises the first ``ValidationError`` (naming the
    tracking code) and writes nothing when any of them cannot be forwarded.
    """
    count = 0
    for complaint in complaints:
        try:
            if complaint.status == S.RECEIVED:
                complaint = complaint_verify(actor=actor, complaint=complaint)
            complaint_forward(actor=actor, complaint=complaint, organisation=organisation)
        except ValidationError as exc:
            raise ValidationError(
                _("%(code)s: %(error)s"),
                code="bulk",
                params={"code": complaint.tracking_code, "error": " ".join(exc.messages)},
            ) from exc
        count += 1
    return count


@transaction.atomic
def complaint_refer(
    *, actor: Actor, complaint: Complaint, agency: str, reference: str, message: str = ""
) -> Complaint:
    """Not the Pemda's authority: refer outside (Ombudsman, Kejaksaan, Polres, KPK, a vertical
    agency) with the reference (letter number or the other channel's id) → referred.

    Counted as *referred*, never as resolved (DOMAIN.md §6).
    """
    with write(lock(complaint), actor=actor, verb="refer") as c:
        COMPLAINT.transition(c, "refer", actor=actor)
        if agency not in ReferralAgency.values:
            raise ValidationError(_("Choose where the complaint is referred."), code="agency")
        c.referred_to = agency
        c.referral_reference = rules.clean_text(
            reference, label=_("reference"), minimum=2, maximum=200
        )
        c.finished_at = clock.now()
        c.organisation = c.pemda
        event(
            c,
            kind=EventKind.STATUS,
            actor=actor,
            message=rules.optional_message(message),
            is_public=True,
        )
    notify(c, "status")
    return c


@transaction.atomic
def complaint_set_lapor_id(*, actor: Actor, complaint: Complaint, lapor_id: str) -> Complaint:
    """Record the SP4N-LAPOR! tracking id (complaint came from or was sent to LAPOR!)."""
    with write(lock(complaint), actor=actor, verb="set_lapor_id") as c:
        COMPLAINT.transition(c, "set_lapor_id", actor=actor)
        c.lapor_id = rules.clean_lapor_id(lapor_id)
    return c


@transaction.atomic
def complaint_close(*, actor: Actor, complaint: Complaint, message: str = "") -> Complaint:
    """The manager closes an answered complaint (answered → closed).

    Refused when the complainant reopened it in the meantime: the row is locked first, so a
    reopen and a close that race end in one state — reopened if the reopen came first,
    reopened as well if the close came first and the reopen was in its window.
    """
    with write(lock(complaint), actor=actor, verb="close") as c:
        COMPLAINT.transition(c, "close", actor=actor)
        c.closed_at = clock.now()
        c.autoclose_due = None
        event(
            c,
            kind=EventKind.STATUS,
            actor=actor,
            message=rules.optional_message(message),
            is_public=True,
        )
    notify(c, "status")
    return c


@transaction.atomic
def complaint_autoclose(
    *, actor: System, complaint: Complaint, now: dt.datetime | None = None
) -> bool:
    """Close an answered complaint whose no-response period ended (the platform; DOMAIN.md §6).

    Returns False and changes nothing when it is no longer due — reopened, replied to, or
    closed already (so a reopen racing the automatic close wins cleanly); the skip is
    audited when it was due by the clock but the state had moved on.
    """
    now = now or clock.now()
    c = lock(complaint)
    require(permissions.can_autoclose(actor, c))
    if c.status != S.ANSWERED or c.autoclose_due is None or c.autoclose_due > now:
        if c.status == S.REOPENED:
            audit_record(
                actor=actor,
                action="complaint.autoclose_skipped",
                target=c,
                organisation=c.organisation,
                after={"status": c.status},
            )
        return False
    with write(c, actor=actor, verb="autoclose"):
        COMPLAINT.transition(c, "autoclose", actor=actor)
        c.closed_at = now
        c.autoclose_due = None
        event(
            c,
            kind=EventKind.STATUS,
            actor=actor,
            message=_("Closed automatically: no response within the period after the answer."),
            is_public=True,
            at=now,
        )
    notify(c, "status")
    return True


SETTINGS_FIELDS = ["forward_days", "answer_days", "autoclose_days", "reopen_days"]


@transaction.atomic
def complaint_settings_set(
    *,
    actor: Actor,
    pemda: Organisation,
    forward_days: int,
    answer_days: int,
    autoclose_days: int,
    reopen_days: int,
) -> ComplaintSettings:
    """Set a Pemda's clocks in working days (1–60 each; defaults DOMAIN.md §6).

    Applies to clocks started from now on; running deadlines keep their dates.
    """
    if pemda.level != OrganisationLevel.PEMDA:
        raise ValidationError(_("Complaint settings belong to a Pemda."), code="settings_root")
    require(permissions.can_manage_settings(actor, pemda))
    try:
        sla.SlaPolicy(forward_days, answer_days, autoclose_days, reopen_days)
    except ValueError:
        raise ValidationError(_("Each period is 1 to 60 working days."), code="days") from None
    row = ComplaintSettings.objects.select_for_update().filter(pemda=pemda).first()
    row = row or ComplaintSettings(pemda=pemda)
    with audited(
        row,
        actor=actor,
        action="complaint.settings_set",
        fields=SETTINGS_FIELDS,
        organisation=pemda,
        exclude=["pemda"],
    ):
        row.forward_days, row.answer_days = forward_days, answer_days
        row.autoclose_days, row.reopen_days = autoclose_days, reopen_days
    return row
