"""Whistleblowing (WBS) models (issue 12, items 1–7).

What the database holds in the clear is only what statistics need: category, status,
result, the *date* received, deadlines and sizes. Report text, identity, messages and files
are ciphertexts (``crypto``); the report key exists only sealed to authorised handlers'
public keys, to the Pemda's recovery key and wrapped under the reporter's receipt. No IP
address, user agent or precise time is stored for reporters (dates only).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.models import Organisation, User
from integritas.whistleblowing.choices import (
    Author,
    Category,
    ForwardedTo,
    GrantKind,
    ReportStatus,
)


class HandlerKey(models.Model):
    """A handler's key pair: the private half only wrapped under their password (Argon2id)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="wbs_keys")
    public_key = models.BinaryField(_("public key"))
    wrapped_private_key = models.BinaryField(_("wrapped private key"))
    salt = models.BinaryField()
    opslimit = models.PositiveIntegerField()
    memlimit = models.PositiveBigIntegerField()
    active = models.BooleanField(default=True)
    created_on = models.DateField(_("created on"))

    class Meta:
        verbose_name = _("handler key")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(active=True), name="wbs_one_active_key"
            )
        ]

    def __str__(self) -> str:
        return f"key {self.pk} ({self.user_id})"


class RecoveryKey(models.Model):
    """The Pemda's recovery key: only the public half is here; the private half is offline."""

    pemda = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_key = models.BinaryField(_("public key"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    active = models.BooleanField(default=True)
    created_on = models.DateField(_("created on"))

    class Meta:
        verbose_name = _("recovery key")
        constraints = [
            models.UniqueConstraint(
                fields=["pemda"], condition=models.Q(active=True), name="wbs_one_recovery_key"
            )
        ]

    def __str__(self) -> str:
        return f"recovery {self.fingerprint[:16]}"


class Report(models.Model):
    """One whistleblowing report; its content is ciphertext (see the module docstring)."""

    pemda = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("case number"), max_length=20, unique=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.TRIAGE
    )
    forwarded_to = models.CharField(
        _("forwarded to"), max_length=16, choices=ForwardedTo.choices, blank=True
    )
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("step due on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The receipt: lookup index (HMAC) and Argon2id verifier; the report key wrapped under
    # the receipt's second Argon2id half.
    receipt_index = models.CharField(max_length=64, unique=True)
    receipt_salt = models.BinaryField()
    receipt_verifier = models.BinaryField()
    receipt_opslimit = models.PositiveIntegerField()
    receipt_memlimit = models.PositiveBigIntegerField()
    reporter_key = models.BinaryField()
    content = models.BinaryField(_("encrypted content"))
    identity = models.BinaryField(_("encrypted identity"), null=True, blank=True)
    has_identity = models.BooleanField(_("identity given"), default=False)

    class Meta:
        verbose_name = _("whistleblowing report")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.number

    def aad(self, purpose: str) -> bytes:
        """Associated data binding a ciphertext to this report and its purpose."""
        return f"wbs:{self.number}:{purpose}".encode()


class Grant(models.Model):
    """A report's (or its identity's) key sealed to one handler key or the recovery key."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="grants")
    kind = models.CharField(max_length=16, choices=GrantKind.choices, default=GrantKind.REPORT)
    handler_key = models.ForeignKey(
        HandlerKey, on_delete=models.CASCADE, null=True, blank=True, related_name="grants"
    )
    recovery_key = models.ForeignKey(
        RecoveryKey, on_delete=models.CASCADE, null=True, blank=True, related_name="grants"
    )
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("report key grant")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "handler_key"], name="wbs_grant_once_per_key"
            ),
            models.CheckConstraint(
                condition=models.Q(handler_key__isnull=False, recovery_key__isnull=True)
                | models.Q(handler_key__isnull=True, recovery_key__isnull=False),
                name="wbs_grant_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"grant {self.pk}"


class Message(models.Model):
    """A message between the reporter and the handlers (encrypted; date only)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=16, choices=Author.choices)
    body = models.BinaryField()
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("message")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"message {self.pk}"


class Attachment(models.Model):
    """Evidence: name, type and cleaned bytes in one ciphertext; only its size in the clear."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    public_id = models.CharField(max_length=32, unique=True)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    added_on = models.DateField()

    class Meta:
        verbose_name = _("attachment")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"attachment {self.public_id}"


class Conflict(models.Model):
    """A handler who may not handle nor read a report (named in it, or declared)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    declared_on = models.DateField()

    class Meta:
        verbose_name = _("conflict of interest")
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="wbs_conflict_once")]

    def __str__(self) -> str:
        return f"conflict {self.pk}"


class IdentityDisclosure(models.Model):
    """A WBS manager's recorded approval that one handler may see the reporter's identity.

    GlobaLeaks' custodian model: the approver is another person than the handler, states a
    reason, and the reporter sees on their follow-up page that (and when) it happened.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="disclosures")
    handler = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.BinaryField(_("encrypted reason"))
    approved_on = models.DateField(_("approved on"))

    class Meta:
        verbose_name = _("identity disclosure")
        constraints = [
            models.UniqueConstraint(fields=["report", "handler"], name="wbs_disclosure_once")
        ]

    def __str__(self) -> str:
        return f"disclosure {self.pk}"
