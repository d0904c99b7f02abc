"""Choice lists of the complaints app (DOMAIN.md §6: UU 25/2009, Perpres 76/2013, PermenPANRB 62/2018)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """How a complaint reached the Pemda (every channel must be free; DOMAIN.md §6)."""

    WEB = "web", _("Web form")
    API = "api", _("API")
    WALK_IN = "walk_in", _("In person")
    PHONE = "phone", _("Telephone")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    SOCIAL = "social", _("Social media")
    LAPOR = "lapor", _("SP4N-LAPOR!")


#: Channels a staff member records on the complainant's behalf.
STAFF_CHANNELS = (
    Channel.WALK_IN,
    Channel.PHONE,
    Channel.LETTER,
    Channel.EMAIL,
    Channel.SOCIAL,
    Channel.LAPOR,
)


class IdentityMode(models.TextChoices):
    """Who may see the complainant's identity (DOMAIN.md §6: identity is confidential)."""

    TERBUKA = "terbuka", _("Open: the handling officers see my name")
    RAHASIA = "rahasia", _("Confidential: only the complaint manager sees my name")
    ANONIM = "anonim", _("Anonymous: I give no name or contact")


class Status(models.TextChoices):
    """Workflow states; the actions between them are declared in ``complaints.workflows``.

    Finished states of record are kept apart (DOMAIN.md §6): answered/closed (resolved),
    rejected (not a complaint), referred (not the Pemda's authority), duplicate.
    """

    RECEIVED = "received", pgettext_lazy("complaint status", "Received")
    VERIFIED = "verified", pgettext_lazy("complaint status", "Verified")
    REJECTED = "rejected", pgettext_lazy("complaint status", "Rejected (not a complaint)")
    DUPLICATE = "duplicate", pgettext_lazy("complaint status", "Duplicate")
    FORWARDED = "forwarded", pgettext_lazy("complaint status", "Forwarded to the responsible unit")
    FOLLOWED_UP = "followed_up", pgettext_lazy("complaint status", "Being followed up")
    ANSWERED = "answered", pgettext_lazy("complaint status", "Answered")
    CLOSED = "closed", pgettext_lazy("complaint status", "Closed")
    REFERRED = "referred", pgettext_lazy("complaint status", "Referred to another authority")
    REOPENED = "reopened", pgettext_lazy("complaint status", "Reopened by the complainant")


#: States in which the Pemda still owes the complainant something.
OPEN_STATES = frozenset(
    {
        Status.RECEIVED,
        Status.VERIFIED,
        Status.FORWARDED,
        Status.FOLLOWED_UP,
        Status.REOPENED,
    }
)
#: Waiting for disposition (the 3-working-day clock).
TRIAGE_STATES = frozenset({Status.RECEIVED, Status.VERIFIED})
#: At the responsible unit (the 5-working-day clock).
HANDLING_STATES = frozenset({Status.FORWARDED, Status.FOLLOWED_UP, Status.REOPENED})


class Category(models.TextChoices):
    """Subject of the complaint (for statistics; the manager may correct it)."""

    SERVICE = "service", _("Public service quality")
    LICENSING = "licensing", _("Permits and licensing")
    POPULATION = "population", _("Population records")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    INFRASTRUCTURE = "infrastructure", _("Roads and infrastructure")
    ENVIRONMENT = "environment", _("Environment and waste")
    SOCIAL = "social", _("Social assistance")
    ORDER = "order", _("Public order")
    CONDUCT = "conduct", _("Conduct of officials")
    LEVY = "levy", _("Illegal levies (pungli)")
    OTHER = "other", _("Other")


class ReferralAgency(models.TextChoices):
    """Where a complaint goes when it is not the Pemda's authority."""

    OMBUDSMAN = "ombudsman", _("Ombudsman RI")
    KEJAKSAAN = "kejaksaan", _("Prosecutor's office (Kejaksaan)")
    POLRES = "polres", _("Police (Polres)")
    KPK = "kpk", _("Corruption Eradication Commission (KPK)")
    VERTICAL = "vertical", _("Vertical agency (central government office)")
    OTHER = "other", _("Other institution")


class EventKind(models.TextChoices):
    """Kinds of timeline entries."""

    STATUS = "status", _("Status change")
    PUBLIC_REPLY = "public_reply", _("Reply to the complainant")
    INTERNAL_NOTE = "internal_note", _("Internal note")
    COMPLAINANT_REPLY = "complainant_reply", _("Complainant's reply")
    RATING = "rating", _("Rating")
    REMINDER = "reminder", _("Reminder")


class SlaState(models.TextChoices):
    """Where a complaint stands against its current working-day clock."""

    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due within a working day")
    OVERDUE = "overdue", _("Overdue")
    NONE = "none", _("No clock running")
