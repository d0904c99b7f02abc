"""Staff URLs of the complaints app (under /app/pengaduan/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from integritas.complaints import views

app_name = "complaints"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox, name="inbox"),
    path("baru/", views.staff_new, name="new"),
    path("teruskan/", views.bulk_forward, name="bulk_forward"),
    path("ekspor/", views.export, name="export"),
    path("ekspor/tugas/", views.export_job, name="export_job"),
    path("statistik/", views.stats, name="stats"),
    path("statistik.json", views.stats_json, name="stats_json"),
    path("pengaturan/", views.settings_view, name="settings"),
    path("<str:public_id>/", views.detail, name="detail"),
    path("<str:public_id>/aksi/<str:name>/", views.action, name="action"),
    path("<str:public_id>/lampiran/<str:attachment_id>/", views.attachment, name="attachment"),
]
