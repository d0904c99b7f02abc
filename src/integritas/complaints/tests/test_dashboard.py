"""Overdue complaint clocks reach the leaders' dashboard as counts, never content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from integritas.complaints.dashboard import overdue_complaints
from integritas.complaints.tests.factories import make_complaint
from integritas.conftest import Tree


@pytest.mark.django_db
def test_overdue_counts_per_opd_without_content(tree: Tree) -> None:
    complaint = make_complaint(pemda=tree.pemda, subject="Subjek yang tidak boleh tampil")
    assert complaint.forward_due is not None
    later = complaint.forward_due + dt.timedelta(days=1)
    assert (
        overdue_complaints(
            tree.users["pimpinan"], now=complaint.forward_due - dt.timedelta(hours=1)
        )
        == []
    )
    items = overdue_complaints(tree.users["pimpinan"], now=later)
    assert [(i.title, i.unit, i.due) for i in items] == [
        ("1 tenggat pengaduan terlampaui", "Pemerintah Kabupaten Sukamaju", complaint.forward_due)
    ]
    assert all("Subjek" not in i.title for i in items)
    assert overdue_complaints(tree.users["operator_layanan"], now=later) == []


@pytest.mark.django_db
def test_workspace_links_follow_permissions(tree: Tree) -> None:
    client = Client()
    client.force_login(tree.users["pengelola_pengaduan"])
    assert 'href="/app/pengaduan/"' in client.get("/app/").content.decode()
    client.force_login(tree.users["operator_layanan"])
    assert 'href="/app/pengaduan/"' not in client.get("/app/").content.decode()
