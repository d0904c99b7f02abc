"""Factories for the portal: observers' comments (made directly, for any state)."""

from __future__ import annotations

import factory

from integritas.core.models import User
from integritas.portal.choices import CommentStatus
from integritas.portal.models import PublicComment


class PublicCommentFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]  # factory_boy is untyped
    """A comment on an item of ``target_kind``; pass ``author`` (an observer)."""

    class Meta:
        model = PublicComment

    target_kind = "test-plan"
    target_id = "plan1234"
    body = factory.Sequence(lambda n: f"Tanggapan pengamat {n}")
    status = CommentStatus.PENDING


def make_comment(author: User, status: str = CommentStatus.PENDING) -> PublicComment:
    """A comment by ``author`` in moderation ``status``."""
    comment: PublicComment = PublicCommentFactory(author=author, status=status)
    return comment
