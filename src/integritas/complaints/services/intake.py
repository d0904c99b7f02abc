"""Intake: a complaint arrives on any channel, files are attached."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from integritas.complaints import permissions, rules, sla
from integritas.complaints.choices import Category, Channel, EventKind
from integritas.complaints.models import (
    DESCRIPTION_MAX,
    SUBJECT_MAX,
    ComplainantIdentity,
    Complaint,
    ComplaintAttachment,
    new_tracking_code,
)
from integritas.complaints.services._common import (
    event,
    lock,
    notify,
    policy_for,
    write,
)
from integritas.core import clock
from integritas.core.actors import Actor, Public
from integritas.core.audit import audit_record
from integritas.core.models import Organisation
from integritas.core.permissions import require
from integritas.core.selectors import calendar_for, pemda_of
from integritas.core.uploads import SafeUpload, store_upload


def _default_pemda() -> Organisation:
    roots = list(Organisation.objects.filter(parent=None, is_active=True).order_by("pk")[:2])
    if len(roots) != 1:
        raise ValidationError(_("Choose the office your complaint is about."), code="pemda")
    return roots[0]


@transaction.atomic
def complaint_submit(
    *,
    actor: Actor,
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

    Web and API complaints need no account (``actor`` is ``Public(channel)``). Walk-in,
    phone, letter, e-mail, social-media and LAPOR! complaints are entered by the complaint
    manager (``actor`` must hold ``complaints.manage`` over the Pemda). ``organisation`` is
    the unit the complainant names (optional; it also fixes the Pemda). The
    3-working-day forwarding clock starts now (DOMAIN.md §6). For ``anonim`` nothing about
    the person is stored, whatever was typed. Raises ``ValidationError`` for empty, too
    short or too long text (subject 5–200, description 20–5000 characters), a bad identity
    field, more than 5 attachments, or an unknown channel/category; ``PermissionDenied`` for
    staff channels without the role.
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
    require(permissions.can_submit(actor, channel, pemda))
    subject = rules.clean_text(
        subject, label=_("subject"), minimum=rules.SUBJECT_MIN, maximum=SUBJECT_MAX
    )
    description = rules.clean_text(
        description, label=_("description"), minimum=rules.DESCRIPTION_MIN, maximum=DESCRIPTION_MAX
    )
    identity = rules.clean_identity(identity_mode, name=name, email=email, phone=phone, nik=nik)
    if len(attachments) > rules.MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(n)s files can be attached."),
            code="attachments",
            params={"n": rules.MAX_ATTACHMENTS},
        )
    now = clock.now()
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
        forward_due=sla.forward_deadline(calendar_for(pemda), now, policy_for(pemda)),
    )
    with write(complaint, actor=actor, verb="submit") as c:
        c.full_clean(exclude=["pemda", "organisation", "suggested_organisation", "tracking_code"])
        for _attempt in range(5):
            c.tracking_code = new_tracking_code()
            try:
                with transaction.atomic():
                    c.save()
                break
            except IntegrityError:  # a collision of 59 random bits: draw again
                c.pk = None
        else:  # pragma: no cover - five collisions in a row do not happen
            raise ValidationError(_("Please try again."), code="tracking_code")
        if identity is not None:
            ComplainantIdentity.objects.create(complaint=c, **identity)
        for upload in attachments:
            _attach(c, upload, from_complainant=isinstance(actor, Public))
        event(c, kind=EventKind.STATUS, actor=actor, is_public=True, at=now)
    notify(complaint, "received")
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
    *, actor: Actor, complaint: Complaint, upload: SafeUpload
) -> ComplaintAttachment:
    """Add a checked file to a complaint (the unit holding it or the manager)."""
    c = lock(complaint)
    require(permissions.can_attach(actor, c))
    if c.attachments.count() >= rules.MAX_ATTACHMENTS * 2:
        raise ValidationError(_("This complaint has too many files already."), code="attachments")
    attachment = _attach(c, upload, from_complainant=isinstance(actor, Public))
    audit_record(
        actor=actor,
        action="complaint.attach",
        target=c,
        organisation=c.organisation,
        after={
            "attachment": attachment.public_id,
            "mime": attachment.mime,
            "size": attachment.size,
        },
    )
    return attachment
