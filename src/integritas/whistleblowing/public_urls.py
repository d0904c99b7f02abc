"""Public URLs of the whistleblowing app (/wbs/; no account)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from integritas.whistleblowing import views

app_name = "whistleblowing_public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.submit, name="submit"),
    path("lacak/", views.track, name="track"),
    path("selesai/", views.leave, name="leave"),
]
