"""Private LHP records with unique markers, for the no-leak crawl (portal/tests/test_no_leak.py)."""

from __future__ import annotations

import datetime as dt

from integritas.conftest import Tree
from integritas.core.leakcheck import Planted
from integritas.pengawasan.choices import LhpStatus
from integritas.pengawasan.tests.factories import make_lhp


def plant(tree: Tree) -> Planted:
    """A draft LHP and an embargoed one (published, public only from 2099)."""
    draft = make_lhp(
        tree.dinkes,
        number="LEAK-LHP-1",
        title="LEAKMARKER-unpublished-title",
        recommendations=["LEAKMARKER-unpublished-recommendation"],
        summary="LEAKMARKER-unpublished-summary",
    )
    embargoed = make_lhp(
        tree.dpmptsp,
        number="LEAK-LHP-2",
        recommendations=["LEAKMARKER-embargo-recommendation"],
        status=LhpStatus.PUBLISHED,
        public_from=dt.date(2099, 1, 1),
        title="LEAKMARKER-embargo-title",
        summary="LEAKMARKER-embargo-summary",
    )
    return Planted(
        markers=[
            "LEAKMARKER-unpublished-title",
            "LEAKMARKER-unpublished-summary",
            "LEAKMARKER-unpublished-recommendation",
            "LEAKMARKER-embargo-title",
            "LEAKMARKER-embargo-summary",
            "LEAKMARKER-embargo-recommendation",
        ],
        urls=[f"/data/lhp-ringkasan.csv?unit={draft.organisation.public_id}"],
        ids={"public_id": [draft.public_id, embargoed.public_id]},
    )
