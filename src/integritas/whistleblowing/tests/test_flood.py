"""WBS floods (issue 11, item 2): one sender cannot lock every reporter out, and the source
bucket stays address-free under a key that changes every day."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from integritas.conftest import Tree
from integritas.core.models import RateLimitCounter
from integritas.whistleblowing.models import Report
from integritas.whistleblowing.tests.factories import submit

pytestmark = pytest.mark.django_db


def report_form(what: str) -> dict[str, str]:
    return {"category": "korupsi", "what": what}


@override_settings(
    INTEGRITAS_FLOOD={
        "wbs:submit": {"per_source": 2, "pow_at": 0},
        "wbs:receipt": {"per_source": 3},
    }
)
def test_a_flood_from_one_source_leaves_another_reporter(tree: Tree, client: Client) -> None:
    _report, receipt = submit()
    url = reverse("whistleblowing_public:submit")
    track = reverse("whistleblowing_public:track")
    before = Report.objects.count()
    for i in range(6):
        client.post(url, report_form(f"Laporan banjir {i}"), REMOTE_ADDR="203.0.113.4")
    assert Report.objects.count() == before + 2
    for _ in range(10):
        client.post(track, {"receipt": "1" * 25}, REMOTE_ADDR="203.0.113.4")
    other = Client()
    other.post(url, report_form("Laporan warga lain"), REMOTE_ADDR="198.51.100.8")
    assert Report.objects.count() == before + 3
    opened = other.post(track, {"receipt": receipt}, REMOTE_ADDR="198.51.100.8")
    assert opened.status_code == 200 and "whistleblowing/track_result.html" in [
        t.name for t in opened.templates
    ]
    buckets = " ".join(RateLimitCounter.objects.values_list("bucket", flat=True))
    assert "203.0.113" not in buckets and "198.51.100" not in buckets
