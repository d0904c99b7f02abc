"""Public portal URLs (Indonesian paths, DESIGN.md "HTTP")."""

from __future__ import annotations

from django.urls import path

from integritas.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
]
