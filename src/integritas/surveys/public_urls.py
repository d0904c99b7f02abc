"""Public URLs of the surveys app (Indonesian paths, no account needed)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "surveys_public"

urlpatterns: list[URLPattern | URLResolver] = []
