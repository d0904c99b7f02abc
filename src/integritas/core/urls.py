"""Staff workspace URLs under ``/app/``."""

from __future__ import annotations

from django.urls import path

from integritas.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("masuk/", views.login_view, name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("organisasi/", views.organisation_list, name="organisation_list"),
    path("organisasi/<str:public_id>/", views.organisation_detail, name="organisation_detail"),
    path("pengguna/", views.people_list, name="people_list"),
    path("pengguna/<str:public_id>/", views.person_detail, name="person_detail"),
    path("audit/", views.audit_list, name="audit_list"),
    path("kalender/", views.calendar_view, name="calendar"),
    path("keamanan/totp/", views.totp_setup, name="totp_setup"),
]
