"""Staff URLs of the whistleblowing app (under /app/wbs/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from integritas.whistleblowing import views

app_name = "whistleblowing"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox, name="inbox"),
    path("kunci/", views.key_page, name="keys"),
    path("kunci/rotasi/", views.key_rotate, name="key_rotate"),
    path("kunci/beri-akses/", views.key_grant, name="key_grant"),
    path("statistik/", views.stats, name="stats"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/aksi/<str:action>/", views.act, name="act"),
    path("<str:number>/pesan/", views.message, name="message"),
    path("<str:number>/konflik/", views.conflict, name="conflict"),
    path("<str:number>/identitas/izin/", views.disclose, name="disclose"),
    path("<str:number>/identitas/", views.identity, name="identity"),
    path("<str:number>/lampiran/<str:public_id>/", views.attachment, name="attachment"),
]
