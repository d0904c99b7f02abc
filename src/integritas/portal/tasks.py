"""Background jobs of the portal (django-tasks).

``warm_datasets`` is for the scheduler after a deploy or at the start of the day: it builds
every published dataset's rows once, so that the first citizen to open the portal does not
wait for all of them (the home page and ``/transparansi/`` read every dataset).
"""

from __future__ import annotations

from django_tasks import task

from integritas.core.datasets import dataset_rows, datasets


@task()
def warm_datasets() -> int:
    """Build (and cache in this worker) every published dataset; return how many rows."""
    return sum(len(dataset_rows(dataset)) for dataset in datasets())
