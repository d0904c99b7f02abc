"""Root URL configuration.

Every view and API operation declares who may use it (``integritas.core.permissions``);
``core/tests/test_url_permissions.py`` walks this whole tree and fails on any that does not.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django_otp.plugins.otp_totp.models import TOTPDevice

from integritas.config.api import api
from integritas.core import views as core_views

# django-otp registers a writable admin for TOTP devices, which would let an administrator read
# or replace other people's second factors without an audit trail: people manage their own.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("app/lke/", include("integritas.assessment.urls")),
    path("app/survei/", include("integritas.surveys.urls")),
    path("app/pengaduan/", include("integritas.complaints.urls")),
    path("app/", include("integritas.pengawasan.urls")),
    path("app/wbs/", include("integritas.whistleblowing.urls")),
    path("app/gratifikasi/", include("integritas.gratification.urls")),
    path("app/", include("integritas.portal.staff_urls")),
    path("app/", include("integritas.core.urls")),
    path("survei/", include("integritas.surveys.public_urls")),
    path("pengaduan/", include("integritas.complaints.public_urls")),
    path("wbs/", include("integritas.whistleblowing.public_urls")),
    path("", include("integritas.portal.urls")),
]
