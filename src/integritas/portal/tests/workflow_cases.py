"""The portal's comment moderation for the generated state × action × role test."""

from __future__ import annotations

from django.urls import reverse

from integritas.conftest import Tree
from integritas.core.actors import Actor
from integritas.core.testing.workflows import WorkflowCase
from integritas.portal import services
from integritas.portal.models import PublicComment
from integritas.portal.tests.factories import make_comment


def _make(tree: Tree, state: str) -> PublicComment:
    return make_comment(tree.users["pengamat"], state)


def _moderate(action: str, actor: Actor, comment: PublicComment) -> object:
    return services.comment_moderate(actor=actor, comment=comment, action=action, note="ok")


def _url(comment: PublicComment, action: str) -> str:
    return reverse("portal_staff:moderate", args=[comment.public_id, action])


CASES = [
    WorkflowCase(
        workflow="comment",
        make=_make,
        perform=_moderate,
        url=_url,
        form=lambda action: {"note": "ok"},
    ),
]
