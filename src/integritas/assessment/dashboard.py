"""TPI reviews running late, for the leaders' dashboard.

PermenPANRB 90/2021 sets no deadline for the TPI's review, so the period is local policy:
``INTEGRITAS_TPI_REVIEW_WORKING_DAYS`` working days after submission (default 15, DOMAIN.md §1
"[?] configuration"), counted on the Pemda's working-day calendar.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _

from integritas.assessment.choices import AssessmentStatus
from integritas.assessment.selectors import assessment_list
from integritas.core import clock
from integritas.core.dashboard import OverdueItem
from integritas.core.models import User
from integritas.core.selectors import calendar_for

DEFAULT_TPI_REVIEW_WORKING_DAYS = 15


def review_days() -> int:
    """Working days the TPI has to lock a submitted assessment (local policy)."""
    return int(
        getattr(settings, "INTEGRITAS_TPI_REVIEW_WORKING_DAYS", DEFAULT_TPI_REVIEW_WORKING_DAYS)
    )


def overdue_reviews(
    viewer: User | AnonymousUser, now: dt.datetime | None = None
) -> list[OverdueItem]:
    """Submitted assessments in the viewer's scope not locked within the review period."""
    now = now or clock.now()
    items = []
    days = review_days()
    waiting = assessment_list(viewer=viewer).filter(
        status=AssessmentStatus.SUBMITTED, submitted_at__isnull=False
    )
    for assessment in waiting:
        assert assessment.submitted_at is not None
        due = calendar_for(assessment.organisation).add_working_days(assessment.submitted_at, days)
        if due < now:
            items.append(
                OverdueItem(
                    kind=_("TPI review"),
                    title=_("LKE %(year)d waits for the TPI lock") % {"year": assessment.year},
                    unit=assessment.organisation.name,
                    due=due,
                    url=reverse("assessment:detail", args=[assessment.public_id]),
                )
            )
    return items
