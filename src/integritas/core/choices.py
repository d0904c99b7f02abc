"""Choice lists of the core app (organisations, roles, time zones, calendar overrides)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """What an organisation is in the Pemda's structure (Perda SOTK naming)."""

    PEMDA = "pemda", _("Local government (Pemda)")
    SEKRETARIAT = "sekretariat", _("Secretariat")
    INSPEKTORAT = "inspektorat", _("Inspectorate")
    DINAS = "dinas", _("Agency (dinas)")
    BADAN = "badan", _("Board (badan)")
    KANTOR = "kantor", _("Office (kantor)")
    SATPOL = "satpol", _("Civil service police (Satpol PP)")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
    RSUD = "rsud", _("Regional hospital (RSUD)")
    PUSKESMAS = "puskesmas", _("Community health centre (puskesmas)")
    UPT = "upt", _("Technical implementation unit (UPT)")
    BIDANG = "bidang", _("Division (bidang/bagian)")
    SEKOLAH = "sekolah", _("School")
    UNIT = "unit", _("Work unit (unit kerja)")


class OrganisationLevel(models.TextChoices):
    """Level in the tree Pemda → perangkat daerah (OPD) → unit kerja."""

    PEMDA = "pemda", _("Local government")
    PERANGKAT_DAERAH = "perangkat_daerah", _("Regional apparatus (OPD)")
    UNIT_KERJA = "unit_kerja", _("Work unit")


class TimeZoneName(models.TextChoices):
    """Indonesia's three time zones (DOMAIN.md §9)."""

    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta, UTC+7)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar, UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura, UTC+9)")


class Role(models.TextChoices):
    """Roles a person can hold over an organisation subtree (issue 2, item 5)."""

    ADMIN = "admin", _("Administrator")
    PIMPINAN = "pimpinan", _("Leader (pimpinan)")
    TIM_ZI = "tim_zi", _("Integrity zone team (Tim ZI)")
    TPI = "tpi", _("Internal assessment team (TPI)")
    PENGELOLA_PENGADUAN = "pengelola_pengaduan", _("Complaint manager")
    PENGELOLA_WBS = "pengelola_wbs", _("Whistleblowing manager")
    UPG = "upg", _("Gratification control unit (UPG)")
    PENGELOLA_SURVEI = "pengelola_survei", _("Survey manager")
    PERENCANA = "perencana", _("Planner (perencana)")
    KEPEGAWAIAN = "kepegawaian", _("Human resources (kepegawaian)")
    OPERATOR_LAYANAN = "operator_layanan", _("Service counter operator")
    PENGAMAT = "pengamat", _("Independent observer (read only)")


class OverrideKind(models.TextChoices):
    """An edit of the national working-day calendar for one Pemda (DOMAIN.md §9)."""

    CLOSURE = "closure", _("Extra closure (not a working day)")
    CANCELLED_HOLIDAY = "cancelled_holiday", _("Cancelled holiday (a working day)")


class JobStatus(models.TextChoices):
    """Where a background job is (issue 9, item 9)."""

    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")
