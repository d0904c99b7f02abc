"""LKE figures on the portal: stages for all, TPI scores only once locked (issue 6)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integritas.assessment import services
from integritas.assessment.lke_template import load_template
from integritas.assessment.tests.factories import best_answers, fill_answers, make_assessment
from integritas.conftest import Tree
from integritas.core.actors import System
from integritas.core.datasets import dataset_rows, get_dataset


def _rows(slug: str) -> list[list[object]]:
    dataset = get_dataset(slug)
    assert dataset is not None
    return [list(r) for r in dataset_rows(dataset)]


@pytest.mark.django_db
def test_stage_is_public_scores_only_after_the_lock(tree: Tree) -> None:
    template = load_template()
    tpi = tree.users["tpi"]
    a = make_assessment(tree.mpp, year=2026, holds_wbk=True)  # WBBM also needs WBK held
    assert _rows("zi-tahapan-unit") == [
        [tree.mpp.public_id, tree.mpp.name, 2026, "Membangun (penilaian mandiri)"]
    ]
    fill_answers(a, best_answers(template))
    services.assessment_submit(actor=System("test"), assessment=a)
    assert _rows("lke-nilai") == []  # submitted: the self score is never published
    services.tpi_assign(actor=tpi, assessment=a, user=tpi, is_lead=True)
    services.review_copy_self(actor=tpi, assessment=a)
    services.consolidate_agreeing(actor=tpi, assessment=a)
    services.assessment_lock(actor=tpi, assessment=a)
    assert _rows("zi-tahapan-unit")[0][3] == "Dinilai TPI (terkunci)"
    # best answers everywhere: every component at its weight (PermenPANRB 90/2021: 60 + 40)
    assert _rows("lke-nilai") == [
        [
            tree.mpp.public_id,
            tree.mpp.name,
            2026,
            Decimal("100.00"),
            Decimal("60.00"),
            Decimal("40.00"),
            "ya",
            "ya",
        ],
    ]
    areas = _rows("lke-nilai-area")
    assert len(areas) == 12  # six areas in each half
    # DOMAIN.md §1: Penguatan Pengawasan weighs 7.5 in each half
    assert [r[5] for r in areas if r[4] == "P5 Penguatan Pengawasan"] == [Decimal("7.50")]
    assert all(r[7] == Decimal("100.00") for r in areas)
