"""E-mails to WBS handlers: a case number and an absolute link, never content (issue 12, item 3).

A handler is told of a new report and of a new message from a reporter. The e-mail names the
case number and links to the staff page (``core.public_url.absolute_url``); the category, the
text, the files and anything about the reporter stay behind the handler's key. Queued after
the transaction commits (``core.audit.after_commit``) as a django-task, so a rolled-back
submission sends nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from integritas.core.audit import after_commit
from integritas.core.choices import Role
from integritas.core.models import RoleMembership
from integritas.core.public_url import absolute_url
from integritas.whistleblowing.models import Conflict, Report

EVENTS = ("received", "message")


def handler_emails(report: Report) -> list[str]:
    """Active WBS managers of the report's Pemda with an e-mail, less those conflicted."""
    conflicted = set(Conflict.objects.filter(report=report).values_list("user_id", flat=True))
    rows = RoleMembership.objects.filter(
        role=Role.PENGELOLA_WBS,
        organisation_id__in=report.pemda.ancestor_ids(),
        user__is_active=True,
    ).select_related("user")
    return sorted({m.user.email for m in rows if m.user.email and m.user_id not in conflicted})


def send_for(report_id: int, what: str) -> None:
    """Send the e-mail of event ``what`` (``received`` or ``message``) of one report."""
    report = Report.objects.select_related("pemda").filter(pk=report_id).first()
    if report is None or what not in EVENTS:
        return
    to = handler_emails(report)
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        link = absolute_url(reverse("whistleblowing:detail", args=[report.number]))
        if what == "received":
            subject = _("New whistleblowing report %(number)s") % {"number": report.number}
        else:
            subject = _("New message on whistleblowing report %(number)s") % {
                "number": report.number
            }
        body = _(
            "Whistleblowing report %(number)s needs your attention.\n\n"
            "Open it with your key: %(link)s\n\n"
            "This e-mail never carries the report's content."
        ) % {"number": report.number, "link": link}
        EmailMessage(subject=subject, body=body, to=to).send(fail_silently=True)


@task()
def notify(report_id: int, what: str) -> None:
    """Send one WBS notification (queued after commit by :func:`notify_after_commit`)."""
    send_for(report_id, what)


def notify_after_commit(report: Report, what: str) -> None:
    """Queue the handlers' e-mail for ``what`` once the current transaction commits."""
    report_id = report.pk
    after_commit(lambda: notify.enqueue(report_id=report_id, what=what))
