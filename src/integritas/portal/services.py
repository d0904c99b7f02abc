"""Every write of the portal: observers' comments and their moderation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integritas.core.actors import Actor, actor_user
from integritas.core.audit import audited
from integritas.core.commentable import resolve_target
from integritas.core.models import User
from integritas.core.permissions import require
from integritas.portal.models import PublicComment
from integritas.portal.permissions import can_comment
from integritas.portal.workflows import COMMENT

MAX_COMMENT = 2000
COMMENT_FIELDS = ("target_kind", "target_id", "status", "moderation_note")


@transaction.atomic
def comment_submit(*, actor: Actor, target_kind: str, target_id: str, body: str) -> PublicComment:
    """An observer comments on a published item; the comment waits for moderation.

    Raises ``ValidationError`` for an empty or too long comment or an unknown/unpublished
    target, ``PermissionDenied`` for anyone but an observer (a signed-in person).
    """
    require(can_comment(actor))
    assert isinstance(actor, User)  # can_comment holds only for a person
    text = body.strip()
    if not text:
        raise ValidationError({"body": _("Write a comment first.")}, code="comment_empty")
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            {
                "body": ValidationError(
                    _("A comment can be at most %(max)d characters."),
                    code="comment_long",
                    params={"max": MAX_COMMENT},
                )
            }
        )
    if resolve_target(target_kind, target_id) is None:
        raise ValidationError(_("This item cannot take comments."), code="comment_target")
    comment = PublicComment(target_kind=target_kind, target_id=target_id, author=actor, body=text)
    with audited(comment, actor=actor, action="comment.submit", fields=COMMENT_FIELDS):
        pass
    return comment


@transaction.atomic
def comment_moderate(
    *, actor: Actor, comment: PublicComment, action: str, note: str = ""
) -> PublicComment:
    """Publish (``approve``) or ``reject`` a pending comment, once: a decided comment stays
    decided."""
    comment = PublicComment.objects.select_for_update().get(pk=comment.pk)
    with audited(comment, actor=actor, action=COMMENT.audit_action(action), fields=COMMENT_FIELDS):
        COMMENT.transition(comment, action, actor=actor)
        comment.moderated_by = actor_user(actor)
        comment.moderation_note = note.strip()[:300]
    return comment
