"""Background jobs of the complaints app (django-tasks; the database queue in production).

``notify`` (declared in ``notifications``, next to what it sends) is queued by the services
after commit; ``autoclose_due`` and ``remind_due`` are the scheduled sweeps (cron calling
``integritas manage complaints_due``, or a worker): they act as the platform,
``System("…")``, through the same services as people do. ``export_complaints`` is the
``complaints.export`` job (the inbox export, CSV or XLSX, with a progress page).
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from integritas.complaints import selectors, services
from integritas.complaints.models import Complaint
from integritas.complaints.notifications import notify
from integritas.core import clock
from integritas.core.actors import System

__all__ = ["autoclose_due", "notify", "remind_due", "run_due_autocloses", "send_reminders"]


def run_due_autocloses(*, now: dt.datetime | None = None) -> int:
    """Close every answered complaint whose no-response period ended; return how many."""
    now = now or clock.now()
    actor = System("complaints.autoclose")
    closed = 0
    for pk in selectors.due_autocloses(now=now):
        if services.complaint_autoclose(actor=actor, complaint=Complaint(pk=pk), now=now):
            closed += 1
    return closed


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the holders of complaints whose clock ends within a working day or has ended.

    At most one reminder per complaint per local day; returns how many complaints were
    reminded about.
    """
    now = now or clock.now()
    actor = System("complaints.remind")
    return sum(
        services.complaint_remind(actor=actor, complaint=c, now=now)
        for c in selectors.reminder_candidates(now=now)
    )


@task()
def autoclose_due() -> int:
    """Close answered complaints whose no-response period ended (DOMAIN.md §6); return the count."""
    return run_due_autocloses()


@task()
def remind_due() -> int:
    """Remind officers of clocks about to end or ended; return how many complaints."""
    return send_reminders()
