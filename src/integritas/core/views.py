"""Views of the core app: health check, sign-in, the staff workspace skeleton."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from integritas.core import selectors, services
from integritas.core.choices import OrganisationLevel
from integritas.core.dashboard import workspace_links
from integritas.core.forms import (
    MoveForm,
    OrganisationForm,
    OverrideForm,
    RoleGrantForm,
    StaffLoginForm,
    TotpConfirmForm,
    UserCreateForm,
)
from integritas.core.models import Organisation, RoleMembership, User, WorkingDayOverride
from integritas.core.permissions import (
    get_visible_or_404,
    has_permission,
    memberships,
    public,
    requires,
)


@public("load balancers and monitoring probe it without credentials; reveals no data")
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """``/healthz``: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public("the sign-in page must be reachable before signing in")
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Staff sign-in: password (argon2) plus TOTP when enrolled; lockout by django-axes."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = StaffLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        if form.otp_device is not None:
            otp_login(request, form.otp_device)
        if isinstance(user, User):
            services.auth_signed_in(user=user, with_totp=form.otp_device is not None)
        if isinstance(user, User) and user.preferred_language:
            request.session["_language"] = user.preferred_language
        return redirect(next_url or "core:dashboard")
    return render(request, "core/login.html", {"form": form, "next": next_url})


@public("signing out only ends the caller's own session")
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session (POST only, CSRF-protected)."""
    auth_logout(request)
    return redirect("portal:home")


@requires("core.use_workspace")
def dashboard(request: HttpRequest) -> HttpResponse:
    """``/app/``: the signed-in person's roles and where to start."""
    user = request.user
    assert isinstance(user, User)
    return render(
        request,
        "core/dashboard.html",
        {
            "memberships": memberships(user),
            "can_audit": has_permission(user, "core.view_audit"),
            "can_people": has_permission(user, "core.view_people"),
            "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "links": workspace_links(user),
        },
    )


@requires("core.view_organisation")
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisation tree the viewer may see."""
    orgs = selectors.organisation_list(viewer=request.user)
    query = request.GET.get("q", "").strip()
    if query:
        orgs = orgs.filter(name__icontains=query) | orgs.filter(code__icontains=query)
    return render(request, "core/organisation_list.html", {"organisations": orgs, "q": query})


@requires("core.view_organisation")
@require_http_methods(["GET", "POST"])
def organisation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One organisation: its children, people and (for admins) create and move forms."""
    org = selectors.organisation_get(viewer=request.user, public_id=public_id)
    user = request.user
    assert isinstance(user, User)
    can_manage = has_permission(user, "core.manage_organisation", org)
    form = OrganisationForm(prefix="new")
    move_form = MoveForm(prefix="move")
    if request.method == "POST":
        if not can_manage:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "create":
                form = OrganisationForm(request.POST, prefix="new")
                if form.is_valid():
                    child = services.organisation_create(
                        actor=user, parent=org, **form.cleaned_data
                    )
                    messages.success(request, _("%(name)s was added.") % {"name": child.name})
                    return redirect("core:organisation_detail", public_id=org.public_id)
            elif action == "move":
                move_form = MoveForm(request.POST, prefix="move")
                if move_form.is_valid():
                    target = selectors.organisation_get(
                        viewer=user, public_id=move_form.cleaned_data["new_parent"]
                    )
                    services.organisation_move(actor=user, organisation=org, new_parent=target)
                    messages.success(request, _("The organisation was moved."))
                    return redirect("core:organisation_detail", public_id=org.public_id)
        except ValidationError as exc:
            target_form = form if action == "create" else move_form
            for message in exc.messages:
                target_form.add_error(None, message)
        except PermissionDenied:
            raise Http404 from None
    return render(
        request,
        "core/organisation_detail.html",
        {
            "org": org,
            "children": selectors.organisation_children(viewer=user, organisation=org),
            "members": selectors.organisation_members(viewer=user, organisation=org),
            # Ancestors outside the viewer's scope are named but not linked (they would 404).
            "ancestors": [
                (a, has_permission(user, "core.view_organisation", a))
                for a in Organisation.objects.filter(pk__in=org.ancestor_ids()).order_by("depth")
            ],
            "can_manage": can_manage,
            "form": form,
            "move_form": move_form,
        },
    )


@requires("core.view_people")
@require_http_methods(["GET", "POST"])
def people_list(request: HttpRequest) -> HttpResponse:
    """People with roles in the viewer's scope; administrators add people here."""
    user = request.user
    assert isinstance(user, User)
    can_manage = has_permission(user, "core.manage_people")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                created = services.user_create(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("%(name)s was added.") % {"name": created.full_name})
                return redirect("core:person_detail", public_id=created.public_id)
    page = Paginator(selectors.user_list(viewer=user), 50).get_page(request.GET.get("page"))
    return render(
        request, "core/people_list.html", {"page": page, "form": form, "can_manage": can_manage}
    )


@requires("core.view_people")
@require_http_methods(["GET", "POST"])
def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One person and their roles; administrators grant and revoke roles here."""
    viewer = request.user
    assert isinstance(viewer, User)
    person = selectors.person_get(viewer=viewer, public_id=public_id)
    can_manage = has_permission(viewer, "core.manage_roles")
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        try:
            if request.POST.get("action") == "revoke":
                membership = get_visible_or_404(
                    RoleMembership.objects.filter(user=person).select_related("organisation"),
                    pk=request.POST.get("membership", ""),
                )
                services.role_revoke(actor=viewer, membership=membership)
                messages.success(request, _("The role was removed."))
                return redirect("core:person_detail", public_id=person.public_id)
            if form.is_valid():
                org = selectors.organisation_get(
                    viewer=viewer, public_id=form.cleaned_data["organisation"]
                )
                services.role_grant(
                    actor=viewer, user=person, role=form.cleaned_data["role"], organisation=org
                )
                messages.success(request, _("The role was given."))
                return redirect("core:person_detail", public_id=person.public_id)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
    return render(
        request,
        "core/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("organisation").order_by("role"),
            "form": form,
            "can_manage": can_manage,
        },
    )


@requires("core.view_audit")
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit trail in the viewer's scope, newest first, paginated."""
    page = Paginator(selectors.audit_event_list(viewer=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "core/audit_list.html", {"page": page})


@requires("core.view_calendar")
@require_http_methods(["GET", "POST"])
def calendar_view(request: HttpRequest) -> HttpResponse:
    """The Pemda's working-day calendar for a year: national days and local overrides."""
    user = request.user
    assert isinstance(user, User)
    roots = {selectors.pemda_of(m.organisation) for m in memberships(user)}
    pemda = sorted(roots, key=lambda o: o.pk)[0]
    can_manage = has_permission(user, "core.manage_calendar", pemda)
    form = OverrideForm()
    if request.method == "POST":
        if not can_manage:
            raise Http404
        form = OverrideForm(request.POST)
        if form.is_valid():
            try:
                services.calendar_override_set(actor=user, pemda=pemda, **form.cleaned_data)
                messages.success(request, _("The calendar was updated."))
                return redirect("core:calendar")
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = timezone.now().year
    if not 2000 <= year <= 2100:
        year = timezone.now().year
    calendar = selectors.calendar_for(pemda)
    days = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        if day.weekday() < 5 and not calendar.is_working_day(day):
            days.append((day, calendar.closure_reason(day) or ""))
        day += dt.timedelta(days=1)
    return render(
        request,
        "core/calendar.html",
        {
            "pemda": pemda,
            "year": year,
            "days": days,
            "overrides": WorkingDayOverride.objects.filter(pemda=pemda, date__year=year),
            "can_manage": can_manage,
            "form": form,
        },
    )


@requires("core.use_workspace")
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (TOTP): show the QR code, confirm with one code."""
    user = request.user
    assert isinstance(user, User)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator"}
    )
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return render(request, "core/totp_setup.html", {"already": True})
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            services.totp_confirm(user=user, device=device)
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is now required when you sign in."))
            return redirect("core:dashboard")
        form.add_error("token", _("That code is not right. Check the time on your phone."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    context: dict[str, Any] = {"form": form, "qr_svg": qr_svg, "device": device}
    return render(request, "core/totp_setup.html", context)


def _add_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def is_pemda(org: Organisation) -> bool:
    """Whether ``org`` is the root of a Pemda tree."""
    return org.level == OrganisationLevel.PEMDA
