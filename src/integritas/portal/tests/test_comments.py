"""Observers' comments: who may write them, moderation through its own URLs (issue 6; 9)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from integritas.conftest import Tree
from integritas.core import commentable
from integritas.core import datasets as registry
from integritas.core.actors import Public, System
from integritas.core.commentable import CommentTarget
from integritas.core.datasets import Column, Dataset
from integritas.core.demo import DemoContext
from integritas.core.models import AuditEvent
from integritas.portal import services
from integritas.portal.choices import CommentStatus
from integritas.portal.demo import load_portal
from integritas.portal.models import PublicComment
from integritas.portal.tests.factories import make_comment


@pytest.fixture
def target(monkeypatch: pytest.MonkeyPatch) -> None:
    """A commentable test item, registered for this test only."""
    monkeypatch.setitem(
        commentable._RESOLVERS,
        "test-plan",
        lambda pid: CommentTarget("Rencana uji", "Unit", "Isi") if pid == "plan1234" else None,
    )


def _submit(actor: object, body: str = "Bagus") -> PublicComment:
    return services.comment_submit(
        actor=actor,  # type: ignore[arg-type]  # the tests pass non-actors on purpose
        target_kind="test-plan",
        target_id="plan1234",
        body=body,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("target")
def test_only_an_observer_in_person_comments(tree: Tree) -> None:
    for actor in (Public("web"), System("test"), tree.users["pimpinan"]):
        with pytest.raises(PermissionDenied):
            _submit(actor)
    with pytest.raises(TypeError):
        _submit(None)
    assert not PublicComment.objects.exists()
    comment = _submit(tree.users["pengamat"])
    assert (comment.author, comment.status) == (tree.users["pengamat"], CommentStatus.PENDING)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None and event.action == "comment.submit"
    with pytest.raises(ValidationError) as empty:
        _submit(tree.users["pengamat"], body="   ")
    assert set(empty.value.message_dict) == {"body"}
    with pytest.raises(ValidationError):
        services.comment_submit(
            actor=tree.users["pengamat"], target_kind="test-plan", target_id="nope", body="x"
        )


@pytest.mark.django_db
def test_a_decided_comment_stays_decided(tree: Tree) -> None:
    comment = make_comment(tree.users["pengamat"])
    leader = tree.users["pimpinan"]
    rejected = services.comment_moderate(actor=leader, comment=comment, action="reject", note="x")
    assert (rejected.status, rejected.moderated_by) == (CommentStatus.REJECTED, leader)
    with pytest.raises(ValidationError):
        services.comment_moderate(actor=leader, comment=comment, action="approve")
    with pytest.raises(PermissionDenied):
        services.comment_moderate(
            actor=Public("web"), comment=make_comment(tree.users["pengamat"]), action="approve"
        )


@pytest.mark.django_db
@pytest.mark.usefixtures("target")
def test_moderation_page_offers_one_url_per_decision(tree: Tree) -> None:
    comment = make_comment(tree.users["pengamat"])
    leader = Client()
    leader.force_login(tree.users["pimpinan"])
    page = leader.get("/app/portal/komentar/").content.decode()
    base = f"/app/portal/komentar/{comment.public_id}/aksi/"
    assert f"{base}approve/" in page and f"{base}reject/" in page
    assert leader.post("/app/portal/komentar/", {}).status_code == 405
    assert leader.post(f"{base}teleport/", {}).status_code == 404
    assert leader.get(f"{base}reject/").status_code == 405
    assert leader.post(f"{base}reject/", {"note": "Tidak relevan"}).status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.moderation_note) == (CommentStatus.REJECTED, "Tidak relevan")
    # decided: no longer pending, so no longer found
    assert leader.post(f"{base}approve/", {}).status_code == 404
    assert (
        "Tidak relevan"
        not in Client().get("/transparansi/tanggapan/test-plan/plan1234/").content.decode()
    )


@pytest.mark.django_db
def test_api_lists_pending_comments_for_moderators(tree: Tree) -> None:
    comment = make_comment(tree.users["pengamat"])
    leader = Client()
    leader.force_login(tree.users["pimpinan"])
    rows = leader.get("/api/v1/portal/komentar").json()
    assert [r["public_id"] for r in rows] == [comment.public_id]
    observer = Client()
    observer.force_login(tree.users["pengamat"])
    assert observer.get("/api/v1/portal/komentar").status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("target")
def test_demo_comments_on_a_published_item_once(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        registry._DATASETS,
        "test-commentable",
        Dataset(
            slug="test-commentable",
            title="Uji",
            description="Uji",
            columns=[Column("judul", "Judul"), Column("tanggapan", "Tanggapan", "url")],
            rows=lambda: [["Rencana", "/transparansi/tanggapan/test-plan/plan1234/"]],
            theme="uji",
            source="uji",
        ),
    )
    ctx = DemoContext(
        pemda=tree.pemda,
        users={"pengamat": tree.users["pengamat"], "pimpinan": tree.users["pimpinan"]},
    )
    load_portal(ctx)
    load_portal(ctx)
    statuses = sorted(PublicComment.objects.values_list("status", flat=True))
    assert statuses == [CommentStatus.APPROVED, CommentStatus.PENDING]
    assert {c.target_id for c in PublicComment.objects.all()} == {"plan1234"}
