"""Portal staff URLs (under ``/app/``): moderation and the leaders' dashboard.

The Inspektorat's LHP pages moved to the pengawasan app (``/app/pengawasan/lhp/``).
"""

from __future__ import annotations

from django.urls import path

from integritas.portal import views

app_name = "portal_staff"

urlpatterns = [
    path("pimpinan/", views.dashboard, name="dashboard"),
    path("portal/komentar/", views.moderation, name="moderation"),
    path(
        "portal/komentar/<str:public_id>/aksi/<slug:action>/",
        views.moderate,
        name="moderate",
    ),
    path("portal/tanggapan/", views.comment_submit, name="comment_submit"),
]
