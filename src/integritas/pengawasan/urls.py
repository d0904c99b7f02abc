"""Pengawasan staff URLs (under ``/app/``): LHP summaries and their follow-up (TLHP).

The pages lived under ``/app/portal/lhp/`` until issue 9; those addresses redirect here.
"""

from __future__ import annotations

from django.urls import path

from integritas.pengawasan import views

app_name = "pengawasan"

urlpatterns = [
    path("pengawasan/lhp/", views.lhp_list, name="lhp_list"),
    path("pengawasan/lhp/baru/", views.lhp_create, name="lhp_create"),
    path("pengawasan/lhp/<str:public_id>/", views.lhp_detail, name="lhp_detail"),
    path(
        "pengawasan/lhp/<str:public_id>/aksi/<slug:action>/",
        views.lhp_action,
        name="lhp_action",
    ),
    path(
        "pengawasan/rekomendasi/<str:public_id>/aksi/<slug:action>/",
        views.tlhp_action,
        name="tlhp_action",
    ),
    # Former addresses (bookmarks, links in e-mails): redirect, same permission.
    path("portal/lhp/", views.legacy_lhp_list, name="legacy_lhp_list"),
    path("portal/lhp/<str:public_id>/", views.legacy_lhp_detail, name="legacy_lhp_detail"),
]
