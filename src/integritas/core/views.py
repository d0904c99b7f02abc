"""Views of the core app: health check, sign-in, the staff workspace skeleton."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from integritas.core import clock, selectors, services
from integritas.core.calendar import WorkingCalendar
from integritas.core.choices import JobStatus, OrganisationLevel
from integritas.core.dashboard import workspace_links
from integritas.core.forms import (
    MoveForm,
    OrganisationForm,
    OverrideForm,
    RoleGrantForm,
    StaffLoginForm,
    TotpConfirmForm,
    UserCreateForm,
    add_service_errors,
)
from integritas.core.lockout import failures_notice
from integritas.core.models import Job, Organisation, RoleMembership, User
from integritas.core.permissions import (
    get_visible_or_404,
    has_permission,
    memberships,
    public,
    requires,
)
from integritas.core.uploads import attachment_response


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
        previous_sign_in = user.last_login
        notice = failures_notice(user, since=previous_sign_in) if isinstance(user, User) else ""
        auth_login(request, user)
        if notice:
            messages.warning(request, notice)
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
def organisation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One organisation: its children, people and (for admins) create and move forms."""
    org = selectors.organisation_get(viewer=request.user, public_id=public_id)
    return _organisation_page(request, org)


def _organisation_page(
    request: HttpRequest,
    org: Organisation,
    *,
    form: OrganisationForm | None = None,
    move_form: MoveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    return render(
        request,
        "core/organisation_detail.html",
        {
            "org": org,
            "children": selectors.organisation_children(viewer=user, organisation=org),
            "members": selectors.organisation_members(viewer=user, organisation=org),
            "ancestors": selectors.organisation_ancestors(viewer=user, organisation=org),
            "can_manage": has_permission(user, "core.manage_organisation", org),
            "form": form or OrganisationForm(prefix="new"),
            "move_form": move_form or MoveForm(prefix="move"),
        },
        status=status,
    )


@requires("core.manage_organisation")
def organisation_add_child(request: HttpRequest, public_id: str) -> HttpResponse:
    """POST: add a unit under the organisation (administrators)."""
    user = _staff(request)
    org = selectors.organisation_get(viewer=user, public_id=public_id)
    form = OrganisationForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            child = services.organisation_create(actor=user, parent=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": child.name})
            return redirect("core:organisation_detail", public_id=org.public_id)
    return _organisation_page(request, org, form=form)


@requires("core.manage_organisation")
def organisation_move(request: HttpRequest, public_id: str) -> HttpResponse:
    """POST: move the organisation (and its subtree) under another one (administrators)."""
    user = _staff(request)
    org = selectors.organisation_get(viewer=user, public_id=public_id)
    move_form = MoveForm(request.POST or None, prefix="move")
    if request.method == "POST" and move_form.is_valid():
        target = selectors.organisation_get(
            viewer=user, public_id=move_form.cleaned_data["new_parent"]
        )
        try:
            services.organisation_move(actor=user, organisation=org, new_parent=target)
        except ValidationError as exc:
            add_service_errors(move_form, exc)
        else:
            messages.success(request, _("The organisation was moved."))
            return redirect("core:organisation_detail", public_id=org.public_id)
    return _organisation_page(request, org, move_form=move_form)


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@requires("core.view_people")
def people_list(request: HttpRequest) -> HttpResponse:
    """People with roles in the viewer's scope; administrators add people here."""
    return _people_page(request, UserCreateForm())


def _people_page(request: HttpRequest, form: UserCreateForm, status: int = 200) -> HttpResponse:
    user = _staff(request)
    page = Paginator(selectors.user_list(viewer=user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/people_list.html",
        {"page": page, "form": form, "can_manage": has_permission(user, "core.manage_people")},
        status=status,
    )


@requires("core.manage_people")
def person_create(request: HttpRequest) -> HttpResponse:
    """POST: add a person who can sign in (administrators)."""
    user = _staff(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.user_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": created.full_name})
            return redirect("core:person_detail", public_id=created.public_id)
    if request.method != "POST":
        return redirect("core:people_list")
    return _people_page(request, form)


@requires("core.view_people")
def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One person and their roles; administrators grant and revoke roles here."""
    person = selectors.person_get(viewer=request.user, public_id=public_id)
    return _person_page(request, person, RoleGrantForm())


def _person_page(
    request: HttpRequest, person: User, form: RoleGrantForm, status: int = 200
) -> HttpResponse:
    viewer = _staff(request)
    return render(
        request,
        "core/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("organisation").order_by("role"),
            "form": form,
            "can_manage": has_permission(viewer, "core.manage_roles"),
        },
        status=status,
    )


@requires("core.manage_roles")
def role_grant(request: HttpRequest, public_id: str) -> HttpResponse:
    """POST: give the person a role over an organisation's subtree (administrators)."""
    viewer = _staff(request)
    person = selectors.person_get(viewer=viewer, public_id=public_id)
    form = RoleGrantForm(request.POST or None)
    if request.method != "POST":
        return redirect("core:person_detail", public_id=person.public_id)
    if form.is_valid():
        org = selectors.organisation_get(viewer=viewer, public_id=form.cleaned_data["organisation"])
        try:
            services.role_grant(
                actor=viewer, user=person, role=form.cleaned_data["role"], organisation=org
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The role was given."))
            return redirect("core:person_detail", public_id=person.public_id)
    return _person_page(request, person, form)


@requires("core.manage_roles", methods=("POST",))
def role_revoke(request: HttpRequest, public_id: str, membership_id: int) -> HttpResponse:
    """POST: take one of the person's roles away (administrators)."""
    viewer = _staff(request)
    person = selectors.person_get(viewer=viewer, public_id=public_id)
    membership = get_visible_or_404(
        RoleMembership.objects.filter(user=person).select_related("organisation"),
        pk=membership_id,
    )
    services.role_revoke(actor=viewer, membership=membership)
    messages.success(request, _("The role was removed."))
    return redirect("core:person_detail", public_id=person.public_id)


@requires("core.view_audit")
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit trail in the viewer's scope, newest first, paginated."""
    page = Paginator(selectors.audit_event_list(viewer=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "core/audit_list.html", {"page": page})


def _calendar_pemda(user: User) -> Organisation:
    roots = {selectors.pemda_of(m.organisation) for m in memberships(user)}
    return sorted(roots, key=lambda o: o.pk)[0]


@requires("core.view_calendar")
def calendar_view(request: HttpRequest) -> HttpResponse:
    """The Pemda's working-day calendar for a year: national days and local overrides."""
    return _calendar_page(request, OverrideForm())


def _calendar_page(request: HttpRequest, form: OverrideForm, status: int = 200) -> HttpResponse:
    user = _staff(request)
    pemda = _calendar_pemda(user)
    this_year = clock.today(pemda).year
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = this_year
    if not 2000 <= year <= 2100:
        year = this_year
    calendar = selectors.calendar_for(pemda)
    return render(
        request,
        "core/calendar.html",
        {
            "pemda": pemda,
            "year": year,
            "days": calendar_closures_on_weekdays(calendar, year),
            "overrides": selectors.calendar_overrides(pemda=pemda, year=year),
            "can_manage": has_permission(user, "core.manage_calendar", pemda),
            "form": form,
        },
        status=status,
    )


def calendar_closures_on_weekdays(
    calendar: WorkingCalendar, year: int
) -> list[tuple[dt.date, str]]:
    """Weekdays of ``year`` that are not working days, with the reason."""
    days = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        if day.weekday() < 5 and not calendar.is_working_day(day):
            days.append((day, calendar.closure_reason(day) or ""))
        day += dt.timedelta(days=1)
    return days


@requires("core.manage_calendar")
def calendar_override_add(request: HttpRequest) -> HttpResponse:
    """POST: add or change a local closure or cancelled holiday (administrators)."""
    user = _staff(request)
    if request.method != "POST":
        return redirect("core:calendar")
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.calendar_override_set(
                actor=user, pemda=_calendar_pemda(user), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The calendar was updated."))
            return redirect("core:calendar")
    return _calendar_page(request, form)


@requires("core.enrol_totp")
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


def is_pemda(org: Organisation) -> bool:
    """Whether ``org`` is the root of a Pemda tree."""
    return org.level == OrganisationLevel.PEMDA


def _job_text(job: Job) -> str:
    if job.status == JobStatus.QUEUED:
        return _("Waiting for a worker to start the job…")
    if job.status == JobStatus.RUNNING:
        if job.total:
            return _("%(done)s of %(total)s done (%(percent)s%%).") % {
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
            }
        return _("Started…")
    if job.status == JobStatus.DONE:
        return _("Finished: %(done)s of %(total)s.") % {"done": job.done, "total": job.total}
    return _("The job failed.")


@requires("core.view_jobs")
def job_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """``/app/tugas/<id>/``: a job's progress, errors and download (its owner only)."""
    job = get_visible_or_404(selectors.job_list(viewer=request.user), public_id=public_id)
    return render(request, "core/job_detail.html", {"job": job, "progress_text": _job_text(job)})


@requires("core.view_jobs")
def job_status(request: HttpRequest, public_id: str) -> JsonResponse:
    """``/app/tugas/<id>/status``: the progress as JSON for the page's script."""
    job = get_visible_or_404(selectors.job_list(viewer=request.user), public_id=public_id)
    return JsonResponse(
        {
            "status": job.status,
            "done": job.done,
            "total": job.total,
            "finished": job.finished,
            "text": _job_text(job),
        }
    )


@requires("core.view_jobs")
def job_download(request: HttpRequest, public_id: str) -> FileResponse:
    """``/app/tugas/<id>/unduh/``: the job's file, as an attachment, once it is done."""
    job = get_visible_or_404(selectors.job_list(viewer=request.user), public_id=public_id)
    if job.status != JobStatus.DONE or not job.result_file:
        raise Http404
    return attachment_response(job.result_file, filename=job.result_name, mime=job.result_type)
