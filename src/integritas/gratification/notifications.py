"""E-mails of the gratification app: a report number and an absolute link, never content.

The UPG is told of a new report (and of a completed one); the employee is told of each UPG
step on their report. The e-mail carries neither the giver, the object, the value nor the
reporter's name (issue 12, item 3): only the number and a link to the page behind sign-in
(``core.public_url.absolute_url``). Queued after commit as a django-task.
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
from integritas.gratification.models import GratificationReport

#: Events that go to the UPG; every other event (a UPG step) goes to the reporter.
TO_UPG = frozenset({"submit", "complete"})


def upg_emails(report: GratificationReport) -> list[str]:
    """Active UPG officers of the report's Pemda with an e-mail."""
    rows = RoleMembership.objects.filter(
        role=Role.UPG, organisation_id__in=report.pemda.ancestor_ids(), user__is_active=True
    ).select_related("user")
    return sorted({m.user.email for m in rows if m.user.email and m.user_id != report.reporter_id})


def send_for(report_id: int, what: str) -> None:
    """Send the e-mail of event ``what`` (``submit`` or a workflow action name)."""
    report = (
        GratificationReport.objects.select_related("pemda", "reporter").filter(pk=report_id).first()
    )
    if report is None:
        return
    if what in TO_UPG:
        to = upg_emails(report)
    else:
        to = [report.reporter.email] if report.reporter.email else []
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        link = absolute_url(reverse("gratification:detail", args=[report.public_id]))
        if what in TO_UPG:
            subject = _("Gratification report %(number)s is waiting for the UPG") % {
                "number": report.public_id
            }
        else:
            subject = _("Your gratification report %(number)s has moved on") % {
                "number": report.public_id
            }
        body = _(
            "Gratification report %(number)s has an update.\n\n"
            "Sign in to see it: %(link)s\n\n"
            "This e-mail never carries the report's content."
        ) % {"number": report.public_id, "link": link}
        EmailMessage(subject=subject, body=body, to=to).send(fail_silently=True)


@task()
def notify(report_id: int, what: str) -> None:
    """Send one gratification notification (queued after commit)."""
    send_for(report_id, what)


def notify_after_commit(report: GratificationReport, what: str) -> None:
    """Queue the e-mail for ``what`` once the current transaction commits."""
    report_id = report.pk
    after_commit(lambda: notify.enqueue(report_id=report_id, what=what))
