"""Private LKE data with markers for the no-leak crawl (portal/tests/test_no_leak.py).

Public: a unit's stage, and TPI scores once locked. Private: answers' notes, TPI notes,
evidence, self-assessment scores, anything of an unlocked assessment.
"""

from __future__ import annotations

from integritas.assessment.lke_template import load_template
from integritas.assessment.models import Answer, Review
from integritas.assessment.tests.factories import (
    best_answers,
    fill_answers,
    fill_reviews,
    make_assessment,
)
from integritas.conftest import Tree
from integritas.core.leakcheck import Planted


def plant(tree: Tree) -> Planted:
    """A draft with noted answers, and an assessment under TPI review with TPI notes."""
    template = load_template()
    draft = make_assessment(tree.mpp, year=2026)
    fill_answers(draft, best_answers(template))
    Answer.objects.filter(assessment=draft).update(note="LEAKMARKER-answer-note")
    reviewed = make_assessment(tree.puskesmas, year=2026)
    fill_answers(reviewed, best_answers(template))
    fill_reviews(reviewed, best_answers(template), reviewer=tree.users["tpi"], consolidated=False)
    Review.objects.filter(assessment=reviewed).update(note="LEAKMARKER-tpi-note")
    return Planted(
        markers=["LEAKMARKER-answer-note", "LEAKMARKER-tpi-note"],
        ids={"public_id": [draft.public_id, reviewed.public_id]},
    )
