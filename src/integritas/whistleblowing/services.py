"""Writes of the whistleblowing app (issue 12): every function takes an explicit actor.

Reporter actions (submit, follow-up messages) are deliberately **not** written to the audit
trail: an audit event carries a precise time, which the reporter was promised we do not keep
(the report and messages carry a date only). Handler actions are audited without content:
status, result, deadlines — never text.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from integritas.core import clock, ratelimit
from integritas.core.actors import Actor, Public, System
from integritas.core.audit import audit_record, audited
from integritas.core.models import Organisation, RoleMembership, User
from integritas.core.permissions import deny, require
from integritas.core.selectors import calendar_for
from integritas.core.uploads import SafeUpload
from integritas.whistleblowing import crypto, notifications, receipts, rules
from integritas.whistleblowing.choices import (
    Author,
    Category,
    ForwardedTo,
    GrantKind,
    ReportStatus,
)
from integritas.whistleblowing.models import (
    Attachment,
    Conflict,
    Grant,
    HandlerKey,
    IdentityDisclosure,
    Message,
    RecoveryKey,
    Report,
)
from integritas.whistleblowing.permissions import can_handle, can_view
from integritas.whistleblowing.workflows import REPORT_WORKFLOW

CONTENT_FIELDS = ("what", "who", "when", "where", "how_known")
AUDIT_FIELDS = ["status", "forwarded_to", "due_on", "closed_on"]


def submit_flood() -> ratelimit.Flood:
    """Flood settings of report submission (``core.ratelimit``; ``INTEGRITAS_FLOOD["wbs:submit"]``)."""
    return ratelimit.Flood.of(
        "wbs:submit", ceiling=submissions_per_hour(), window=3600, per_source=10
    )


def receipt_flood() -> ratelimit.Flood:
    """Flood settings of follow-up attempts: no proof of work (the receipt is the credential)."""
    return ratelimit.Flood.of(
        "wbs:receipt", ceiling=RECEIPT_ATTEMPTS, window=300, per_source=20, pow_at=0
    )


def _refused(exc: ratelimit.Refused, message: str) -> ValidationError:
    """A refusal as the service's ``rate_limited`` error; a proof-of-work challenge rides in
    its params (``challenge``)."""
    return ValidationError(message, code="rate_limited", params={"challenge": exc.challenge})


#: Follow-up attempts with a receipt per 5 minutes, all workers and all reporters together.
RECEIPT_ATTEMPTS = 60
SUBMISSIONS_PER_HOUR = 300


# -- handler keys ----------------------------------------------------------------------------


def active_key(user: User) -> HandlerKey | None:
    return HandlerKey.objects.filter(user=user, active=True).first()


def handler_key_unlock(*, user: User, password: str) -> tuple[int, bytes] | None:
    """(key id, private key) of ``user``'s active key opened with ``password``; else None."""
    key = active_key(user)
    if key is None:
        return None
    cost = crypto.KdfCost(key.opslimit, key.memlimit)
    try:
        private = crypto.unwrap_private_key(
            bytes(key.wrapped_private_key), password, bytes(key.salt), cost
        )
    except crypto.DecryptionError:
        return None
    return key.pk, private


def _new_wrapped_key(user: User, password: str, private: bytes | None = None) -> HandlerKey:
    if private is None:
        _public, private = crypto.new_key_pair()
    cost = crypto.current_cost()
    salt = crypto.new_salt()
    return HandlerKey(
        user=user,
        public_key=crypto.public_of(private),
        wrapped_private_key=crypto.wrap_private_key(private, password, salt, cost),
        salt=salt,
        opslimit=cost.opslimit,
        memlimit=cost.memlimit,
        created_on=clock.today(None),
    )


def handler_key_enrol(*, actor: Actor, user: User, password: str) -> HandlerKey:
    """Create ``user``'s first key pair, wrapped under ``password`` (the user or the system)."""
    require(actor == user or isinstance(actor, System))
    if active_key(user) is not None:
        raise ValidationError(_("This handler already has a key."), code="key_exists")
    key = _new_wrapped_key(user, password)
    with audited(key, actor=actor, action="whistleblowing.key_enrol", fields=["user_id", "active"]):
        pass
    return key


def _reseal(grants: list[Grant], private: bytes, public: bytes) -> list[tuple[Grant, bytes]]:
    return [(g, crypto.seal(public, crypto.unseal(private, bytes(g.sealed)))) for g in grants]


def handler_key_rotate(
    *, actor: User, private_key: bytes, password: str
) -> tuple[HandlerKey, bytes]:
    """Replace the actor's key pair; every report key they hold is re-sealed to the new one.

    ``private_key`` is the current (unlocked) one; ``password`` the actor's password, which
    wraps the new private key. Returns the new key and its private half (for the session).
    """
    old = active_key(actor)
    if old is None or not crypto.same(crypto.public_of(private_key), bytes(old.public_key)):
        raise ValidationError(_("Your key is not unlocked; sign in again."), code="no_key")
    if not actor.check_password(password):
        raise ValidationError(_("The password is not correct."), code="password")
    public, private = crypto.new_key_pair()
    with transaction.atomic():
        old_grants = list(Grant.objects.select_for_update().filter(handler_key=old))
        resealed = _reseal(old_grants, private_key, public)
        with audited(old, actor=actor, action="whistleblowing.key_retire", fields=["active"]):
            old.active = False
        new = _new_wrapped_key(actor, password, private)
        with audited(new, actor=actor, action="whistleblowing.key_rotate", fields=["user_id"]):
            pass
        for grant, sealed in resealed:
            grant.handler_key = new
            grant.sealed = sealed
            grant.save(update_fields=["handler_key", "sealed"])
    return new, private


def recovery_key_create(*, actor: Actor, pemda: Organisation) -> tuple[RecoveryKey, bytes]:
    """A new recovery key pair for ``pemda``; returns the private half, which is NOT stored.

    The caller prints it once (``integritas manage wbs_recovery_key``) to be kept offline;
    only the public half is saved. Reports received from now on are sealed to it too.
    """
    require(isinstance(actor, System) or actor_is_admin(actor))
    public, private = crypto.new_key_pair()
    with transaction.atomic():
        RecoveryKey.objects.filter(pemda=pemda, active=True).update(active=False)
        key = RecoveryKey(
            pemda=pemda,
            public_key=public,
            fingerprint=hashlib.sha256(public).hexdigest(),
            created_on=clock.today(pemda),
        )
        with audited(key, actor=actor, action="whistleblowing.recovery_key", fields=["active"]):
            pass
    return key, private


def actor_is_admin(actor: Actor) -> bool:
    from integritas.core.permissions import actor_may

    return actor_may(actor, "core.manage_roles")


def _grantees(report: Report, user: User) -> bool:
    return not Conflict.objects.filter(report=report, user=user).exists()


def access_grant(*, actor: User, private_key: bytes, to_user: User) -> int:
    """Give ``to_user`` (a handler with a key) every report key the actor holds.

    The actor unseals each report key with their unlocked key and seals it to the other
    handler's public key; reports the other handler is conflicted on are skipped. Returns
    how many reports were granted.
    """
    mine = active_key(actor)
    theirs = active_key(to_user)
    if mine is None or not crypto.same(crypto.public_of(private_key), bytes(mine.public_key)):
        raise ValidationError(_("Your key is not unlocked; sign in again."), code="no_key")
    if theirs is None:
        raise ValidationError(
            _("This handler has no key yet: they must sign in once first."), code="no_key"
        )
    count = 0
    with transaction.atomic():
        have = set(Grant.objects.filter(handler_key=theirs).values_list("report_id", "kind"))
        for grant in Grant.objects.filter(handler_key=mine).select_related("report"):
            if (grant.report_id, grant.kind) in have:
                continue
            require(can_handle(actor, grant.report))
            if not _grantees(grant.report, to_user):
                continue
            if not can_view(to_user, grant.report):
                raise deny()
            secret = crypto.unseal(private_key, bytes(grant.sealed))
            Grant.objects.create(
                report=grant.report,
                kind=grant.kind,
                handler_key=theirs,
                sealed=crypto.seal(bytes(theirs.public_key), secret),
            )
            count += grant.kind == GrantKind.REPORT
        audit_record(
            actor=actor,
            action="whistleblowing.access_grant",
            target=to_user,
            after={"reports": count},
        )
    return count


def handler_key_retire(*, actor: Actor, user: User) -> int:
    """Retire ``user``'s key (a forgotten or reset password): their next sign-in enrols a new
    one, which holds nothing until :func:`recovery_restore` or a grant re-seals the reports."""
    require(isinstance(actor, System) or actor_is_admin(actor))
    count = 0
    for key in HandlerKey.objects.filter(user=user, active=True):
        with audited(key, actor=actor, action="whistleblowing.key_retire", fields=["active"]):
            key.active = False
        count += 1
    return count


def recovery_restore(
    *, actor: Actor, pemda: Organisation, recovery_private_key: bytes, to_user: User
) -> int:
    """The recovery procedure: re-seal every report of ``pemda`` to ``to_user``'s key."""
    require(isinstance(actor, System) or actor_is_admin(actor))
    theirs = active_key(to_user)
    if theirs is None:
        raise ValidationError(_("This handler has no key yet."), code="no_key")
    count = 0
    with transaction.atomic():
        grants = Grant.objects.filter(
            recovery_key__pemda=pemda,
            recovery_key__public_key=crypto.public_of(recovery_private_key),
        ).select_related("report")
        for grant in grants:
            if not _grantees(grant.report, to_user):
                continue
            secret = crypto.unseal(recovery_private_key, bytes(grant.sealed))
            Grant.objects.update_or_create(
                report=grant.report,
                kind=grant.kind,
                handler_key=theirs,
                defaults={"sealed": crypto.seal(bytes(theirs.public_key), secret)},
            )
            count += grant.kind == GrantKind.REPORT
        audit_record(
            actor=actor, action="whistleblowing.recovery", target=to_user, after={"reports": count}
        )
    return count


# -- reporting ---------------------------------------------------------------------------------


@dataclass
class ReportContent:
    """A report's decrypted content (never stored in this form)."""

    what: str
    who: str = ""
    when: str = ""
    where: str = ""
    how_known: str = ""
    identity: dict[str, str] | None = None
    messages: list[tuple[str, str, Any]] = field(default_factory=list)  # (author, text, date)
    attachments: list[tuple[str, str, int]] = field(default_factory=list)  # (id, name, size)


def _default_pemda() -> Organisation:
    roots = list(Organisation.objects.filter(parent=None, is_active=True).order_by("pk")[:2])
    if len(roots) != 1:
        raise ValidationError(_("The reporting channel is not configured."), code="pemda")
    return roots[0]


def _handler_keys(pemda: Organisation) -> list[HandlerKey]:
    from integritas.whistleblowing.permissions import PERMISSIONS

    roles = PERMISSIONS["whistleblowing.handle"]
    ancestors = [pemda.pk]
    user_ids = RoleMembership.objects.filter(
        role__in=roles, organisation_id__in=ancestors
    ).values_list("user_id", flat=True)
    return list(HandlerKey.objects.filter(active=True, user_id__in=user_ids, user__is_active=True))


def _encrypt_attachment(report: Report, key: bytes, upload: SafeUpload) -> Attachment:
    public_id = secrets.token_urlsafe(12)
    header = json.dumps({"name": upload.original_name, "mime": upload.mime}).encode()
    blob = len(header).to_bytes(4, "big") + header + upload.content
    return Attachment(
        report=report,
        public_id=public_id,
        data=crypto.encrypt(key, blob, aad=report.aad(f"file:{public_id}")),
        size=upload.size,
        added_on=clock.today(report.pemda),
    )


def submissions_per_hour() -> int:
    """Reports accepted per hour from the public, all reporters together (setting
    ``WBS_SUBMISSIONS_PER_HOUR``, default :data:`SUBMISSIONS_PER_HOUR`; 0 switches it off —
    the benchmark does, to measure the intake itself)."""
    from django.conf import settings

    return int(getattr(settings, "WBS_SUBMISSIONS_PER_HOUR", SUBMISSIONS_PER_HOUR))


def report_submit(
    *,
    actor: Actor,
    category: str,
    content: dict[str, str],
    identity: dict[str, str] | None = None,
    files: list[SafeUpload] = (),  # type: ignore[assignment]  # an empty tuple is fine here
    pemda: Organisation | None = None,
    source: str | None = None,
    token: str = "",
) -> tuple[Report, str]:
    """Receive a report from a reporter without an account; return it and its receipt.

    ``source``: ``core.ratelimit.source_of(request, daily_key=True)`` (a hash of the network
    under a key that changes every day; None when exempt); ``token``: a proof-of-work token,
    needed under load (a refusal carries a fresh ``challenge`` in its params).

    The receipt is returned once and never stored (only its Argon2id verifier). Nothing
    about the reporter's connection is stored; the report carries the date only.
    """
    if not isinstance(actor, Public | System):
        raise deny()  # staff report through the same public channel, without an account
    if category not in Category.values:
        raise ValidationError(_("Choose a category."), code="category")
    if not content.get("what", "").strip():
        raise ValidationError(_("Describe what happened."), code="what")
    if isinstance(actor, Public):
        try:
            ratelimit.admit(submit_flood(), source=source, token=token)
        except ratelimit.Refused as exc:
            raise _refused(
                exc, _("Too many reports are arriving right now. Please try again in an hour.")
            ) from None
    pemda = pemda or _default_pemda()
    report_key = crypto.new_key()
    receipt = receipts.new_receipt()
    cost = crypto.current_cost()
    salt = crypto.new_salt()
    verifier, wrapping = crypto.receipt_secrets(receipt, salt, cost)
    today = clock.today(pemda)
    due = calendar_for(pemda).local_date(
        calendar_for(pemda).add_working_days(clock.now(), rules.triage_days())
    )
    clean = {name: content.get(name, "").strip() for name in CONTENT_FIELDS}
    for _attempt in range(5):
        number = f"WBS-{today.year}-{secrets.token_hex(3).upper()}"
        report = Report(
            pemda=pemda,
            number=number,
            category=category,
            received_on=today,
            due_on=due,
            receipt_index=receipts.index_of(receipt),
            receipt_salt=salt,
            receipt_verifier=verifier,
            receipt_opslimit=cost.opslimit,
            receipt_memlimit=cost.memlimit,
        )
        report.reporter_key = crypto.encrypt(wrapping, report_key, aad=report.aad("receipt"))
        report.content = crypto.encrypt(
            report_key, json.dumps(clean).encode(), aad=report.aad("content")
        )
        identity_key = crypto.new_key()
        given = {k: v.strip() for k, v in (identity or {}).items() if v and v.strip()}
        if given:
            report.has_identity = True
            report.identity = crypto.encrypt(
                identity_key, json.dumps(given).encode(), aad=report.aad("identity")
            )
        try:
            with transaction.atomic():
                report.full_clean(exclude=["content", "reporter_key", "identity"])
                report.save()
                _seal_new_report(report, report_key, identity_key if given else None)
                for upload in files:
                    _encrypt_attachment(report, report_key, upload).save()
                notifications.notify_after_commit(report, "received")
        except IntegrityError:
            continue
        return report, receipt
    raise ValidationError(_("Please try again."), code="number")


def _seal_new_report(report: Report, report_key: bytes, identity_key: bytes | None) -> None:
    """Seal the report key to every handler and the recovery key; the identity key only to
    the recovery key and the WBS managers (custodians)."""
    keys = _handler_keys(report.pemda)
    grants = [
        Grant(report=report, handler_key=k, sealed=crypto.seal(bytes(k.public_key), report_key))
        for k in keys
    ]
    recovery = RecoveryKey.objects.filter(pemda=report.pemda, active=True).first()
    if recovery is not None:
        grants.append(
            Grant(
                report=report,
                recovery_key=recovery,
                sealed=crypto.seal(bytes(recovery.public_key), report_key),
            )
        )
    if identity_key is not None:
        for k in keys:
            grants.append(
                Grant(
                    report=report,
                    kind=GrantKind.IDENTITY,
                    handler_key=k,
                    sealed=crypto.seal(bytes(k.public_key), identity_key),
                )
            )
        if recovery is not None:
            grants.append(
                Grant(
                    report=report,
                    kind=GrantKind.IDENTITY,
                    recovery_key=recovery,
                    sealed=crypto.seal(bytes(recovery.public_key), identity_key),
                )
            )
    Grant.objects.bulk_create(grants)


def _bad_receipt() -> ValidationError:
    return ValidationError(
        _("This receipt does not open any report. Check the digits and try again."),
        code="receipt",
    )


def report_open_by_receipt(
    *, actor: Actor, receipt: str, source: str | None = None
) -> tuple[Report, bytes]:
    """The report and its key for a reporter holding ``receipt``; a generic refusal otherwise.

    Every well-formed attempt counts against one limit shared by all worker processes
    (database counter): a storm of guesses from many connections is slowed as a whole; beneath
    it ``source`` (a daily-keyed hash of the network) has its own smaller bucket, so one
    sender cannot lock every reporter out.
    """
    if not isinstance(actor, Public | System):
        raise deny()
    digits = receipts.normalise(receipt)
    if digits is None:  # a malformed receipt costs nothing but the sender's time
        raise _bad_receipt()
    try:
        ratelimit.admit(receipt_flood(), source=source, anonymous=False)
    except ratelimit.Refused:
        raise ValidationError(
            _("Too many attempts. Please wait a few minutes and try again."),
            code="rate_limited",
        ) from None
    report = Report.objects.filter(receipt_index=receipts.index_of(digits)).first()
    if report is None:
        raise _bad_receipt()
    cost = crypto.KdfCost(report.receipt_opslimit, report.receipt_memlimit)
    verifier, wrapping = crypto.receipt_secrets(digits, bytes(report.receipt_salt), cost)
    if not crypto.same(verifier, bytes(report.receipt_verifier)):
        raise _bad_receipt()
    key = crypto.decrypt(wrapping, bytes(report.reporter_key), aad=report.aad("receipt"))
    return report, key


def read_content(report: Report, report_key: bytes) -> ReportContent:
    """Decrypt a report's content, messages and attachment names (not its identity)."""
    data = json.loads(crypto.decrypt(report_key, bytes(report.content), aad=report.aad("content")))
    content = ReportContent(**{k: data.get(k, "") for k in CONTENT_FIELDS})
    for message in report.messages.all():
        text = crypto.decrypt(report_key, bytes(message.body), aad=report.aad(f"msg:{message.pk}"))
        content.messages.append((message.author, text.decode(), message.sent_on))
    for attachment in report.attachments.all():
        name, _mime, _data = _open_attachment(report, report_key, attachment)
        content.attachments.append((attachment.public_id, name, attachment.size))
    return content


def _open_attachment(
    report: Report, report_key: bytes, attachment: Attachment
) -> tuple[str, str, bytes]:
    blob = crypto.decrypt(
        report_key, bytes(attachment.data), aad=report.aad(f"file:{attachment.public_id}")
    )
    size = int.from_bytes(blob[:4], "big")
    header = json.loads(blob[4 : 4 + size])
    return str(header["name"]), str(header["mime"]), blob[4 + size :]


def attachment_open(
    *, actor: User, report: Report, private_key: bytes, public_id: str
) -> tuple[str, str, bytes]:
    """(name, type, bytes) of one attachment for a handler holding the key."""
    key = report_key_for(actor=actor, report=report, private_key=private_key)
    attachment = report.attachments.get(public_id=public_id)
    return _open_attachment(report, key, attachment)


def report_key_for(*, actor: User, report: Report, private_key: bytes) -> bytes:
    """The report key unsealed with the actor's private key; ``PermissionDenied`` without."""
    require(can_view(actor, report))
    key = active_key(actor)
    if key is None or not crypto.same(crypto.public_of(private_key), bytes(key.public_key)):
        raise deny()
    grant = Grant.objects.filter(report=report, kind=GrantKind.REPORT, handler_key=key).first()
    if grant is None:
        raise deny()
    return crypto.unseal(private_key, bytes(grant.sealed))


def report_read(*, actor: User, report: Report, private_key: bytes) -> ReportContent:
    """Decrypt a report for a handler; the opening is audited (who opened what, no content)."""
    key = report_key_for(actor=actor, report=report, private_key=private_key)
    content = read_content(report, key)
    with transaction.atomic():
        audit_record(
            actor=actor, action="whistleblowing.report_open", target=report, organisation=None
        )
    return content


def _add_message(report: Report, key: bytes, author: str, text: str) -> Message:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a message."), code="empty")
    if len(text) > 10_000:
        raise ValidationError(_("The message is too long."), code="too_long")
    message = Message.objects.create(
        report=report, author=author, body=b"", sent_on=clock.today(report.pemda)
    )
    message.body = crypto.encrypt(key, text.encode(), aad=report.aad(f"msg:{message.pk}"))
    message.save(update_fields=["body"])
    return message


def reporter_message(
    *,
    actor: Actor,
    receipt: str,
    text: str,
    files: list[SafeUpload] = (),  # type: ignore[assignment]  # an empty tuple is fine here
    source: str | None = None,
) -> Report:
    """A message (and more evidence) from the reporter, who proves themself by the receipt."""
    report, key = report_open_by_receipt(actor=actor, receipt=receipt, source=source)
    if report.status in {s.value for s in _finished()}:
        raise ValidationError(_("This report is closed."), code="closed")
    with transaction.atomic():
        if text.strip() or not files:
            _add_message(report, key, Author.REPORTER, text)
        for upload in files:
            _encrypt_attachment(report, key, upload).save()
        notifications.notify_after_commit(report, "message")
    return report


def _finished() -> frozenset[ReportStatus]:
    from integritas.whistleblowing.choices import FINISHED

    return FINISHED


def handler_message(*, actor: User, report: Report, private_key: bytes, text: str) -> Message:
    """A handler's message to the reporter (encrypted; audited without its text)."""
    require(can_handle(actor, report))
    key = report_key_for(actor=actor, report=report, private_key=private_key)
    with transaction.atomic():
        message = _add_message(report, key, Author.HANDLER, text)
        audit_record(actor=actor, action="whistleblowing.message", target=report)
    return message


def identity_disclose(
    *, actor: User, report: Report, private_key: bytes, handler: User, reason: str
) -> IdentityDisclosure:
    """Approve (as WBS manager) that ``handler`` may see the reporter's identity.

    The approver must be another person than the handler, hold the report, and give a reason
    (stored encrypted under the report key; the audit trail records who, whom and when only).
    """
    require(can_handle(actor, report) and actor.pk != handler.pk and can_handle(handler, report))
    if not report.has_identity:
        raise ValidationError(_("The reporter gave no identity."), code="no_identity")
    if not reason.strip():
        raise ValidationError(_("Give the reason for revealing the identity."), code="reason")
    key = report_key_for(actor=actor, report=report, private_key=private_key)
    with transaction.atomic():
        disclosure, _created = IdentityDisclosure.objects.update_or_create(
            report=report,
            handler=handler,
            defaults={
                "approved_by": actor,
                "reason": crypto.encrypt(
                    key, reason.strip().encode(), aad=report.aad(f"disclosure:{handler.pk}")
                ),
                "approved_on": clock.today(report.pemda),
            },
        )
        audit_record(
            actor=actor,
            action="whistleblowing.identity_disclose",
            target=report,
            after={"handler": handler.pk},
        )
    return disclosure


def identity_read(*, actor: User, report: Report, private_key: bytes) -> dict[str, str] | None:
    """The reporter's identity for a handler with a recorded approval (audited)."""
    require(can_handle(actor, report))
    if not report.has_identity or report.identity is None:
        return None
    require(IdentityDisclosure.objects.filter(report=report, handler=actor).exists())
    key = active_key(actor)
    if key is None or not crypto.same(crypto.public_of(private_key), bytes(key.public_key)):
        raise deny()
    grant = Grant.objects.filter(report=report, kind=GrantKind.IDENTITY, handler_key=key).first()
    if grant is None:
        raise deny()
    identity_key = crypto.unseal(private_key, bytes(grant.sealed))
    data = json.loads(
        crypto.decrypt(identity_key, bytes(report.identity), aad=report.aad("identity"))
    )
    with transaction.atomic():
        audit_record(actor=actor, action="whistleblowing.identity_open", target=report)
    return {str(k): str(v) for k, v in data.items()}


# -- handling (workflow) ---------------------------------------------------------------------


def _step(
    report: Report, name: str, *, actor: Actor, to: str | None = None, **changes: Any
) -> Report:
    with audited(
        report,
        actor=actor,
        action=REPORT_WORKFLOW.audit_action(name),
        fields=AUDIT_FIELDS,
        organisation=report.pemda,
        exclude=["content", "reporter_key", "identity", "receipt_salt", "receipt_verifier"],
    ):
        REPORT_WORKFLOW.transition(report, name, actor=actor, to=to)
        for attr, value in changes.items():
            setattr(report, attr, value)
        if report.status in _finished():
            report.closed_on = clock.today(report.pemda)
    return report


def report_investigate(*, actor: Actor, report: Report) -> Report:
    """Triage done: start the investigation (its working-day deadline starts now)."""
    cal = calendar_for(report.pemda)
    due = cal.local_date(cal.add_working_days(clock.now(), rules.investigation_days()))
    return _step(report, "investigate", actor=actor, due_on=due)


def report_conclude(*, actor: Actor, report: Report, result: str) -> Report:
    """Close an investigation as proven or not proven."""
    if result not in {ReportStatus.PROVEN, ReportStatus.NOT_PROVEN}:
        REPORT_WORKFLOW.check(actor, report, "conclude")
        raise ValidationError(_("Choose the result."), code="result")
    return _step(report, "conclude", actor=actor, to=result)


def report_forward(*, actor: Actor, report: Report, forwarded_to: str) -> Report:
    """Forward to APIP or APH (Inspektorat, Kejaksaan, Polres, KPK) and close."""
    if forwarded_to not in ForwardedTo.values:
        REPORT_WORKFLOW.check(actor, report, "forward")
        raise ValidationError(_("Choose where the report goes."), code="forwarded_to")
    return _step(report, "forward", actor=actor, forwarded_to=forwarded_to)


def report_reject(*, actor: Actor, report: Report) -> Report:
    """Close at triage without investigation."""
    return _step(report, "reject", actor=actor)


def conflict_declare(*, actor: Actor, report: Report, user: User) -> Conflict:
    """Exclude ``user`` from ``report``: they can no longer handle nor read it.

    A handler declares their own conflict; another handler may declare a colleague's (a
    person named in the report). Their sealed copies of the report's keys are deleted.
    """
    require(actor == user or can_handle(actor, report))
    with transaction.atomic():
        conflict, _created = Conflict.objects.get_or_create(
            report=report, user=user, defaults={"declared_on": clock.today(report.pemda)}
        )
        Grant.objects.filter(report=report, handler_key__user=user).delete()
        audit_record(
            actor=actor,
            action="whistleblowing.conflict",
            target=report,
            after={"user": user.pk},
        )
    return conflict
