"""Public URLs of the surveys app (Indonesian paths under /survei/, no account needed)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from integritas.surveys import views

app_name = "surveys_public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.survey_index, name="index"),
    path("<str:slug>/", views.answer, name="answer"),
    path("<str:slug>/terima-kasih/", views.thanks, name="thanks"),
    path("<str:slug>/kios/<str:token>/", views.kiosk_answer, name="kiosk"),
    path("<str:slug>/kios/<str:token>/terima-kasih/", views.kiosk_thanks, name="kiosk_thanks"),
]
