"""Factories for the complaints app: complaints created through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from integritas.complaints import services
from integritas.complaints.choices import Channel, IdentityMode
from integritas.complaints.models import Complaint
from integritas.core.actors import Actor, Public
from integritas.core.models import Organisation, User

SECRET_NAME = "Siti Rahasia Binti Pelapor"
SECRET_EMAIL = "siti.rahasia@contoh.id"
SECRET_PHONE = "+6281234567890"
SECRET_NIK = "3299014107900001"


def make_complaint(
    *,
    identity_mode: str = IdentityMode.TERBUKA,
    subject: str = "Antrean KTP terlalu lama",
    description: str = "Saya menunggu lima jam di kantor tanpa kepastian layanan.",
    name: str = SECRET_NAME,
    email: str = SECRET_EMAIL,
    phone: str = SECRET_PHONE,
    nik: str = "",
    organisation: Organisation | None = None,
    pemda: Organisation | None = None,
    channel: str = Channel.WEB,
    actor: Actor | None = None,
    **extra: Any,
) -> Complaint:
    """A received complaint (public web channel by default)."""
    return services.complaint_submit(
        actor=actor if actor is not None else Public(channel),
        subject=subject,
        description=description,
        identity_mode=identity_mode,
        name=name,
        email=email,
        phone=phone,
        nik=nik,
        organisation=organisation,
        pemda=pemda,
        channel=channel,
        **extra,
    )


def forwarded(complaint: Complaint, *, manager: User, to: Organisation) -> Complaint:
    """Verify and forward ``complaint`` to ``to``."""
    c = services.complaint_verify(actor=manager, complaint=complaint)
    return services.complaint_forward(actor=manager, complaint=c, organisation=to)


def answered(complaint: Complaint, *, manager: User, handler: User, to: Organisation) -> Complaint:
    """Forward and answer ``complaint``."""
    c = forwarded(complaint, manager=manager, to=to)
    return services.complaint_answer(
        actor=handler, complaint=c, message="Sudah kami tindak lanjuti dengan menambah loket."
    )


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An instant given in WIB (UTC+7), as an aware datetime."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=7)))
