"""Choice lists of the whistleblowing app (issue 12, items 1 and 7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What the report is about (issue 12, item 1)."""

    KORUPSI = "korupsi", _("Corruption")
    GRATIFIKASI = "gratifikasi", _("Gratification")
    BENTURAN_KEPENTINGAN = "benturan_kepentingan", _("Conflict of interest")
    PENYALAHGUNAAN_WEWENANG = "penyalahgunaan_wewenang", _("Abuse of authority")
    PELANGGARAN_DISIPLIN = "pelanggaran_disiplin", _("Breach of discipline or code of ethics")
    PENGADAAN = "pengadaan", _("Procurement of goods and services")
    LAINNYA = "lainnya", _("Other")


class ReportStatus(models.TextChoices):
    """Where a report is: triage → investigation → result (issue 12, item 7)."""

    TRIAGE = "triage", _("Triage")
    INVESTIGATION = "investigation", _("Under investigation")
    PROVEN = "proven", _("Proven")
    NOT_PROVEN = "not_proven", _("Not proven")
    FORWARDED = "forwarded", _("Forwarded to APIP/APH")
    REJECTED = "rejected", _("Not followed up")


#: Results that end a report.
FINISHED = frozenset(
    {ReportStatus.PROVEN, ReportStatus.NOT_PROVEN, ReportStatus.FORWARDED, ReportStatus.REJECTED}
)


class ForwardedTo(models.TextChoices):
    """Where a report is forwarded (APIP: the Inspectorate; APH: law enforcement)."""

    INSPEKTORAT = "inspektorat", _("Inspectorate (APIP)")
    KEJAKSAAN = "kejaksaan", _("Public prosecutor (Kejaksaan)")
    POLRES = "polres", _("Police (Polres)")
    KPK = "kpk", _("Corruption Eradication Commission (KPK)")


class Author(models.TextChoices):
    """Who wrote a message."""

    REPORTER = "reporter", _("Reporter")
    HANDLER = "handler", _("Handler")


class GrantKind(models.TextChoices):
    """Which key a grant seals: the report's, or the identity's (custodian model)."""

    REPORT = "report", _("Report")
    IDENTITY = "identity", _("Reporter identity")
