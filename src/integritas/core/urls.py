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
    path(
        "organisasi/<str:public_id>/tambah/",
        views.organisation_add_child,
        name="organisation_add_child",
    ),
    path("organisasi/<str:public_id>/pindah/", views.organisation_move, name="organisation_move"),
    path("pengguna/", views.people_list, name="people_list"),
    path("pengguna/tambah/", views.person_create, name="person_create"),
    path("pengguna/<str:public_id>/", views.person_detail, name="person_detail"),
    path("pengguna/<str:public_id>/peran/", views.role_grant, name="role_grant"),
    path(
        "pengguna/<str:public_id>/peran/<int:membership_id>/hapus/",
        views.role_revoke,
        name="role_revoke",
    ),
    path("audit/", views.audit_list, name="audit_list"),
    path("kalender/", views.calendar_view, name="calendar"),
    path("kalender/tambah/", views.calendar_override_add, name="calendar_override_add"),
    path("keamanan/totp/", views.totp_setup, name="totp_setup"),
    path("tugas/<str:public_id>/", views.job_detail, name="job_detail"),
    path("tugas/<str:public_id>/status", views.job_status, name="job_status"),
    path("tugas/<str:public_id>/unduh/", views.job_download, name="job_download"),
]
