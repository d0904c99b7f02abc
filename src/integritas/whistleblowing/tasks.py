"""Background jobs of the whistleblowing app (django-tasks).

``reseal_for`` re-seals every report a granting handler holds to a new handler when there are
many (the view does it at once for a few hundred); it needs the granter's private key, so it
is only run by ``integritas manage`` with the key typed at the terminal, never queued with a
key in the job table.
"""

from __future__ import annotations

from django_tasks import task

from integritas.whistleblowing import selectors


@task()
def overdue_count() -> int:
    """How many open reports are past their step's deadline (for the scheduler's log)."""
    return selectors.stats().open_overdue
