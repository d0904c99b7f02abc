"""Staff URLs of the surveys app (under /app/survei/): one action per URL."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from integritas.surveys import views

app_name = "surveys"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.survey_list, name="list"),
    path("baru/", views.survey_create, name="create"),
    path("layanan/", views.service_list, name="services"),
    path("layanan/baru/", views.service_create, name="service_create"),
    path("<str:public_id>/", views.survey_detail, name="detail"),
    path("<str:public_id>/pengaturan/", views.survey_settings, name="settings"),
    path("<str:public_id>/terbitkan/", views.publish, name="publish"),
    path("<str:public_id>/tarik/", views.unpublish, name="unpublish"),
    path("<str:public_id>/impor/", views.import_responses, name="import"),
    path("<str:public_id>/ekspor/", views.export_responses, name="export"),
    path("<str:public_id>/ekspor/xlsx/", views.export_xlsx, name="export_xlsx"),
    path("<str:public_id>/laporan/", views.report_pdf, name="report"),
    path("<str:public_id>/poster/", views.poster, name="poster"),
    path("<str:public_id>/rencana/", views.plan_create, name="plan_create"),
    path(
        "<str:public_id>/rencana/<str:plan_id>/aksi/<str:action>/",
        views.plan_action,
        name="plan_action",
    ),
    path("<str:public_id>/kios/", views.kiosk_create, name="kiosk_create"),
    path(
        "<str:public_id>/kios/<str:kiosk_id>/nonaktif/",
        views.kiosk_deactivate,
        name="kiosk_deactivate",
    ),
]
