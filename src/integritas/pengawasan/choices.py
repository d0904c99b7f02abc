"""Choice lists of the pengawasan app (the Inspektorat's LHP and TLHP)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LhpStatus(models.TextChoices):
    """Publication stage of an LHP summary: the Inspektorat's draft, then published."""

    DRAFT = "draf", _("Draft")
    PUBLISHED = "terbit", _("Published")


class TlhpStatus(models.TextChoices):
    """Follow-up (TLHP) status of one LHP recommendation (Inspektorat practice)."""

    NOT_YET = "belum", _("Not yet followed up")
    IN_PROGRESS = "proses", _("In progress")
    DONE = "selesai", _("Done")
