"""Django admin: a read-only window on core data for superusers.

Writes go through services (which keep the organisation paths right and write the audit
trail), so the admin offers no add, change or delete on these models.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from integritas.core.models import (
    AuditEvent,
    Organisation,
    RoleMembership,
    User,
    WorkingDayOverride,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # shared by several models
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "level", "is_public_service", "timezone")
    list_filter = ("level", "kind", "is_public_service")
    search_fields = ("code", "name")


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    exclude = ("password",)


@admin.register(RoleMembership)
class RoleMembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "organisation")
    list_filter = ("role",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_label", "action", "target_type", "target_label")
    list_filter = ("action",)


@admin.register(WorkingDayOverride)
class WorkingDayOverrideAdmin(ReadOnlyAdmin):
    list_display = ("pemda", "date", "kind", "reason")
