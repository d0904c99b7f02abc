"""Staff URLs of the complaints app (under /app/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "complaints"

urlpatterns: list[URLPattern | URLResolver] = []
