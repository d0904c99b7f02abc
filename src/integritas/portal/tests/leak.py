"""Private records with unique markers, for the no-leak crawl (``test_no_leak.py``).

Every app that holds private or unpublished data provides ``integritas.<app>.tests.leak``
with ``plant(tree) -> Planted``: it creates such records carrying marker strings and returns
the markers plus any extra public URLs to crawl (e.g. a tracking page).
"""

from __future__ import annotations

import datetime as dt

from integritas.conftest import Tree
from integritas.core.commentable import CommentTarget, register_commentable
from integritas.core.leakcheck import Planted
from integritas.portal import services
from integritas.portal.models import PublicComment


def plant(tree: Tree) -> Planted:
    """An unpublished and an embargoed LHP, a pending and a rejected observer comment."""
    unpublished = services.audit_report_create(
        actor=None,
        organisation=tree.dinkes,
        number="LEAK-LHP-1",
        date=dt.date(2026, 1, 5),
        title="LEAKMARKER-unpublished-title",
        summary="LEAKMARKER-unpublished-summary",
        recommendations=["LEAKMARKER-unpublished-recommendation"],
    )
    embargoed = services.audit_report_create(
        actor=None,
        organisation=tree.dpmptsp,
        number="LEAK-LHP-2",
        date=dt.date(2026, 1, 6),
        title="LEAKMARKER-embargo-title",
        summary="LEAKMARKER-embargo-summary",
        recommendations=["LEAKMARKER-embargo-recommendation"],
    )
    services.audit_report_publish(actor=None, report=embargoed, public_from=dt.date(2099, 1, 1))
    register_commentable(
        "leak-plan",
        lambda pid: CommentTarget("Rencana", "Unit", "Isi") if pid == "leakplan1" else None,
    )
    pending = services.comment_submit(
        actor=tree.users["pengamat"],
        target_kind="leak-plan",
        target_id="leakplan1",
        body="LEAKMARKER-pending-comment",
    )
    rejected = services.comment_submit(
        actor=tree.users["pengamat"],
        target_kind="leak-plan",
        target_id="leakplan1",
        body="LEAKMARKER-rejected-comment",
    )
    services.comment_moderate(actor=None, comment=rejected, approve=False)
    assert pending.status == PublicComment.objects.get(pk=pending.pk).status
    return Planted(
        markers=[
            "LEAKMARKER-unpublished-title",
            "LEAKMARKER-unpublished-summary",
            "LEAKMARKER-unpublished-recommendation",
            "LEAKMARKER-embargo-title",
            "LEAKMARKER-embargo-summary",
            "LEAKMARKER-embargo-recommendation",
            "LEAKMARKER-pending-comment",
            "LEAKMARKER-rejected-comment",
        ],
        urls=[
            "/transparansi/tanggapan/leak-plan/leakplan1/",
            f"/data/lhp-ringkasan.csv?unit={unpublished.organisation.public_id}",
        ],
        ids={
            "public_id": [unpublished.public_id, embargoed.public_id],
            "kind": ["leak-plan"],
            "target_id": ["leakplan1"],
        },
    )
