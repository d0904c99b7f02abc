"""Private survey data with markers for the no-leak crawl (portal/tests/test_no_leak.py).

Private: free-text suggestions (they can name people), unpublished improvement plans, kiosk
tokens. Unpublished periods' results must not be served either.
"""

from __future__ import annotations

import datetime as dt

from integritas.conftest import Tree
from integritas.core.actors import Public, System
from integritas.core.leakcheck import Planted
from integritas.surveys import services
from integritas.surveys.tests.factories import SurveyFactory, add_responses, all_answers


def plant(tree: Tree) -> Planted:
    """A survey with responses (one suggestion), an unpublished plan and a kiosk."""
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, [all_answers(3)] * 5, period="2025-Q3")
    services.response_submit(
        actor=Public("web"),
        survey=survey,
        answers=all_answers(2),
        suggestion="LEAKMARKER-suggestion Pak Budi di loket 3 minta uang",
        now=dt.datetime(2025, 8, 4, 3, 0, tzinfo=dt.UTC),
    )
    services.plan_create(
        actor=System("test"),
        survey=survey,
        period="2025-Q3",
        action="LEAKMARKER-unpublished-plan",
        owner="Kepala UPT",
        due_date=dt.date(2025, 12, 31),
    )
    _kiosk, token = services.kiosk_create(
        actor=System("test"), survey=survey, name="Tablet loket 1"
    )
    return Planted(
        markers=["LEAKMARKER-suggestion", "LEAKMARKER-unpublished-plan", token],
        urls=[
            f"/api/v1/surveys/{survey.slug}/results?period=2025-Q3",
            f"/survei/{survey.slug}/",
        ],
        ids={"slug": [survey.slug], "token": ["not-a-token"]},
    )
