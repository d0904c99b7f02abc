"""Choice lists of the gratification app (issue 12, items 8–9; DOMAIN.md §7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportForm(models.TextChoices):
    ACCEPTANCE = "penerimaan", _("Acceptance")
    REFUSAL = "penolakan", _("Refusal")
    GIVING = "pemberian", _("Giving or request")


class Relation(models.TextChoices):
    FAMILY = "keluarga", _("Family")
    SERVICE = "layanan", _("Service user or provider, or party under supervision")
    COLLEAGUE = "rekan", _("Fellow employee")
    UNKNOWN = "tidak_diketahui", _("Unknown")
    OTHER = "lainnya", _("Other")


class Occasion(models.TextChoices):
    """The occasion decides which exemption (if any) applies (DOMAIN.md §7)."""

    CEREMONY = "upacara", _("Wedding, birth, religious or adat ceremony")
    DISASTER = "musibah", _("Disaster or bereavement of the recipient or family")
    COLLEAGUE = "rekan", _("Between colleagues")
    COLLEAGUE_EVENT = "rekan_acara", _("Colleagues: farewell, retirement, promotion, birthday")
    DUTY = "kedinasan", _("Related to duties or office")
    OTHER = "lainnya", _("Other")


class ObjectKind(models.TextChoices):
    MONEY = "uang", _("Money or money equivalent")
    GOODS = "barang", _("Goods")
    FOOD = "makanan", _("Food or drink")
    SERVICE = "jasa", _("Service, travel or accommodation")
    OTHER = "lainnya", _("Other")


class KeptAt(models.TextChoices):
    REPORTER = "pelapor", _("Kept by the reporter")
    UPG = "upg", _("Deposited with the UPG")
    KPK = "kpk", _("Deposited with the KPK")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    INCOMPLETE = "incomplete", _("Completion requested")
    VERIFIED = "verified", _("Verified")
    FORWARDED = "forwarded", _("Forwarded to KPK")
    DECIDED = "decided", _("KPK decided")
    HANDED_OVER = "handed_over", _("Object handed over")
    NOT_PROCESSED = "not_processed", _("Not processed: not completed in time")


class Decision(models.TextChoices):
    STATE = "milik_negara", _("Property of the state")
    RECIPIENT = "milik_penerima", _("Property of the recipient")
