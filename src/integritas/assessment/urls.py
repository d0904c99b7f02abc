"""Staff URLs of the assessment app (under /app/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "assessment"

urlpatterns: list[URLPattern | URLResolver] = []
