"""Portal staff URLs (under ``/app/``): LHP summaries, moderation, leaders' dashboard."""

from __future__ import annotations

from django.urls import path

from integritas.portal import views

app_name = "portal_staff"

urlpatterns = [
    path("pimpinan/", views.dashboard, name="dashboard"),
    path("portal/lhp/", views.staff_reports, name="reports"),
    path("portal/lhp/<str:public_id>/", views.staff_report, name="report"),
    path("portal/komentar/", views.moderation, name="moderation"),
    path("portal/tanggapan/", views.comment_submit, name="comment_submit"),
]
