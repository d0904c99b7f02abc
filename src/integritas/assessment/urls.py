"""Staff URLs of the assessment app (under /app/lke/); Indonesian paths, random public ids."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from integritas.assessment import views

app_name = "assessment"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.assessment_list, name="list"),
    path("<str:public_id>/", views.assessment_detail, name="detail"),
    path("<str:public_id>/aksi/", views.assessment_action, name="action"),
    path("<str:public_id>/area/<str:area_code>/", views.area_detail, name="area"),
    path("<str:public_id>/bukti/<str:evidence_id>/", views.evidence_download, name="evidence"),
    path("<str:public_id>/tim-penilai/", views.tpi_team, name="tpi"),
    path("<str:public_id>/riwayat/", views.history, name="history"),
    path("<str:public_id>/analisis-kesenjangan/", views.gap_page, name="gap"),
    path("<str:public_id>/impor/", views.import_workbook, name="import"),
    path("<str:public_id>/ekspor/", views.export_workbook, name="export"),
    path("<str:public_id>/laporan/", views.report_pdf, name="report"),
]
