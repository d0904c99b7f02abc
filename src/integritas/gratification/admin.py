"""Django admin for gratification: read-only list without names or values."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from integritas.gratification.models import GratificationReport


@admin.register(GratificationReport)
class GratificationReportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic over the model
    list_display = ("public_id", "status", "received_on", "exempt", "late")
    fields = ("public_id", "status", "received_on", "exempt", "late")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
