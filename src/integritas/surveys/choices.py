"""Choice lists of the surveys app (kinds, periods, channels, respondent profile, plans)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyKind(models.TextChoices):
    """Which instrument a survey uses (DOMAIN.md §2–3)."""

    SKM = "skm", _("Public satisfaction survey (SKM)")
    SPAK = "spak", _("Anti-corruption perception survey (SPAK)")
    SPKP = "spkp", _("Service quality perception survey (SPKP)")


class PeriodScheme(models.TextChoices):
    """How responses are grouped into periods (quarter by default; the LKE rewards four)."""

    QUARTER = "quarter", _("Quarter")
    SEMESTER = "semester", _("Semester")
    YEAR = "year", _("Year")


class Channel(models.TextChoices):
    """How a response arrived."""

    WEB = "web", _("Web form")
    KIOSK = "kiosk", _("Kiosk")
    API = "api", _("API")
    PAPER = "paper", _("Paper or other tool (import)")


class AgeBand(models.TextChoices):
    """Respondent age band (DOMAIN.md §2, respondent profile); never an exact age."""

    UNDER_20 = "u20", _("Under 20")
    A20_29 = "20-29", _("20–29")
    A30_39 = "30-39", _("30–39")
    A40_49 = "40-49", _("40–49")
    A50_59 = "50-59", _("50–59")
    A60_PLUS = "60+", _("60 or older")


class Sex(models.TextChoices):
    """Respondent sex as asked on the standard questionnaire."""

    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Education(models.TextChoices):
    """Highest education (PermenPANRB 14/2017 sample questionnaire)."""

    SD = "sd", _("Primary school (SD) or below")
    SMP = "smp", _("Junior high school (SMP)")
    SMA = "sma", _("Senior high school (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    S1 = "s1", _("Bachelor (D4/S1)")
    S2 = "s2", _("Master (S2) or higher")


class Occupation(models.TextChoices):
    """Main occupation (PermenPANRB 14/2017 sample questionnaire)."""

    ASN = "asn", _("Civil servant (PNS/ASN)")
    TNI_POLRI = "tni_polri", _("Military or police (TNI/Polri)")
    PRIVATE = "swasta", _("Private employee")
    SELF = "wirausaha", _("Self-employed")
    STUDENT = "pelajar", _("Student")
    OTHER = "lainnya", _("Other")


class PlanStatus(models.TextChoices):
    """States of an improvement plan (rencana tindak lanjut); moves in ``workflows.PLAN_WF``."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
