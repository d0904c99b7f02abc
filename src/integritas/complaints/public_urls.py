"""Public URLs of the complaints app (Indonesian paths, no account needed)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "complaints_public"

urlpatterns: list[URLPattern | URLResolver] = []
