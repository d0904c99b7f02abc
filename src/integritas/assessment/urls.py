"""Staff URLs of the assessment app (under /app/lke/); Indonesian paths, random public ids.

Every write has a URL of its own (``…/aksi/kirim/``), declared with a write permission.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from integritas.assessment import views

app_name = "assessment"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.assessment_list, name="list"),
    path("buka/", views.assessment_create, name="create"),
    path("pengaturan/", views.lke_settings, name="settings"),
    path("<str:public_id>/", views.assessment_detail, name="detail"),
    # Workflow steps (names = the actions of workflows.ASSESSMENT).
    path("<str:public_id>/aksi/kirim/", views.assessment_submit, name="submit"),
    path("<str:public_id>/aksi/kunci/", views.assessment_lock, name="lock"),
    path("<str:public_id>/aksi/usulan/", views.assessment_propose, name="propose"),
    path("<str:public_id>/aksi/hasil-tpn/", views.assessment_record_tpn, name="record_tpn"),
    path("<str:public_id>/aksi/cabut/", views.assessment_revoke, name="revoke"),
    path("<str:public_id>/aksi/segarkan/", views.assessment_refresh, name="refresh"),
    path("<str:public_id>/area/<str:area_code>/", views.area_detail, name="area"),
    path("<str:public_id>/area/<str:area_code>/jawab/", views.item_answer, name="answer"),
    path("<str:public_id>/area/<str:area_code>/bukti/", views.item_evidence, name="upload"),
    path("<str:public_id>/area/<str:area_code>/nilai/", views.item_review, name="review"),
    path(
        "<str:public_id>/area/<str:area_code>/konsolidasi/",
        views.item_consolidate,
        name="consolidate",
    ),
    path("<str:public_id>/area/<str:area_code>/ubah/", views.item_override, name="override"),
    path("<str:public_id>/area/<str:area_code>/tanggapan/", views.item_respond, name="respond"),
    path("<str:public_id>/bukti/<str:evidence_id>/", views.evidence_download, name="evidence"),
    path("<str:public_id>/tim-penilai/", views.tpi_team, name="tpi"),
    path("<str:public_id>/tim-penilai/tugaskan/", views.tpi_assign, name="tpi_assign"),
    path("<str:public_id>/tim-penilai/salin/", views.tpi_copy_self, name="tpi_copy_self"),
    path(
        "<str:public_id>/tim-penilai/sepakat/",
        views.tpi_consolidate_agreeing,
        name="tpi_consolidate_agreeing",
    ),
    path("<str:public_id>/riwayat/", views.history, name="history"),
    path("<str:public_id>/analisis-kesenjangan/", views.gap_page, name="gap"),
    path("<str:public_id>/impor/", views.import_workbook, name="import"),
    path("<str:public_id>/ekspor/", views.export_workbook, name="export"),
    path("<str:public_id>/laporan/", views.report_pdf, name="report"),
]
