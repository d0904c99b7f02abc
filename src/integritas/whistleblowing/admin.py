"""Django admin for whistleblowing: nothing with content is registered.

Reports, messages, attachments, grants and keys are deliberately absent: the admin's
audience is wider than the handlers', and even ciphertext sizes are none of its business.
Only the recovery keys' public fingerprints are listed (read-only), so an administrator can
check which printed recovery key is current.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from integritas.whistleblowing.models import RecoveryKey


@admin.register(RecoveryKey)
class RecoveryKeyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic over the model
    list_display = ("pemda", "fingerprint", "active", "created_on")
    fields = ("pemda", "fingerprint", "active", "created_on")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
