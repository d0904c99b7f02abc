"""Choice lists of the portal app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpStatus(models.TextChoices):
    """Follow-up (TLHP) status of an audit recommendation (Inspektorat practice)."""

    NOT_YET = "belum", _("Not yet followed up")
    IN_PROGRESS = "proses", _("In progress")
    DONE = "selesai", _("Done")


class CommentStatus(models.TextChoices):
    """Moderation state of an observer's public comment."""

    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Rejected")
