"""Django admin: a read-only window on survey definitions for superusers.

Writes go through audited services. Responses are deliberately not registered: raw answers
are read through the anonymous export only (no per-row browsing by id).
"""

from __future__ import annotations

from django.contrib import admin

from integritas.core.admin import ReadOnlyAdmin
from integritas.surveys.models import ImprovementPlan, PublishedResult, Service, Survey


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "population", "is_active")
    search_fields = ("name",)


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "unit", "service", "opens_at", "closes_at", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("title",)


@admin.register(PublishedResult)
class PublishedResultAdmin(ReadOnlyAdmin):
    list_display = ("survey", "period", "respondents", "value", "mutu", "published_at")


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(ReadOnlyAdmin):
    list_display = ("survey", "period", "unsur", "owner", "due_date", "status", "published_at")
    list_filter = ("status",)
