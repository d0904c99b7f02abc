"""Private records with unique markers, for the no-leak crawl (``test_no_leak.py``).

Every app that holds private or unpublished data provides ``integritas.<app>.tests.leak``
with ``plant(tree) -> Planted``: it creates such records carrying marker strings and returns
the markers plus any extra public URLs to crawl (e.g. a tracking page). The portal's own:
observers' comments that are pending or rejected (the LHP are planted by ``pengawasan``).
"""

from __future__ import annotations

from integritas.conftest import Tree
from integritas.core.actors import System
from integritas.core.commentable import CommentTarget, register_commentable
from integritas.core.leakcheck import Planted
from integritas.portal import services
from integritas.portal.choices import CommentStatus


def plant(tree: Tree) -> Planted:
    """A pending and a rejected observer comment on a published item."""
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
    services.comment_moderate(actor=System("test"), comment=rejected, action="reject")
    assert pending.status == CommentStatus.PENDING
    return Planted(
        markers=["LEAKMARKER-pending-comment", "LEAKMARKER-rejected-comment"],
        urls=["/transparansi/tanggapan/leak-plan/leakplan1/"],
        ids={"kind": ["leak-plan"], "target_id": ["leakplan1"]},
    )
