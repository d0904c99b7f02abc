"""Complaints (pengaduan): the complaint, its separate identity, timeline, attachments, settings.

Writes go through :mod:`integritas.complaints.services`; reads through
:mod:`integritas.complaints.selectors`. The complainant's identity lives in its own table
(:class:`ComplainantIdentity`) that no list, export or statistic selector joins; only
``selectors.complaint_identity`` loads it, after checking who is asking (DOMAIN.md §6:
the complainant's identity is confidential).
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.complaints import sla
from integritas.complaints.choices import (
    Category,
    Channel,
    EventKind,
    IdentityMode,
    ReferralAgency,
    Status,
)
from integritas.core.models import Organisation, User, new_public_id

#: Unambiguous alphabet for tracking codes: no 0/O, 1/I/L, no vowels-only confusion (31 symbols).
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: 12 random symbols ≈ 59 bits: not guessable, not sequential. Shown as XXXX-XXXX-XXXX.
TRACKING_LENGTH = 12
SUBJECT_MAX = 200
DESCRIPTION_MAX = 5000
MESSAGE_MAX = 5000


def new_tracking_code() -> str:
    """A random tracking code ``XXXX-XXXX-XXXX`` from :data:`TRACKING_ALPHABET` (``secrets``)."""
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_tracking_code(text: str) -> str | None:
    """Canonical form of a typed code (case, spaces and dashes forgiven), or None if malformed."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) != TRACKING_LENGTH or any(ch not in TRACKING_ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class ComplaintSettings(models.Model):
    """A Pemda's complaint clocks and limits (defaults: DOMAIN.md §6, see :mod:`.sla`)."""

    pemda = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="complaint_settings"
    )
    forward_days = models.PositiveSmallIntegerField(
        _("working days to verify and forward"), default=sla.DEFAULT_FORWARD_DAYS
    )
    answer_days = models.PositiveSmallIntegerField(
        _("working days to follow up and answer"), default=sla.DEFAULT_ANSWER_DAYS
    )
    autoclose_days = models.PositiveSmallIntegerField(
        _("working days before automatic closing"), default=sla.DEFAULT_AUTOCLOSE_DAYS
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("working days in which the complainant may reopen"), default=sla.DEFAULT_REOPEN_DAYS
    )

    class Meta:
        verbose_name = _("complaint settings")
        verbose_name_plural = _("complaint settings")
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=models.Q(forward_days__gte=1, forward_days__lte=60)
                & models.Q(answer_days__gte=1, answer_days__lte=60)
                & models.Q(autoclose_days__gte=1, autoclose_days__lte=60)
                & models.Q(reopen_days__gte=1, reopen_days__lte=60),
                name="complaints_settings_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pemda} · {self.forward_days}/{self.answer_days}/{self.autoclose_days}"

    def policy(self) -> sla.SlaPolicy:
        """These settings as a pure :class:`sla.SlaPolicy`."""
        return sla.SlaPolicy(
            forward_days=self.forward_days,
            answer_days=self.answer_days,
            autoclose_days=self.autoclose_days,
            reopen_days=self.reopen_days,
        )


class Complaint(models.Model):
    """One complaint, from receipt to its finished state of record.

    ``organisation`` is who holds it now: the Pemda (the complaint manager's desk) until it
    is forwarded (disposisi) to an OPD or unit. Deadlines are stored when a clock starts so
    inbox filters and statistics are plain queries.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=new_tracking_code, editable=False
    )
    pemda = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    suggested_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("unit named by the complainant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    identity_mode = models.CharField(_("identity"), max_length=16, choices=IdentityMode.choices)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    lapor_id = models.CharField(_("SP4N-LAPOR! tracking id"), max_length=40, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    referred_to = models.CharField(
        _("referred to"), max_length=16, choices=ReferralAgency.choices, blank=True
    )
    referral_reference = models.CharField(_("referral reference"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="when it reached rejected/duplicate/referred/answered"
    )
    forward_due = models.DateTimeField(null=True, blank=True)
    answer_due = models.DateTimeField(null=True, blank=True)
    autoclose_due = models.DateTimeField(null=True, blank=True)
    reopen_until = models.DateTimeField(null=True, blank=True)
    forward_met = models.BooleanField(null=True, blank=True)
    answer_met = models.BooleanField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("rating comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering: ClassVar[list[str]] = ["-received_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "received_at"], name="complaints_status_idx"),
            models.Index(fields=["pemda", "received_at"], name="complaints_pemda_idx"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=[c.value for c in Status]),
                name="complaints_known_status",
            ),
            models.CheckConstraint(
                condition=models.Q(identity_mode__in=[c.value for c in IdentityMode]),
                name="complaints_known_identity",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=[c.value for c in Channel]),
                name="complaints_known_channel",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.DUPLICATE) | models.Q(duplicate_of__isnull=False),
                name="complaints_duplicate_has_original",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.REFERRED) | ~models.Q(referred_to=""),
                name="complaints_referred_has_agency",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="complaints_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        # Not the tracking code: that is the complainant's capability and this label goes
        # into the audit trail, which administrators and the Inspectorate read.
        return f"complaint {self.public_id}"


class ComplainantIdentity(models.Model):
    """Who complained — kept apart from :class:`Complaint` so no ordinary query loads it.

    Stored for ``terbuka`` and ``rahasia`` complaints, never for ``anonim`` ones. Visible to
    the handling officers for ``terbuka``; only to the complaint manager (holder of
    ``complaints.manage`` over the Pemda) for ``rahasia``; never in exports of ``rahasia``
    complaints, statistics, the tracking page, the API or outside messages.
    """

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="identity")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone / WhatsApp"), max_length=32, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("complainant identity")
        verbose_name_plural = _("complainant identities")

    def __str__(self) -> str:
        return f"identity of {self.complaint_id}"


class ComplaintEvent(models.Model):
    """One entry of a complaint's timeline.

    ``is_public`` entries appear on the tracking page and the API; internal notes never do.
    ``status`` is the complaint's status after the event.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    status = models.CharField(max_length=16, choices=Status.choices)
    message = models.TextField(max_length=MESSAGE_MAX, blank=True)
    is_public = models.BooleanField(default=False)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "pk"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=~models.Q(kind=EventKind.INTERNAL_NOTE) | models.Q(is_public=False),
                name="complaints_note_is_internal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d}"


class ComplaintAttachment(models.Model):
    """A checked, cleaned file (photo or PDF) stored privately; served only as a download."""

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    storage_name = models.CharField(max_length=300)
    original_name = models.CharField(max_length=120)
    mime = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    from_complainant = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
