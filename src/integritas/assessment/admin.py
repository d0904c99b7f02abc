"""Django admin for assessments: read-only (writes go through the audited services)."""

from __future__ import annotations

from django.contrib import admin

from integritas.assessment.models import Assessment, Evidence, LkeSettings, ScoreSnapshot
from integritas.core.admin import ReadOnlyAdmin


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "organisation", "year", "status", "template_id", "tpn_predicate")
    list_filter = ("status", "year", "template_id")
    search_fields = ("organisation__name", "organisation__code", "public_id")
    list_select_related = ("organisation",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "code", "title", "version", "size", "sha256", "uploaded_at")
    search_fields = ("code", "title", "sha256")
    list_select_related = ("assessment__organisation",)


@admin.register(ScoreSnapshot)
class ScoreSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "step", "basis", "total", "wbk_met", "wbbm_met", "at")
    list_filter = ("step", "basis")
    list_select_related = ("assessment__organisation",)


@admin.register(LkeSettings)
class LkeSettingsAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "zero_denominator", "updated_at")
    list_select_related = ("organisation",)
