"""Django admin: a read-only window on observers' comments for superusers.

Moderation goes through the service (workflow, audit trail), so the admin changes nothing.
"""

from __future__ import annotations

from django.contrib import admin

from integritas.core.admin import ReadOnlyAdmin
from integritas.portal.models import PublicComment


@admin.register(PublicComment)
class PublicCommentAdmin(ReadOnlyAdmin):
    list_display = ("target_kind", "target_id", "author", "status", "created_at")
    list_filter = ("status", "target_kind")
