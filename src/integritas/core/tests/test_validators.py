"""NIP validation: 18 digits, real birth date, real appointment month (issue 2, item 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from integritas.core.validators import validate_nip

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    "nip",
    [
        "198703152010012015",  # born 15 Mar 1987, appointed Jan 2010, female, no. 015
        "196905121994031004",  # born 12 May 1969, appointed Mar 1994, male
        "200002292024061001",  # born on a leap day
    ],
)
def test_valid_nips(nip: str) -> None:
    validate_nip(nip, today=TODAY)


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19870315201001201", "nip_length"),  # 17 digits
        ("1987031520100120155", "nip_length"),  # 19 digits
        ("19870315201001201A", "nip_length"),  # a letter
        ("198702302010012015", "nip_birth_date"),  # 30 February
        ("199902292024061001", "nip_birth_date"),  # 1999 is not a leap year
        ("198703152010132015", "nip_appointment"),  # month 13
        ("198703152010002015", "nip_appointment"),  # month 00
        ("198703151980012015", "nip_appointment_order"),  # appointed before birth
        ("198703152030012015", "nip_appointment_order"),  # appointed in the future
        ("198703152010013015", "nip_sex"),  # sex digit 3
    ],
)
def test_invalid_nips(nip: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_nip(nip, today=TODAY)
    assert info.value.code == code


def test_message_is_in_indonesian_by_default() -> None:
    with translation.override("id"), pytest.raises(ValidationError) as info:
        validate_nip("198702302010012015", today=TODAY)
    assert "tanggal lahir" in info.value.messages[0]
