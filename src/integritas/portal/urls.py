"""Public portal URLs (Indonesian paths, DESIGN.md "HTTP")."""

from __future__ import annotations

from django.urls import path, re_path

from integritas.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("transparansi/", views.transparency, name="transparency"),
    path("transparansi/unit/<str:public_id>/", views.unit_page, name="unit"),
    path("transparansi/pengawasan/", views.oversight, name="oversight"),
    path(
        "transparansi/tanggapan/<slug:kind>/<str:target_id>/",
        views.comment_target,
        name="comment_target",
    ),
    path("data/", views.data_index, name="data_index"),
    path("data/katalog.jsonld", views.data_catalogue, name="data_catalogue"),
    re_path(
        r"^data/(?P<slug>[a-z0-9-]+)\.(?P<fmt>csv|json|xlsx)$",
        views.data_download,
        name="data_download",
    ),
    path("data/<slug:slug>/", views.data_detail, name="data_detail"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
