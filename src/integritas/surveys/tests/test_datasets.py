"""Published survey results on the portal: only published periods, IKM to 2 decimals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from integritas.conftest import Tree
from integritas.core.actors import System
from integritas.core.datasets import dataset_rows, get_dataset
from integritas.surveys import services
from integritas.surveys.tests.factories import SurveyFactory, add_responses, all_answers


@pytest.mark.django_db
def test_only_published_periods_are_released(tree: Tree) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, [all_answers(4)] * 3 + [all_answers(3)], period="2025-Q3")
    add_responses(survey, [all_answers(2)] * 4, period="2025-Q4", day=None)
    dataset = get_dataset("ikm-per-unit-triwulan")
    assert dataset is not None
    assert dataset_rows(dataset) == []
    services.result_publish(actor=System("test"), survey=survey, period="2025-Q3")
    rows = dataset_rows(dataset)
    assert len(rows) == 1
    unit_id, _unit, _title, _kind, period, respondents, value, mutu, _kinerja = rows[0]
    # every unsur NRR = (3×4 + 3) / 4 = 3.75 → IKM 3.75 × 25 = 93.75, mutu A (PermenPANRB 14/2017)
    assert (unit_id, period, respondents, value, mutu) == (
        tree.mpp.public_id,
        "2025-Q3",
        4,
        Decimal("93.75"),
        "A",
    )


@pytest.mark.django_db
def test_the_unit_page_links_its_open_surveys(tree: Tree) -> None:
    from django.test import Client

    open_survey = SurveyFactory(unit=tree.mpp, title="SKM Perizinan")
    SurveyFactory(unit=tree.mpp, title="SKM Lama", closes_on=dt.date(2024, 12, 31))
    page = Client().get(f"/transparansi/unit/{tree.mpp.public_id}/").content.decode()
    assert f'href="/survei/{open_survey.slug}/"' in page
    assert "Isi survei: SKM Perizinan" in page
    assert "SKM Lama" not in page


@pytest.mark.django_db
def test_citizens_find_open_surveys_and_the_complaint_form_from_any_page(tree: Tree) -> None:
    from django.test import Client

    open_survey = SurveyFactory(unit=tree.mpp, title="SKM Perizinan")
    SurveyFactory(unit=tree.mpp, title="SKM Lama", closes_on=dt.date(2024, 12, 31))
    home = Client().get("/").content.decode()
    assert 'href="/survei/"' in home and 'href="/pengaduan/"' in home
    index = Client().get("/survei/").content.decode()
    assert f'href="/survei/{open_survey.slug}/"' in index
    assert "SKM Lama" not in index
