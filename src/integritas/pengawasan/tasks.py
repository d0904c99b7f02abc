"""Background jobs of the pengawasan app (django-tasks).

``refresh_public_lhp`` is for the daily scheduler: an embargoed LHP summary becomes public
on its public date without any write, so at the start of the day every worker should drop
the rows it cached the day before. (The datasets also carry the date in their fingerprint,
so a worker that misses the job still refreshes on its next read.)
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from integritas.core.datasets import invalidate
from integritas.pengawasan.services import DATASETS


@task()
def refresh_public_lhp() -> None:
    """Invalidate the LHP and TLHP datasets (the day's embargoed summaries go public)."""
    with transaction.atomic():
        invalidate(*DATASETS)
