"""Django admin: a read-only window on LHP summaries and recommendations for superusers.

Writes go through the services (permission, workflow, audit trail), so the admin offers no
add, change or delete.
"""

from __future__ import annotations

from django.contrib import admin

from integritas.core.admin import ReadOnlyAdmin
from integritas.pengawasan.models import Lhp, Rekomendasi


@admin.register(Lhp)
class LhpAdmin(ReadOnlyAdmin):
    list_display = ("number", "date", "title", "organisation", "status", "public_from")
    list_filter = ("status",)
    search_fields = ("number", "title")


@admin.register(Rekomendasi)
class RekomendasiAdmin(ReadOnlyAdmin):
    list_display = ("lhp", "text", "status", "due_date")
    list_filter = ("status",)
