"""Background jobs of the complaints app (django-tasks; the database queue in production).

``notify`` is enqueued by services after commit; ``autoclose_due`` and ``remind_due`` are
run by a scheduler (cron calling ``integritas manage complaints_due``, or a worker).
"""

from __future__ import annotations

from django_tasks import task

from integritas.complaints import notifications, services


@task()
def notify(complaint_id: int, what: str) -> None:
    """Send the e-mails and WhatsApp/SMS messages of one complaint event."""
    notifications.send_for(complaint_id, what)


@task()
def autoclose_due() -> int:
    """Close answered complaints whose no-response period ended (DOMAIN.md §6); return the count."""
    return services.run_due_autocloses()


@task()
def remind_due() -> int:
    """Remind officers of clocks about to end or ended; return how many complaints."""
    return services.send_reminders()
