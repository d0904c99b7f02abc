"""Published complaint statistics: outcomes kept apart, no private data (issue 5/6)."""

from __future__ import annotations

import pytest

from integritas.complaints import services
from integritas.complaints.tests.factories import answered, make_complaint
from integritas.conftest import Tree
from integritas.core.datasets import dataset_rows, get_dataset


@pytest.mark.django_db
def test_yearly_outcomes_never_count_closed_or_rejected_as_resolved(tree: Tree) -> None:
    manager = tree.users["pengelola_pengaduan"]
    handler = tree.users["pengelola_pengaduan"]
    done = make_complaint(pemda=tree.pemda)
    answered(done, manager=manager, handler=handler, to=tree.dpmptsp)
    rejected = make_complaint(pemda=tree.pemda)
    services.complaint_reject(
        actor=manager, complaint=rejected, reason="Bukan pengaduan pelayanan."
    )
    make_complaint(pemda=tree.pemda)  # still open
    dataset = get_dataset("pengaduan-per-tahun")
    assert dataset is not None
    rows = dataset_rows(dataset)
    assert len(rows) == 1
    _year, total, change, resolved, rejected_n, referred, duplicate, still_open = rows[0]
    assert (total, change, resolved, rejected_n, referred, duplicate, still_open) == (
        3,
        None,
        1,
        1,
        0,
        0,
        1,
    )


@pytest.mark.django_db
def test_monthly_rows_belong_to_the_opd_and_refresh_when_data_changes(tree: Tree) -> None:
    manager = tree.users["pengelola_pengaduan"]
    dataset = get_dataset("pengaduan-per-bulan")
    assert dataset is not None
    assert dataset_rows(dataset) == []
    complaint = make_complaint(pemda=tree.pemda)
    services.complaint_verify(actor=manager, complaint=complaint)
    services.complaint_forward(actor=manager, complaint=complaint, organisation=tree.mpp)
    rows = dataset_rows(dataset)  # the cached empty list is replaced: events moved on
    assert [(r[0], r[3]) for r in rows] == [(tree.dpmptsp.public_id, 1)]


@pytest.mark.django_db
def test_published_lke_ratio_equals_the_lke_feed(tree: Tree) -> None:
    from integritas.complaints.selectors import lke_ratio_for

    manager = tree.users["pengelola_pengaduan"]
    done = make_complaint(pemda=tree.pemda)
    answered(done, manager=manager, handler=manager, to=tree.mpp)
    pending = make_complaint(pemda=tree.pemda)
    services.complaint_verify(actor=manager, complaint=pending)
    services.complaint_forward(actor=manager, complaint=pending, organisation=tree.dpmptsp)
    dataset = get_dataset("penanganan-pengaduan-lke")
    assert dataset is not None
    rows = [r for r in dataset_rows(dataset) if r[0] == tree.dpmptsp.public_id]
    assert len(rows) == 1
    _id, _name, year, finished, to_follow, _percent = rows[0]
    assert isinstance(year, int)
    feed_finished, feed_to_follow, _received = lke_ratio_for(tree.dpmptsp, year)
    assert (finished, to_follow) == (feed_finished, feed_to_follow) == (1, 2)
