"""Validators for identifiers used in Indonesian government records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from integritas.core import clock

NIP_LENGTH = 18


def validate_nip(value: str, *, today: dt.date | None = None) -> None:
    """Check a NIP (Nomor Induk Pegawai) of a civil servant.

    Shape (PP 11/2017 on PNS management; BKN NIP format): 18 digits —
    ``YYYYMMDD`` birth date, ``YYYYMM`` appointment (TMT CPNS) month, one digit sex
    (1 male, 2 female), three digits serial number.

    Raises ``ValidationError`` (message in the active language, Indonesian by default) when
    the value is not 18 digits, the birth date is not a real date, the appointment month is
    not a real month, the appointment precedes the birth or lies in the future, or the sex
    digit is not 1 or 2.
    """
    if today is None:
        today = clock.today(None)  # the day in WIB: at most a day apart from any other zone
    if len(value) != NIP_LENGTH or not value.isdigit():
        raise ValidationError(
            _("NIP must be exactly 18 digits (got %(length)d characters)."),
            code="nip_length",
            params={"length": len(value)},
        )
    try:
        birth = dt.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise ValidationError(
            _("NIP digits 1–8 must be a real birth date (YYYYMMDD); %(part)s is not."),
            code="nip_birth_date",
            params={"part": value[0:8]},
        ) from None
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("NIP digits 9–14 must be the appointment year and month (YYYYMM); %(part)s is not."),
            code="nip_appointment",
            params={"part": value[8:14]},
        )
    appointed = dt.date(year, month, 1)
    if appointed <= birth.replace(day=1) or appointed > today:
        raise ValidationError(
            _(
                "The appointment month %(part)s in the NIP must come after the birth date and not lie in the future."
            ),
            code="nip_appointment_order",
            params={"part": value[8:14]},
        )
    if value[14] not in {"1", "2"}:
        raise ValidationError(
            _("NIP digit 15 must be 1 (male) or 2 (female)."),
            code="nip_sex",
        )
