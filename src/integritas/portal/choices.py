"""Choice lists of the portal app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommentStatus(models.TextChoices):
    """Moderation state of an observer's public comment."""

    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Rejected")
