"""Messages to complainants and staff: e-mail (Django mail) and a pluggable WhatsApp/SMS sender.

THREAT_MODEL.md boundary 4: messages leave the system, so they carry **only the tracking
code and a link** — never the complaint's text, never an identity, never internal notes.
The WhatsApp/SMS sender is chosen by the dotted path in the setting
``COMPLAINTS_MESSAGE_SENDER`` (default :class:`ConsoleSender`, which prints); a real
gateway implements :class:`MessageSender`. Links are absolute, built from
``INTEGRITAS_PUBLIC_URL`` (``core.public_url.absolute_url``); the tracking link never contains
the code.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from integritas.complaints.models import ComplainantIdentity, Complaint
from integritas.core.choices import Role
from integritas.core.models import RoleMembership, User
from integritas.core.public_url import absolute_url

DEFAULT_SENDER = "integritas.complaints.notifications.ConsoleSender"


class MessageSender(Protocol):
    """A WhatsApp/SMS gateway: deliver ``text`` to phone number ``to``."""

    def send(self, *, to: str, text: str) -> None: ...


class ConsoleSender:
    """Default sender: writes the message to standard output (development, demo)."""

    def send(self, *, to: str, text: str) -> None:
        sys.stdout.write(f"[pesan] ke {to}: {text}\n")


class MemorySender:
    """Keeps messages in :attr:`outbox` (tests)."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, *, to: str, text: str) -> None:
        MemorySender.outbox.append((to, text))


def get_sender() -> MessageSender:
    """The configured WhatsApp/SMS sender (setting ``COMPLAINTS_MESSAGE_SENDER``)."""
    path = getattr(settings, "COMPLAINTS_MESSAGE_SENDER", DEFAULT_SENDER)
    sender: MessageSender = import_string(path)()
    return sender


def tracking_link() -> str:
    """The public tracking page (the code is typed there, never put in the link)."""
    return absolute_url(reverse("complaints_public:track"))


def short_message(tracking_code: str) -> str:
    """The WhatsApp/SMS text: the tracking code and the link, nothing else."""
    return _("Complaint %(code)s has an update. Check it with your code at %(link)s") % {
        "code": tracking_code,
        "link": tracking_link(),
    }


def _send_email(to: list[str], subject: str, template: str, context: Mapping[str, object]) -> None:
    text = render_to_string(f"complaints/email/{template}.txt", context)
    html = render_to_string(f"complaints/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()


def notify_complainant(complaint: Complaint, what: str) -> None:
    """E-mail and WhatsApp/SMS the complainant (when they left a contact) about an update."""
    identity = ComplainantIdentity.objects.filter(complaint=complaint).first()
    if identity is None:
        return  # anonim, or no identity given
    context = {"code": complaint.tracking_code, "link": tracking_link(), "what": what}
    if identity.email:
        _send_email(
            [identity.email],
            _("Your complaint %(code)s") % {"code": complaint.tracking_code},
            "complainant",
            context,
        )
    if identity.phone:
        get_sender().send(to=identity.phone, text=short_message(complaint.tracking_code))


def _staff_for(complaint: Complaint, *, managers_only: bool) -> list[User]:
    """Complaint officers whose scope covers where the complaint is now (or the Pemda)."""
    target = complaint.pemda if managers_only else complaint.organisation
    ids = target.ancestor_ids()
    rows = RoleMembership.objects.filter(
        role=Role.PENGELOLA_PENGADUAN, organisation_id__in=ids, user__is_active=True
    ).select_related("user")
    if not managers_only and complaint.organisation_id != complaint.pemda_id:
        # the OPD's own officers, not the Pemda-wide manager (who sent it there)
        rows = rows.exclude(organisation_id=complaint.pemda_id)
    return sorted({m.user for m in rows if m.user.email}, key=lambda u: u.pk)


def notify_staff(complaint: Complaint, what: str) -> None:
    """E-mail the officers who must act: the manager on receipt, reopen and reminders; the
    unit's officers on disposition. Only a link to the staff page, no content."""
    if what in {"received", "reopened"}:
        people = _staff_for(complaint, managers_only=True)
    elif what in {"forwarded", "reminder"}:
        people = _staff_for(
            complaint,
            managers_only=what == "reminder" and complaint.organisation_id == complaint.pemda_id,
        )
    else:
        return
    if not people:
        return
    link = absolute_url(reverse("complaints:detail", args=[complaint.public_id]))
    _send_email(
        [u.email for u in people],
        _("A complaint needs your action"),
        "staff",
        {"link": link, "what": what},
    )


def send_for(complaint_id: int, what: str) -> None:
    """Send every message due for event ``what`` of complaint ``complaint_id`` (a task body)."""
    complaint = (
        Complaint.objects.select_related("pemda", "organisation").filter(pk=complaint_id).first()
    )
    if complaint is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if what != "reminder":
            notify_complainant(complaint, what)
        notify_staff(complaint, what)


@task()
def notify(complaint_id: int, what: str) -> None:
    """Send the e-mails and WhatsApp/SMS messages of one complaint event (queued after commit).

    Declared here, below the services that queue it, so that ``services`` does not import
    ``tasks`` (which runs the services); ``complaints.tasks`` lists it with the app's other
    jobs.
    """
    send_for(complaint_id, what)
