"""Workflows of the portal app (``core.workflow``): moderation of observers' comments."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.workflow import Workflow, action
from integritas.portal.choices import CommentStatus
from integritas.portal.models import PublicComment
from integritas.portal.permissions import can_moderate_comment

#: A comment waits for a moderator, who publishes or rejects it once; a decided comment
#: stays decided.
COMMENT: Workflow[PublicComment] = Workflow(
    name="comment",
    model=PublicComment,
    states=CommentStatus,
    entity_label=_("comment"),
    actions=[
        action(
            "approve",
            _("Publish"),
            sources=[CommentStatus.PENDING],
            targets=[CommentStatus.APPROVED],
            allowed=can_moderate_comment,
        ),
        action(
            "reject",
            _("Reject"),
            sources=[CommentStatus.PENDING],
            targets=[CommentStatus.REJECTED],
            allowed=can_moderate_comment,
            style="secondary",
        ),
    ],
)
