"""Pure rules of the complaints app: text checks and limits (no database, no services).

Shared by the services, the forms and the intake helpers, so that none of them imports
another for a helper (issue 9, item 5).
"""

from __future__ import annotations

import re
from typing import Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from integritas.complaints.choices import IdentityMode
from integritas.complaints.models import MESSAGE_MAX

SUBJECT_MIN: Final = 5
DESCRIPTION_MIN: Final = 20
MAX_ATTACHMENTS: Final = 5
RATING_COMMENT_MAX: Final = 1000
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{6,18}[0-9]$")
_NIK = re.compile(r"^[0-9]{16}$")
_LAPOR_ID = re.compile(r"[A-Za-z0-9._/-]+")


def clean_text(value: str, *, label: str, minimum: int, maximum: int) -> str:
    """``value`` stripped; ``ValidationError`` (Indonesian) if empty, too short or too long."""
    text = (value or "").strip().replace("\r\n", "\n")
    if not text:
        raise ValidationError(
            _("Please fill in the %(field)s."), code="required", params={"field": label}
        )
    if len(text) > maximum:
        raise ValidationError(
            _("The %(field)s is too long: at most %(max)s characters (now %(n)s)."),
            code="too_long",
            params={"field": label, "max": maximum, "n": len(text)},
        )
    if len(text) < minimum:
        raise ValidationError(
            _("The %(field)s is too short: at least %(min)s characters."),
            code="too_short",
            params={"field": label, "min": minimum},
        )
    return text


def optional_message(message: str, *, maximum: int = MESSAGE_MAX, label: str = "") -> str:
    """An optional message, stripped; ``ValidationError`` when longer than ``maximum``."""
    message = (message or "").strip()
    if len(message) > maximum:
        raise ValidationError(
            _("The %(field)s is too long: at most %(max)s characters (now %(n)s)."),
            code="too_long",
            params={"field": label or _("message"), "max": maximum, "n": len(message)},
        )
    return message


def required_message(message: str, *, minimum: int = 5) -> str:
    """A required message of ``minimum`` to ``MESSAGE_MAX`` characters."""
    return clean_text(message, label=_("message"), minimum=minimum, maximum=MESSAGE_MAX)


def clean_identity(
    mode: str, *, name: str, email: str, phone: str, nik: str
) -> dict[str, str] | None:
    """The identity fields to store for ``mode``; None for anonymous (nothing is stored)."""
    if mode not in IdentityMode.values:
        raise ValidationError(_("Choose how your identity is handled."), code="identity")
    if mode == IdentityMode.ANONIM:
        return None  # anonymous: whatever was typed is not stored
    clean_name = clean_text(name, label=_("name"), minimum=2, maximum=200)
    email = (email or "").strip()
    phone = (phone or "").strip()
    nik = (nik or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("The e-mail address is not valid."), code="email") from None
    if phone and not _PHONE.match(phone):
        raise ValidationError(
            _("The phone number is not valid (digits, may start with +)."), code="phone"
        )
    if nik and not _NIK.match(nik):
        raise ValidationError(_("The NIK must be 16 digits."), code="nik")
    return {"name": clean_name, "email": email, "phone": phone, "nik": nik}


def clean_lapor_id(value: str) -> str:
    """A SP4N-LAPOR! tracking id: up to 40 letters, digits or ``. _ / -`` (may be empty)."""
    value = (value or "").strip()
    if len(value) > 40 or (value and not _LAPOR_ID.fullmatch(value)):
        raise ValidationError(
            _("A LAPOR! tracking id is up to 40 letters, digits or . _ / -"), code="lapor_id"
        )
    return value


def clean_rating(score: object, comment: str) -> tuple[int, str]:
    """A rating 1–5 and its comment (at most 1000 characters)."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."), code="rating")
    return score, optional_message(comment, maximum=RATING_COMMENT_MAX, label=_("comment"))


def max_upload_bytes() -> int:
    """Per-file upload limit for complaint attachments (setting ``COMPLAINTS_MAX_UPLOAD_BYTES``)."""
    return int(getattr(settings, "COMPLAINTS_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
