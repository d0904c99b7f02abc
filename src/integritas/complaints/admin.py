"""Django admin for complaints: read-only (writes go through audited services).

Complaints themselves are deliberately not registered (nor their identity table): only the
complaint manager and the responsible OPD may see a complaint, and the admin has its own,
wider audience.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from integritas.complaints.models import ComplaintSettings


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic over the model
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ComplaintSettings)
class ComplaintSettingsAdmin(ReadOnlyAdmin):
    list_display = ("pemda", "forward_days", "answer_days", "autoclose_days", "reopen_days")
