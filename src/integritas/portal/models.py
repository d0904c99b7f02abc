"""Portal models: observer comments on published items (the LHP moved to ``pengawasan``)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.models import User, new_public_id
from integritas.portal.choices import CommentStatus


class PublicComment(models.Model):
    """An observer's comment on a published item (an improvement plan), shown after moderation.

    ``target_kind`` + ``target_id`` name the item by its public id (e.g.
    ``surveys.improvementplan`` / ``Ab12…``), so any app's published items can take comments
    without a foreign key into that app.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    target_kind = models.CharField(max_length=60)
    target_id = models.CharField(max_length=32)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="public_comments")
    body = models.TextField(_("comment"), max_length=2000)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderation_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=["target_kind", "target_id", "status"], name="portal_comment_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_kind}:{self.target_id} · {self.status}"
