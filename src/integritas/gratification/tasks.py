"""Background jobs of the gratification app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from integritas.core.actors import System
from integritas.gratification.choices import Status
from integritas.gratification.models import GratificationReport


@task()
def count_waiting() -> int:
    """Reports waiting for the UPG's verification (for the scheduler's log)."""
    return GratificationReport.objects.filter(status=Status.SUBMITTED).count()


def sweep_lapsed() -> int:
    """Due-date sweep (``AppDeclaration.sweeps``): close reports not completed in time."""
    from integritas.gratification import services

    return services.sweep_lapsed(actor=System("gratification.sweep_lapsed"))
