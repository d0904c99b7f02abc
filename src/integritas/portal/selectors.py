"""Every read of the portal, always given the viewer.

The Inspektorat's LHP and TLHP come from ``integritas.pengawasan.selectors``; the portal
only presents them.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from integritas.core.choices import OrganisationLevel
from integritas.core.models import Organisation, User
from integritas.portal.choices import CommentStatus
from integritas.portal.models import PublicComment
from integritas.portal.permissions import can_moderate

Viewer = User | AnonymousUser


def public_units() -> QuerySet[Organisation]:
    """Perangkat daerah and unit kerja shown on the portal (active ones)."""
    return Organisation.objects.filter(
        is_active=True,
        level__in=[OrganisationLevel.PERANGKAT_DAERAH, OrganisationLevel.UNIT_KERJA],
    ).select_related("parent")


def opd_units() -> QuerySet[Organisation]:
    """The perangkat daerah (OPD) shown on the portal, by name."""
    return public_units().filter(level=OrganisationLevel.PERANGKAT_DAERAH).order_by("name")


def find_units(query: str) -> QuerySet[Organisation]:
    """Public units whose name or short name contains ``query`` (all when empty), by name."""
    units = public_units().order_by("name")
    if query:
        units = units.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    return units


def child_units(unit: Organisation) -> QuerySet[Organisation]:
    """The public units directly under ``unit``, by name."""
    return public_units().filter(parent=unit).order_by("name")


def the_pemda() -> Organisation | None:
    """The installation's (first active) Pemda, named on the portal."""
    return (
        Organisation.objects.filter(level=OrganisationLevel.PEMDA, is_active=True)
        .order_by("pk")
        .first()
    )


def approved_comments(kind: str, target_id: str) -> QuerySet[PublicComment]:
    """Published comments on an item, oldest first."""
    return PublicComment.objects.filter(
        target_kind=kind, target_id=target_id, status=CommentStatus.APPROVED
    ).select_related("author")


def pending_comments(*, viewer: Viewer) -> QuerySet[PublicComment]:
    """Comments awaiting moderation (moderators only)."""
    if not isinstance(viewer, User) or not can_moderate(viewer):
        return PublicComment.objects.none()
    return PublicComment.objects.filter(status=CommentStatus.PENDING).select_related("author")
