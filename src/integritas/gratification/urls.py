"""Staff URLs of the gratification app (under /app/gratifikasi/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from integritas.gratification import views

app_name = "gratification"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("lapor/", views.new, name="new"),
    path("rekap/", views.recap, name="recap"),
    path("ekspor-kpk/", views.kpk_export, name="kpk_export"),
    path("<str:public_id>/", views.detail, name="detail"),
    path("<str:public_id>/aksi/<str:action>/", views.act, name="act"),
    path("<str:public_id>/dokumen/", views.document_add, name="document_add"),
    path("<str:public_id>/dokumen/<str:document_id>/", views.document, name="document"),
]
