"""Portal API operations: moderators' queue of observers' comments (staff, read-only).

The open data itself is served at ``/data/`` (CSV, JSON, XLSX, DCAT-AP catalogue) for
everyone; this router holds only what staff read.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from integritas.core.api import api_requires
from integritas.core.models import User
from integritas.portal import selectors
from integritas.portal.permissions import MODERATE

router = Router(tags=["portal"])


class PendingCommentOut(Schema):
    public_id: str
    target_kind: str
    target_id: str
    author: str
    body: str
    created_at: dt.datetime


@router.get("/komentar", response=list[PendingCommentOut], auth=django_auth)
@api_requires(MODERATE)
def pending_comments(request: HttpRequest) -> list[dict[str, object]]:
    """Observers' comments waiting for moderation, oldest first."""
    user = request.user
    assert isinstance(user, User)
    return [
        {
            "public_id": c.public_id,
            "target_kind": c.target_kind,
            "target_id": c.target_id,
            "author": c.author.full_name,
            "body": c.body,
            "created_at": c.created_at,
        }
        for c in selectors.pending_comments(viewer=user)
    ]
