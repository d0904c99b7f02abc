"""Every read of the core app, always given the viewer (HackSoft styleguide)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from integritas.core.calendar import CalendarOverrides, WorkingCalendar
from integritas.core.choices import OverrideKind
from integritas.core.models import (
    AuditEvent,
    Job,
    Organisation,
    RoleMembership,
    User,
    WorkingDayOverride,
)
from integritas.core.permissions import get_visible_or_404, scope_filter, scopes


def organisation_list(*, viewer: User | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations in the viewer's subtrees, tree order, with child counts."""
    return (
        Organisation.objects.filter(scope_filter(viewer, "core.view_organisation", "path"))
        .select_related("parent")
        .annotate(child_count=Count("children"))
        .order_by("path")
    )


def organisation_get(*, viewer: User | AnonymousUser, public_id: str) -> Organisation:
    """One organisation the viewer may see; ``Http404`` otherwise (hidden = absent)."""
    return get_visible_or_404(organisation_list(viewer=viewer), public_id=public_id)


def organisation_children(
    *, viewer: User | AnonymousUser, organisation: Organisation
) -> QuerySet[Organisation]:
    """Direct children of ``organisation`` that the viewer may see."""
    return organisation_list(viewer=viewer).filter(parent=organisation)


def organisation_members(
    *, viewer: User | AnonymousUser, organisation: Organisation
) -> QuerySet[RoleMembership]:
    """Role memberships held directly on ``organisation`` (people with view rights only)."""
    return (
        RoleMembership.objects.filter(organisation=organisation)
        .filter(scope_filter(viewer, "core.view_people", "organisation__path"))
        .select_related("user", "organisation")
        .order_by("role", "user__full_name")
    )


def audit_event_list(*, viewer: User | AnonymousUser) -> QuerySet[AuditEvent]:
    """Audit events about organisations in the viewer's audit scope, newest first.

    Events tied to no organisation (user accounts) are shown only to viewers whose audit
    scope is a whole Pemda tree.
    """
    query = scope_filter(viewer, "core.view_audit", "organisation__path")
    if any(root.depth == 0 for root in scopes(viewer, "core.view_audit")):
        query |= Q(organisation__isnull=True)
    return AuditEvent.objects.filter(query).select_related("actor", "organisation").order_by("-seq")


def pemda_of(organisation: Organisation) -> Organisation:
    """The Pemda (root) of ``organisation``'s tree."""
    root_id = organisation.ancestor_ids()[0]
    if root_id == organisation.pk:
        return organisation
    return Organisation.objects.get(pk=root_id)


def calendar_for(organisation: Organisation) -> WorkingCalendar:
    """The working-day calendar of ``organisation``'s Pemda: national days + its overrides.

    Source: DOMAIN.md §9 (``holidays`` package, pinned, plus the per-Pemda override table).
    """
    pemda = pemda_of(organisation)
    rows = list(WorkingDayOverride.objects.filter(pemda=pemda).values_list("date", "kind"))
    overrides = CalendarOverrides(
        added=frozenset(d for d, k in rows if k == OverrideKind.CLOSURE),
        removed=frozenset(d for d, k in rows if k == OverrideKind.CANCELLED_HOLIDAY),
    )
    return WorkingCalendar(pemda.timezone, overrides)


def user_list(*, viewer: User | AnonymousUser) -> QuerySet[User]:
    """People holding a role in the viewer's people scope."""
    memberships = RoleMembership.objects.filter(
        scope_filter(viewer, "core.view_people", "organisation__path")
    ).values("user_id")
    return (
        User.objects.filter(pk__in=memberships)
        .prefetch_related("memberships__organisation")
        .order_by("full_name")
    )


def person_get(*, viewer: User | AnonymousUser, public_id: str) -> User:
    """One person in the viewer's people scope (or without any role, for administrators).

    A person with no role yet is visible to whoever may manage people anywhere, so a newly
    created account can be given its first role. ``Http404`` otherwise.
    """
    from integritas.core.permissions import has_permission

    visible = user_list(viewer=viewer)
    if has_permission(viewer, "core.manage_people"):
        visible = visible | User.objects.filter(memberships__isnull=True)
    return get_visible_or_404(visible.distinct(), public_id=public_id)


def job_list(*, viewer: User | AnonymousUser) -> QuerySet[Job]:
    """The viewer's own background jobs, newest first (nobody sees another person's job)."""
    if not viewer.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(owner=viewer).select_related("organisation")


def organisation_ancestors(
    *, viewer: User | AnonymousUser, organisation: Organisation
) -> list[tuple[Organisation, bool]]:
    """The organisation's ancestors, root first, each with whether the viewer may open it
    (ancestors outside the viewer's scope are named but not linked: they would 404)."""
    from integritas.core.permissions import has_permission

    return [
        (a, has_permission(viewer, "core.view_organisation", a))
        for a in Organisation.objects.filter(pk__in=organisation.ancestor_ids()).order_by("depth")
    ]


def calendar_overrides(*, pemda: Organisation, year: int) -> QuerySet[WorkingDayOverride]:
    """A Pemda's calendar overrides in ``year`` (public knowledge: decrees)."""
    return WorkingDayOverride.objects.filter(pemda=pemda, date__year=year).order_by("date")
