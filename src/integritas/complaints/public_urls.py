"""Public URLs of the complaints app (Indonesian paths, no account needed)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from integritas.complaints import views

app_name = "complaints_public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.submit, name="submit"),
    path("terima-kasih/", views.thanks, name="thanks"),
    path("lacak/", views.track, name="track"),
]
