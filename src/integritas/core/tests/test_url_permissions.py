"""Every view and API operation declares who may use it (issue 2, item 5)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from integritas.conftest import Tree
from integritas.core.permissions import public, requires
from integritas.core.urlcheck import iter_routes, undeclared_routes, writes_under_read_permission


def test_every_url_declares_a_permission() -> None:
    missing = undeclared_routes()
    assert missing == [], "views without a permission declaration:\n" + "\n".join(
        f"  {r.route} -> {r.view}" for r in missing
    )


def test_no_view_accepts_a_write_under_a_read_permission() -> None:
    offenders = writes_under_read_permission()
    assert offenders == [], "views accepting POST under a read permission:\n" + "\n".join(
        f"  {r.route} -> {r.view} ({r.declaration.permission if r.declaration else ''})"
        for r in offenders
    )


def test_the_walk_fails_on_a_post_view_declared_with_a_read_permission() -> None:
    @requires("core.view_organisation", methods=("GET", "POST"))
    def sneaky(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    @requires("core.view_organisation")
    def reader(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    @requires("core.manage_organisation")
    def writer(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    import sys
    import types

    module = types.ModuleType("integritas_test_urls_rw")
    module.urlpatterns = [  # type: ignore[attr-defined]  # a synthetic URLconf module
        path("a/", sneaky),
        path("b/", reader),
        path("c/", writer),
    ]
    sys.modules[module.__name__] = module
    try:
        found = writes_under_read_permission(module.__name__)
    finally:
        del sys.modules[module.__name__]
    assert [r.route for r in found] == ["/a/"]


@pytest.mark.django_db
def test_a_read_view_refuses_post_before_running(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["admin"])
    response = client.post(f"/app/organisasi/{tree.dinkes.public_id}/", {"x": "y"})
    assert response.status_code == 405


def test_the_walk_reaches_views_api_operations_and_admin() -> None:
    routes = list(iter_routes())
    views = {r.view for r in routes}
    assert "integritas.core.views.dashboard" in views
    assert "integritas.portal.views.home" in views
    assert any(
        r.route.startswith("GET /api/v1/") and r.view.endswith(".organisations") for r in routes
    )
    assert any(r.route.startswith("/admin/") for r in routes)


#: Every view open to people without an account, app by app. Adding a public view means
#: adding it here, in review, on purpose.
PUBLIC_VIEWS = {
    "core": [
        "integritas.core.api.health",
        "integritas.core.views.healthz",
        "integritas.core.views.login_view",
        "integritas.core.views.logout_view",
    ],
    "portal": [
        "integritas.portal.views.comment_target",
        "integritas.portal.views.data_catalogue",
        "integritas.portal.views.data_detail",
        "integritas.portal.views.data_download",
        "integritas.portal.views.data_index",
        "integritas.portal.views.home",
        "integritas.portal.views.oversight",
        "integritas.portal.views.sitemap",
        "integritas.portal.views.transparency",
        "integritas.portal.views.unit_page",
    ],
    "assessment": [],
    # LHP summaries reach the public only through the portal's pages and datasets.
    "pengawasan": [],
    "surveys": [
        "integritas.surveys.api.published_results",
        "integritas.surveys.api.submit_response",
        "integritas.surveys.views.answer",
        "integritas.surveys.views.survey_index",
        "integritas.surveys.views.kiosk_answer",
        "integritas.surveys.views.kiosk_thanks",
        "integritas.surveys.views.thanks",
    ],
    "complaints": [
        "integritas.complaints.api.submit_complaint",
        "integritas.complaints.api.track_complaint",
        "integritas.complaints.api.track_complaint_post",
        "integritas.complaints.views.submit",
        "integritas.complaints.views.thanks",
        "integritas.complaints.views.track",
    ],
    "gratification": [],
    "whistleblowing": [
        "integritas.whistleblowing.api.follow_up",
        "integritas.whistleblowing.api.send_message",
        "integritas.whistleblowing.api.submit_report",
        "integritas.whistleblowing.views.leave",
        "integritas.whistleblowing.views.submit",
        "integritas.whistleblowing.views.track",
    ],
}


def test_public_views_are_an_explicit_short_list() -> None:
    public_views = sorted(
        r.view
        for r in iter_routes()
        if r.declaration is not None and r.declaration.kind == "public"
    )
    assert public_views == sorted(v for views in PUBLIC_VIEWS.values() for v in views)
    for route in iter_routes():
        if route.declaration is not None and route.declaration.kind == "public":
            assert route.declaration.reason, route.view


# A deliberately broken URL configuration: the walker must report its undeclared view.
def _undeclared(request: HttpRequest) -> HttpResponse:
    return HttpResponse("oops")


@public("test")
def _declared_public(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@requires("core.use_workspace")
def _declared_private(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("a/", _undeclared, name="a"),
    path("b/", _declared_public, name="b"),
    path("c/", _declared_private, name="c"),
]


def test_the_walker_fails_on_an_undeclared_view() -> None:
    missing = undeclared_routes(__name__)
    assert [r.route for r in missing] == ["/a/"]
