"""Every write of the complaints app (issue 5; DOMAIN.md §6).

Each service is keyword-only, takes the acting user (``None`` = the complainant on a public
channel, or the system: commands, tasks, the demo loader), checks the permission, runs in
one transaction with its audit event, checks the allowed from→to pair of the workflow
(:data:`TRANSITIONS`), locks the complaint row (``select_for_update``) before reading its
state so two racing changes end in one well-defined state, and sends notifications only
after commit. Errors are ``ValidationError`` (Indonesian by default) or ``PermissionDenied``;
either way nothing is written.

Audit events never carry the complainant's identity or the complaint's text: the audit
trail is append-only and read by administrators and the Inspectorate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.complaints import sla
from integritas.complaints.choices import (
    STAFF_CHANNELS,
    Category,
    Channel,
    EventKind,
    IdentityMode,
    ReferralAgency,
    Status,
)
from integritas.complaints.models import (
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    SUBJECT_MAX,
    ComplainantIdentity,
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintSettings,
    new_tracking_code,
)
from integritas.core.audit import audit_record, snapshot
from integritas.core.calendar import WorkingCalendar
from integritas.core.choices import OrganisationLevel
from integritas.core.models import Organisation, User
from integritas.core.permissions import has_permission, require_permission
from integritas.core.selectors import calendar_for, pemda_of
from integritas.core.uploads import SafeUpload, store_upload

S = Status

#: Allowed workflow moves (DOMAIN.md §6 and the SP4N-LAPOR! flow): from → {to}.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.VERIFIED, S.REJECTED, S.DUPLICATE, S.REFERRED}),
    S.VERIFIED: frozenset({S.FORWARDED, S.REJECTED, S.DUPLICATE, S.REFERRED}),
    S.FORWARDED: frozenset({S.FOLLOWED_UP, S.ANSWERED, S.VERIFIED, S.REFERRED}),
    S.FOLLOWED_UP: frozenset({S.ANSWERED, S.VERIFIED, S.REFERRED}),
    S.ANSWERED: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.FOLLOWED_UP, S.ANSWERED, S.FORWARDED, S.VERIFIED}),
    S.REJECTED: frozenset(),
    S.DUPLICATE: frozenset(),
    S.REFERRED: frozenset(),
}

AUDIT_FIELDS = [
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
SUBJECT_MIN = 5
DESCRIPTION_MIN = 20
MAX_ATTACHMENTS = 5
#: The complainant, as the audit trail names a public actor.
PUBLIC_ACTOR = "pelapor"
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{6,18}[0-9]$")
_NIK = re.compile(r"^[0-9]{16}$")


# -- helpers ---------------------------------------------------------------------------------


def policy_for(pemda: Organisation) -> sla.SlaPolicy:
    """The Pemda's clocks (its :class:`ComplaintSettings`, else DOMAIN.md §6 defaults)."""
    row = ComplaintSettings.objects.filter(pemda=pemda).first()
    return row.policy() if row is not None else sla.DEFAULT_POLICY


def is_manager(user: User | None, complaint: Complaint) -> bool:
    """Whether ``user`` is the complaint manager of the complaint's Pemda."""
    return user is not None and has_permission(user, "complaints.manage", complaint.pemda)


def can_handle(user: User | None, complaint: Complaint) -> bool:
    """Whether ``user`` works on complaints held by the complaint's current organisation."""
    return user is not None and has_permission(user, "complaints.handle", complaint.organisation)


def _require_manager(actor: User | None, complaint: Complaint) -> None:
    if actor is not None and not is_manager(actor, complaint):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_handler(actor: User | None, complaint: Complaint) -> None:
    if actor is not None and not can_handle(actor, complaint):
        raise PermissionDenied(_("You do not have permission to do this."))


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update()
        .select_related("pemda", "organisation")
        .get(pk=complaint.pk)
    )


def _move(complaint: Complaint, to: str) -> None:
    if to not in TRANSITIONS[complaint.status]:
        raise ValidationError(
            _("This step is not possible while the complaint is “%(status)s”."),
            code="transition",
            params={"status": Status(complaint.status).label},
        )
    complaint.status = to


def clean_text(value: str, *, label: str, minimum: int, maximum: int) -> str:
    """``value`` stripped; ``ValidationError`` (Indonesian) if empty, too short or too long."""
    text = (value or "").strip().replace("\r\n", "\n")
    if not text:
        raise ValidationError(
            _("Please fill in the %(field)s."), code="required", params={"field": label}
        )
    if len(text) > maximum:
        raise ValidationError(
            _("The %(field)s is too long: at most %(max)s characters (now %(n)s)."),
            code="too_long",
            params={"field": label, "max": maximum, "n": len(text)},
        )
    if len(text) < minimum:
        raise ValidationError(
            _("The %(field)s is too short: at least %(min)s characters."),
            code="too_short",
            params={"field": label, "min": minimum},
        )
    return text


def _event(
    complaint: Complaint,
    *,
    kind: str,
    actor: User | None,
    message: str = "",
    is_public: bool,
    organisation: Organisation | None = None,
    at: dt.datetime | None = None,
) -> ComplaintEvent:
    event = ComplaintEvent(
        complaint=complaint,
        at=at or timezone.now(),
        kind=kind,
        status=complaint.status,
        message=message,
        is_public=is_public,
        actor=actor,
        organisation=organisation,
    )
    event.full_clean(exclude=["complaint", "actor", "organisation"])
    event.save()
    return event


def _save_and_audit(
    complaint: Complaint,
    *,
    actor: User | None,
    verb: str,
    before: dict[str, Any] | None,
    public_actor: bool = False,
    extra: dict[str, Any] | None = None,
) -> None:
    complaint.full_clean(
        exclude=["pemda", "organisation", "suggested_organisation", "duplicate_of"]
    )
    complaint.save()
    after = snapshot(complaint, AUDIT_FIELDS)
    if extra:
        after.update(extra)
    audit_record(
        actor=actor,
        action=f"complaint.{verb}",
        target=complaint,
        organisation=complaint.organisation,
        before=before,
        after=after,
        actor_label=PUBLIC_ACTOR if public_actor and actor is None else "",
    )


def _notify(complaint: Complaint, what: str) -> None:
    """Queue the outside messages for ``what`` after commit (never inside the transaction)."""
    from integritas.complaints.tasks import notify

    complaint_id = complaint.pk
    transaction.on_commit(lambda: notify.enqueue(complaint_id=complaint_id, what=what))


def _calendar(complaint: Complaint) -> WorkingCalendar:
    return calendar_for(complaint.pemda)


# -- intake ----------------------------------------------------------------------------------


def _default_pemda() -> Organisation:
    roots = list(Organisation.objects.filter(parent=None, is_active=True).order_by("pk")[:2])
    if len(roots) != 1:
        raise ValidationError(_("Choose the office your complaint is about."), code="pemda")
    return roots[0]


def _clean_identity(
    mode: str, *, name: str, email: str, phone: str, nik: str
) -> dict[str, str] | None:
    if mode not in IdentityMode.values:
        raise ValidationError(_("Choose how your identity is handled."), code="identity")
    if mode == IdentityMode.ANONIM:
        return None  # anonymous: whatever was typed is not stored
    clean_name = clean_text(name, label=_("name"), minimum=2, maximum=200)
    email = (email or "").strip()
    phone = (phone or "").strip()
    nik = (nik or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("The e-mail address is not valid."), code="email") from None
    if phone and not _PHONE.match(phone):
        raise ValidationError(
            _("The phone number is not valid (digits, may start with +)."), code="phone"
        )
    if nik and not _NIK.match(nik):
        raise ValidationError(_("The NIK must be 16 digits."), code="nik")
    return {"name": clean_name, "email": email, "phone": phone, "nik": nik}


@transaction.atomic
def complaint_submit(
    *,
    actor: User | None,
    subject: str,
    description: str,
    identity_mode: str,
    channel: str = Channel.WEB,
    name: str = "",
    email: str = "",
    phone: str = "",
    nik: str = "",
    organisation: Organisation | None = None,
    pemda: Organisation | None = None,
    category: str = Category.OTHER,
    lapor_id: str = "",
    attachments: Sequence[SafeUpload] = (),
) -> Complaint:
    """Receive a complaint on any channel; return it with its new random tracking code.

    Web and API complaints need no account (``actor`` None). Walk-in, phone, letter, e-mail,
    social-media and LAPOR! complaints are entered by the complaint manager (``actor`` must
    hold ``complaints.manage`` over the Pemda). ``organisation`` is the unit the complainant
    names (optional; it also fixes the Pemda). The 3-working-day forwarding clock starts
    now (DOMAIN.md §6). For ``anonim`` nothing about the person is stored, whatever was
    typed. Raises ``ValidationError`` for empty, too short or too long text (subject 5–200,
    description 20–5000 characters), a bad identity field, more than 5 attachments, or an
    unknown channel/category; ``PermissionDenied`` for staff channels without the role.
    """
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."), code="channel")
    if category not in Category.values:
        raise ValidationError(_("Unknown category."), code="category")
    if organisation is not None:
        root = pemda_of(organisation)
        if pemda is not None and root.pk != pemda.pk:
            raise ValidationError(_("Choose the office your complaint is about."), code="pemda")
        pemda = root
    pemda = pemda or _default_pemda()
    if channel in STAFF_CHANNELS:
        require_permission(actor, "complaints.manage", pemda)
    subject = clean_text(subject, label=_("subject"), minimum=SUBJECT_MIN, maximum=SUBJECT_MAX)
    description = clean_text(
        description, label=_("description"), minimum=DESCRIPTION_MIN, maximum=DESCRIPTION_MAX
    )
    identity = _clean_identity(identity_mode, name=name, email=email, phone=phone, nik=nik)
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(n)s files can be attached."),
            code="attachments",
            params={"n": MAX_ATTACHMENTS},
        )
    now = timezone.now()
    calendar = calendar_for(pemda)
    complaint = Complaint(
        pemda=pemda,
        organisation=pemda,
        suggested_organisation=organisation,
        subject=subject,
        description=description,
        channel=channel,
        identity_mode=identity_mode,
        category=category,
        lapor_id=lapor_id.strip()[:40],
        received_at=now,
        forward_due=sla.forward_deadline(calendar, now, policy_for(pemda)),
    )
    complaint.full_clean(
        exclude=["pemda", "organisation", "suggested_organisation", "tracking_code"]
    )
    for _attempt in range(5):
        complaint.tracking_code = new_tracking_code()
        try:
            with transaction.atomic():
                complaint.save()
            break
        except IntegrityError:  # a collision of 59 random bits: draw again
            complaint.pk = None
    else:  # pragma: no cover - five collisions in a row do not happen
        raise ValidationError(_("Please try again."), code="tracking_code")
    if identity is not None:
        ComplainantIdentity.objects.create(complaint=complaint, **identity)
    for upload in attachments:
        _attach(complaint, upload, from_complainant=actor is None)
    _event(complaint, kind=EventKind.STATUS, actor=actor, is_public=True, at=now)
    _save_and_audit(
        complaint,
        actor=actor,
        verb="submit",
        before=None,
        public_actor=True,
        extra={"attachments": len(attachments)},
    )
    _notify(complaint, "received")
    return complaint


def _attach(
    complaint: Complaint, upload: SafeUpload, *, from_complainant: bool
) -> ComplaintAttachment:
    name = store_upload(upload, prefix="complaints")
    # Never keep the sender's file name: "KTP_Budi_3201….jpg" would reveal a rahasia or
    # anonim complainant to the OPD handler. Files are named by their order instead.
    number = ComplaintAttachment.objects.filter(complaint=complaint).count() + 1
    return ComplaintAttachment.objects.create(
        complaint=complaint,
        storage_name=name,
        original_name=f"lampiran-{number}.{upload.extension}",
        mime=upload.mime,
        size=upload.size,
        sha256=upload.sha256,
        from_complainant=from_complainant,
    )


@transaction.atomic
def complaint_attach(
    *, actor: User | None, complaint: Complaint, upload: SafeUpload
) -> ComplaintAttachment:
    """Add a checked file to a complaint (staff: handlers; ``None``: the complainant)."""
    locked = _lock(complaint)
    _require_handler(actor, locked)
    if locked.attachments.count() >= MAX_ATTACHMENTS * 2:
        raise ValidationError(_("This complaint has too many files already."), code="attachments")
    attachment = _attach(locked, upload, from_complainant=actor is None)
    audit_record(
        actor=actor,
        action="complaint.attach",
        target=locked,
        organisation=locked.organisation,
        after={
            "attachment": attachment.public_id,
            "mime": attachment.mime,
            "size": attachment.size,
        },
        actor_label=PUBLIC_ACTOR if actor is None else "",
    )
    return attachment


# -- the complaint manager: triage and disposition -------------------------------------------


def _optional_message(message: str) -> str:
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            _("The %(field)s is too long: at most %(max)s characters (now %(n)s)."),
            code="too_long",
            params={"field": _("message"), "max": MESSAGE_MAX, "n": len(message)},
        )
    return message


def _required_message(message: str, *, minimum: int = 5) -> str:
    return clean_text(message, label=_("message"), minimum=minimum, maximum=MESSAGE_MAX)


@transaction.atomic
def complaint_verify(
    *, actor: User | None, complaint: Complaint, category: str | None = None, message: str = ""
) -> Complaint:
    """The manager confirms it is a complaint for the Pemda (received → verified).

    ``category`` corrects the complainant's category. Raises ``ValidationError`` from any
    other state, ``PermissionDenied`` for anyone but the complaint manager.
    """
    c = _lock(complaint)
    _require_manager(actor, c)
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.VERIFIED)
    if category:
        if category not in Category.values:
            raise ValidationError(_("Unknown category."), code="category")
        c.category = category
    c.verified_at = timezone.now()
    _event(
        c, kind=EventKind.STATUS, actor=actor, message=_optional_message(message), is_public=True
    )
    _save_and_audit(c, actor=actor, verb="verify", before=before)
    return c


@transaction.atomic
def complaint_reject(*, actor: User | None, complaint: Complaint, reason: str) -> Complaint:
    """Not a complaint (spam, a question, no content): received/verified → rejected.

    ``reason`` is shown to the complainant. Counted as *rejected*, never as resolved.
    """
    c = _lock(complaint)
    _require_manager(actor, c)
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.REJECTED)
    c.finished_at = timezone.now()
    _event(c, kind=EventKind.STATUS, actor=actor, message=_required_message(reason), is_public=True)
    _save_and_audit(c, actor=actor, verb="reject", before=before)
    _notify(c, "status")
    return c


@transaction.atomic
def complaint_mark_duplicate(
    *, actor: User | None, complaint: Complaint, original: Complaint, message: str = ""
) -> Complaint:
    """Mark as a duplicate of ``original`` (same Pemda, not itself): → duplicate.

    The complainant is told the original's handling continues; the original's tracking
    code is not revealed to them (it is another person's capability).
    """
    c = _lock(complaint)
    _require_manager(actor, c)
    root = original
    while root.duplicate_of_id is not None and root.duplicate_of is not None:
        root = root.duplicate_of
    if root.pk == c.pk or root.pemda_id != c.pemda_id:
        raise ValidationError(
            _("A complaint cannot be a duplicate of itself or of another Pemda's complaint."),
            code="duplicate",
        )
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.DUPLICATE)
    c.duplicate_of = root
    c.finished_at = timezone.now()
    _event(
        c, kind=EventKind.STATUS, actor=actor, message=_optional_message(message), is_public=True
    )
    _save_and_audit(c, actor=actor, verb="mark_duplicate", before=before)
    _notify(c, "status")
    return c


@transaction.atomic
def complaint_forward(
    *, actor: User | None, complaint: Complaint, organisation: Organisation, message: str = ""
) -> Complaint:
    """Disposisi: send to the responsible OPD or unit (verified/reopened → forwarded).

    Starts the unit's answer clock (5 working days, DOMAIN.md §6) and records whether the
    3-working-day forwarding clock was kept. The unit must be in the complaint's Pemda and
    not the Pemda itself.
    """
    c = _lock(complaint)
    _require_manager(actor, c)
    if not organisation.is_descendant_of(c.pemda) or organisation.level == OrganisationLevel.PEMDA:
        raise ValidationError(_("Choose an OPD or unit of this Pemda."), code="organisation")
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.FORWARDED)
    now = timezone.now()
    c.organisation = organisation
    c.forwarded_at = now
    if c.forward_met is None:
        c.forward_met = sla.met(now, c.forward_due)
    c.answer_due = sla.answer_deadline(_calendar(c), now, policy_for(c.pemda))
    _event(
        c,
        kind=EventKind.STATUS,
        actor=actor,
        message=_optional_message(message),
        is_public=True,
        organisation=organisation,
        at=now,
    )
    _save_and_audit(c, actor=actor, verb="forward", before=before)
    _notify(c, "forwarded")
    return c


@transaction.atomic
def complaint_bulk_forward(
    *, actor: User | None, complaints: Iterable[Complaint], organisation: Organisation
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
    *, actor: User | None, complaint: Complaint, agency: str, reference: str, message: str = ""
) -> Complaint:
    """Not the Pemda's authority: refer outside (Ombudsman, Kejaksaan, Polres, KPK, a vertical
    agency) with the reference (letter number or the other channel's id) → referred.

    Counted as *referred*, never as resolved (DOMAIN.md §6).
    """
    c = _lock(complaint)
    _require_manager(actor, c)
    if agency not in ReferralAgency.values:
        raise ValidationError(_("Choose where the complaint is referred."), code="agency")
    reference = clean_text(reference, label=_("reference"), minimum=2, maximum=200)
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.REFERRED)
    c.referred_to = agency
    c.referral_reference = reference
    c.finished_at = timezone.now()
    c.organisation = c.pemda
    _event(
        c, kind=EventKind.STATUS, actor=actor, message=_optional_message(message), is_public=True
    )
    _save_and_audit(c, actor=actor, verb="refer", before=before)
    _notify(c, "status")
    return c


@transaction.atomic
def complaint_set_lapor_id(*, actor: User | None, complaint: Complaint, lapor_id: str) -> Complaint:
    """Record the SP4N-LAPOR! tracking id (complaint came from or was sent to LAPOR!)."""
    c = _lock(complaint)
    _require_manager(actor, c)
    value = lapor_id.strip()
    if len(value) > 40 or (value and not re.fullmatch(r"[A-Za-z0-9._/-]+", value)):
        raise ValidationError(
            _("A LAPOR! tracking id is up to 40 letters, digits or . _ / -"), code="lapor_id"
        )
    before = snapshot(c, AUDIT_FIELDS)
    c.lapor_id = value
    _save_and_audit(c, actor=actor, verb="set_lapor_id", before=before)
    return c


@transaction.atomic
def complaint_close(*, actor: User | None, complaint: Complaint, message: str = "") -> Complaint:
    """The manager closes an answered complaint (answered → closed).

    Refused when the complainant reopened it in the meantime: the row is locked first, so a
    reopen and a close that race end in one state — reopened if the reopen came first,
    reopened as well if the close came first and the reopen was in its window.
    """
    c = _lock(complaint)
    _require_manager(actor, c)
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.CLOSED)
    c.closed_at = timezone.now()
    c.autoclose_due = None
    _event(
        c, kind=EventKind.STATUS, actor=actor, message=_optional_message(message), is_public=True
    )
    _save_and_audit(c, actor=actor, verb="close", before=before)
    _notify(c, "status")
    return c


@transaction.atomic
def complaint_autoclose(*, complaint: Complaint, now: dt.datetime | None = None) -> bool:
    """Close an answered complaint whose no-response period ended (system; DOMAIN.md §6).

    Returns False and changes nothing when it is no longer due — reopened, replied to, or
    closed already (so a reopen racing the automatic close wins cleanly); the skip is
    audited when it was due by the clock but the state had moved on.
    """
    now = now or timezone.now()
    c = _lock(complaint)
    if c.status != S.ANSWERED or c.autoclose_due is None or c.autoclose_due > now:
        if c.status == S.REOPENED:
            audit_record(
                actor=None,
                action="complaint.autoclose_skipped",
                target=c,
                organisation=c.organisation,
                after={"status": c.status},
            )
        return False
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.CLOSED)
    c.closed_at = now
    c.autoclose_due = None
    _event(
        c,
        kind=EventKind.STATUS,
        actor=None,
        message=_("Closed automatically: no response within the period after the answer."),
        is_public=True,
        at=now,
    )
    _save_and_audit(c, actor=None, verb="autoclose", before=before)
    _notify(c, "status")
    return True


# -- the responsible unit ------------------------------------------------------------------


@transaction.atomic
def complaint_follow_up(
    *, actor: User | None, complaint: Complaint, message: str = ""
) -> Complaint:
    """The unit starts work (forwarded/reopened → followed_up); ``message`` is public."""
    c = _lock(complaint)
    _require_handler(actor, c)
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.FOLLOWED_UP)
    _event(
        c, kind=EventKind.STATUS, actor=actor, message=_optional_message(message), is_public=True
    )
    _save_and_audit(c, actor=actor, verb="follow_up", before=before)
    return c


@transaction.atomic
def complaint_answer(*, actor: User | None, complaint: Complaint, message: str) -> Complaint:
    """The unit's answer to the complainant (forwarded/followed_up/reopened → answered).

    Records whether the answer clock was kept (first answer), starts the no-response clock
    (10 working days to automatic closing) and the reopen window (DOMAIN.md §6).
    """
    c = _lock(complaint)
    _require_handler(actor, c)
    text = _required_message(message, minimum=10)
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.ANSWERED)
    now = timezone.now()
    calendar, policy = _calendar(c), policy_for(c.pemda)
    c.answered_at = now
    if c.answer_met is None:
        c.answer_met = sla.met(now, c.answer_due)
    c.finished_at = c.finished_at or now
    c.autoclose_due = sla.autoclose_deadline(calendar, now, policy)
    c.reopen_until = sla.reopen_deadline(calendar, now, policy)
    _event(c, kind=EventKind.STATUS, actor=actor, message=text, is_public=True, at=now)
    _save_and_audit(c, actor=actor, verb="answer", before=before)
    _notify(c, "answered")
    return c


@transaction.atomic
def complaint_return(*, actor: User | None, complaint: Complaint, reason: str) -> Complaint:
    """The unit hands a complaint back to the manager as not its own (→ verified, at the Pemda).

    ``reason`` is an internal note; the manager forwards it again or refers it outside.
    """
    c = _lock(complaint)
    _require_handler(actor, c)
    text = _required_message(reason)
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.VERIFIED)
    c.organisation = c.pemda
    c.answer_due = None
    _event(c, kind=EventKind.INTERNAL_NOTE, actor=actor, message=text, is_public=False)
    _save_and_audit(c, actor=actor, verb="return", before=before)
    return c


@transaction.atomic
def complaint_note(*, actor: User | None, complaint: Complaint, message: str) -> ComplaintEvent:
    """An internal note: staff only, never on the tracking page, the API or in messages."""
    c = _lock(complaint)
    _require_handler(actor, c)
    event = _event(
        c,
        kind=EventKind.INTERNAL_NOTE,
        actor=actor,
        message=_required_message(message, minimum=2),
        is_public=False,
    )
    audit_record(
        actor=actor,
        action="complaint.note",
        target=c,
        organisation=c.organisation,
        after={"event": event.pk},
    )
    return event


@transaction.atomic
def complaint_public_reply(
    *, actor: User | None, complaint: Complaint, message: str
) -> ComplaintEvent:
    """A message to the complainant without a status change (shown on the tracking page)."""
    c = _lock(complaint)
    _require_handler(actor, c)
    event = _event(
        c,
        kind=EventKind.PUBLIC_REPLY,
        actor=actor,
        message=_required_message(message, minimum=2),
        is_public=True,
    )
    audit_record(
        actor=actor,
        action="complaint.public_reply",
        target=c,
        organisation=c.organisation,
        after={"event": event.pk},
    )
    _notify(c, "message")
    return event


# -- the complainant (the tracking code is the capability) ----------------------------------


@transaction.atomic
def complaint_reply(*, complaint: Complaint, message: str) -> ComplaintEvent:
    """The complainant writes back. A reply to an answer counts as a response, so the
    automatic close is stopped and the manager closes it after reading."""
    c = _lock(complaint)
    text = _required_message(message, minimum=2)
    if c.status in {S.REJECTED, S.DUPLICATE, S.REFERRED}:
        raise ValidationError(
            _("This step is not possible while the complaint is “%(status)s”."),
            code="transition",
            params={"status": Status(c.status).label},
        )
    if c.status == S.ANSWERED:
        c.autoclose_due = None
        c.save(update_fields=["autoclose_due"])
    event = _event(c, kind=EventKind.COMPLAINANT_REPLY, actor=None, message=text, is_public=True)
    audit_record(
        actor=None,
        action="complaint.reply",
        target=c,
        organisation=c.organisation,
        after={"event": event.pk},
        actor_label=PUBLIC_ACTOR,
    )
    return event


@transaction.atomic
def complaint_reopen(
    *, complaint: Complaint, message: str, now: dt.datetime | None = None
) -> Complaint:
    """The complainant reopens an answered or closed complaint within the window
    (answered/closed → reopened); the unit's answer clock starts again.

    The row is locked first: against a racing close the result is always *reopened* when
    the reopen is in its window (see :func:`complaint_close`). Raises ``ValidationError``
    after the window or from another state.
    """
    now = now or timezone.now()
    c = _lock(complaint)
    text = _required_message(message)
    if c.status in {S.ANSWERED, S.CLOSED} and (c.reopen_until is None or now > c.reopen_until):
        raise ValidationError(
            _("The period to reopen this complaint has ended."), code="reopen_window"
        )
    before = snapshot(c, AUDIT_FIELDS)
    _move(c, S.REOPENED)
    c.reopen_count += 1
    c.closed_at = None
    c.autoclose_due = None
    c.answer_due = sla.answer_deadline(_calendar(c), now, policy_for(c.pemda))
    _event(c, kind=EventKind.STATUS, actor=None, message=text, is_public=True, at=now)
    _save_and_audit(c, actor=None, verb="reopen", before=before, public_actor=True)
    _notify(c, "reopened")
    return c


@transaction.atomic
def complaint_rate(*, complaint: Complaint, score: int, comment: str = "") -> Complaint:
    """The complainant rates the handling once, 1 (poor) to 5 (very good), after the answer."""
    c = _lock(complaint)
    if c.status not in {S.ANSWERED, S.CLOSED}:
        raise ValidationError(_("You can rate the handling after the answer."), code="rate_state")
    if c.rating is not None:
        raise ValidationError(_("This complaint has been rated already."), code="rated")
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."), code="rating")
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError(
            _("The %(field)s is too long: at most %(max)s characters (now %(n)s)."),
            code="too_long",
            params={"field": _("comment"), "max": 1000, "n": len(comment)},
        )
    before = snapshot(c, AUDIT_FIELDS)
    c.rating = score
    c.rating_comment = comment
    _event(c, kind=EventKind.RATING, actor=None, message=comment, is_public=True)
    _save_and_audit(c, actor=None, verb="rate", before=before, public_actor=True)
    return c


# -- settings, reminders, automatic closing ---------------------------------------------------


@transaction.atomic
def complaint_settings_set(
    *,
    actor: User | None,
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
    require_permission(actor, "complaints.manage", pemda)
    try:
        sla.SlaPolicy(forward_days, answer_days, autoclose_days, reopen_days)
    except ValueError:
        raise ValidationError(_("Each period is 1 to 60 working days."), code="days") from None
    row = ComplaintSettings.objects.select_for_update().filter(pemda=pemda).first()
    fields = ["forward_days", "answer_days", "autoclose_days", "reopen_days"]
    before = snapshot(row, fields) if row else None
    row = row or ComplaintSettings(pemda=pemda)
    row.forward_days, row.answer_days = forward_days, answer_days
    row.autoclose_days, row.reopen_days = autoclose_days, reopen_days
    row.full_clean(exclude=["pemda"])
    row.save()
    audit_record(
        actor=actor,
        action="complaint.settings_set",
        target=row,
        organisation=pemda,
        before=before,
        after=snapshot(row, fields),
    )
    return row


def run_due_autocloses(*, now: dt.datetime | None = None) -> int:
    """Close every answered complaint whose no-response period ended; return how many."""
    now = now or timezone.now()
    due = Complaint.objects.filter(status=S.ANSWERED, autoclose_due__lt=now).values_list(
        "pk", flat=True
    )
    closed = 0
    for pk in list(due):
        if complaint_autoclose(complaint=Complaint(pk=pk), now=now):
            closed += 1
    return closed


@transaction.atomic
def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the holders of complaints whose clock ends within a working day or has ended.

    At most one reminder per complaint per local day; each is an internal timeline entry.
    Returns how many complaints were reminded about.
    """
    from integritas.complaints.selectors import reminder_candidates

    now = now or timezone.now()
    count = 0
    for c in reminder_candidates(now=now):
        calendar = _calendar(c)
        if c.reminded_at is not None and calendar.local_date(c.reminded_at) == calendar.local_date(
            now
        ):
            continue
        c.reminded_at = now
        c.save(update_fields=["reminded_at"])
        _event(
            c,
            kind=EventKind.REMINDER,
            actor=None,
            message=_("Reminder: the deadline of this step is near or has passed."),
            is_public=False,
            at=now,
        )
        audit_record(actor=None, action="complaint.remind", target=c, organisation=c.organisation)
        _notify(c, "reminder")
        count += 1
    return count


def max_upload_bytes() -> int:
    """Per-file upload limit for complaint attachments (setting ``COMPLAINTS_MAX_UPLOAD_BYTES``)."""
    return int(getattr(settings, "COMPLAINTS_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
