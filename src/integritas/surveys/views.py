"""Views of the surveys app: the public answer sheet (``/survei/``) and the staff pages
(``/app/survei/``).

Views parse input, call one service or selector, and render; the rules live in services,
the figures in ``reports``/``ikm``. One action per URL; a view that accepts POST is declared
with a write permission; a service's refusal re-renders the page with the errors beside the
fields (``core.forms.add_service_errors``). Long work (the import, the XLSX export, the PDF
report) starts a job and sends the person to its progress page.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integritas.core import clock, ratelimit
from integritas.core.actors import Public
from integritas.core.exports import csv_response
from integritas.core.forms import add_service_errors
from integritas.core.idempotency import IdempotencyConflict
from integritas.core.jobs import job_start
from integritas.core.models import User
from integritas.core.permissions import public, requires
from integritas.core.selectors import calendar_for
from integritas.surveys import reports, selectors, services, tasks
from integritas.surveys.choices import Channel
from integritas.surveys.forms import (
    KEY_FIELD,
    ImportForm,
    KioskForm,
    PlanForm,
    ResponseForm,
    ServiceCreateForm,
    SurveyCreateForm,
    SurveySettingsForm,
    new_form_key,
)
from integritas.surveys.instruments import (
    PeriodError,
    parse_period,
    period_label,
    period_of,
    periods_between,
)
from integritas.surveys.models import KioskDevice, Survey
from integritas.surveys.permissions import can_export, can_manage, can_view_unpublished
from integritas.surveys.workflows import PLAN_WF


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# ---------------------------------------------------------------------------------------------
# Public: answering
# ---------------------------------------------------------------------------------------------


def _answer(request: HttpRequest, survey: Survey, kiosk: KioskDevice | None) -> HttpResponse:
    now = clock.now()
    state = services.survey_window_state(survey, now)
    questions = selectors.survey_questions(survey)
    form_kwargs: dict[str, Any] = {
        "questions": questions,
        "services": selectors.survey_services(survey),
    }
    status = 200
    pow_challenge = ""
    if request.method == "POST" and state == "open":
        form = ResponseForm(request.POST, **form_kwargs)
        if form.is_valid():
            actor = Public(Channel.KIOSK if kiosk is not None else Channel.WEB)
            try:
                services.clean_response(  # only a valid answer sheet counts (issue 11)
                    survey,
                    answers=form.answers(),
                    profile=form.profile(),
                    suggestion=form.cleaned_data["suggestion"],
                )
                services.check_rate(
                    survey,
                    channel=actor.channel,
                    kiosk=kiosk,
                    source=ratelimit.source_of(request),
                    token=request.POST.get("pow_token", ""),
                )
                services.response_submit_once(
                    actor=actor,
                    survey=survey,
                    key=form.cleaned_data[KEY_FIELD],
                    answers=form.answers(),
                    profile=form.profile(),
                    suggestion=form.cleaned_data["suggestion"],
                    now=now,
                )
            except services.SurveyClosed:
                state = "closed"
            except services.RateLimited as refused:
                pow_challenge = refused.challenge
                if not pow_challenge:
                    form.add_error(
                        None,
                        _(
                            "Too many answers were sent from here in the last hour. Please try again later."
                        ),
                    )
                status = 429
            except IdempotencyConflict:
                form.add_error(None, _("This form was already sent. Please open a fresh form."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if kiosk is not None:
                    return redirect(
                        "surveys_public:kiosk_thanks",
                        slug=survey.slug,
                        token=request_token(request),
                    )
                return redirect("surveys_public:thanks", slug=survey.slug)
        else:
            status = 400
    else:
        form = ResponseForm(initial={KEY_FIELD: new_form_key()}, **form_kwargs)
    response = render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "form": form,
            "state": state,
            "kiosk": kiosk,
            **(
                {}
                if kiosk is not None or state != "open"
                else ratelimit.pow_context(
                    services.survey_flood(survey, channel=Channel.WEB), pow_challenge
                )
            ),
            "closes_local": (
                survey.closes_at.astimezone(calendar_for(survey.unit).zone)
                if survey.closes_at
                else None
            ),
        },
        status=status if state == "open" else 200,
    )
    if request.method == "POST":
        # The page echoes what was typed (the suggestion): never keep it in any cache.
        response.personal_data = True  # type: ignore[attr-defined]  # read by PrivacyHeadersMiddleware
    else:
        # A fresh form carries its own one-time key: no shared cache may hand it to another
        # visitor, but the browser may keep it, so that "back, then send again" resends the
        # same key and is recognised as a replay (DESIGN.md: idempotent submissions).
        patch_cache_control(response, private=True, max_age=0)
    return response


def request_token(request: HttpRequest) -> str:
    """The kiosk token of the current URL."""
    match = request.resolver_match
    return str(match.kwargs.get("token", "")) if match else ""


@public("citizens answer the survey without an account; stores only anonymous answers")
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    """``/survei/<slug>/``: the answer sheet (GET) and its submission (POST, idempotent)."""
    return _answer(request, selectors.public_survey(slug), None)


@public("the thank-you page after answering; shows no data")
@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    """``/survei/<slug>/terima-kasih/``."""
    survey = selectors.public_survey(slug)
    return render(request, "surveys/thanks.html", {"survey": survey, "kiosk": None})


@public("kiosk tablets at the counter; the secret token in the URL identifies the kiosk")
@require_http_methods(["GET", "POST"])
def kiosk_answer(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """``/survei/<slug>/kios/<token>/``: big-target answer sheet for a counter tablet."""
    survey = selectors.public_survey(slug)
    return _answer(request, survey, selectors.public_kiosk(survey, token))


@public("the kiosk thank-you page, with a link back to a fresh form; shows no data")
@require_GET
def kiosk_thanks(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """``/survei/<slug>/kios/<token>/terima-kasih/``."""
    survey = selectors.public_survey(slug)
    kiosk = selectors.public_kiosk(survey, token)
    return render(
        request, "surveys/thanks.html", {"survey": survey, "kiosk": kiosk, "token": token}
    )


# ---------------------------------------------------------------------------------------------
# Staff: lists, creation, services
# ---------------------------------------------------------------------------------------------


def _current_period(request: HttpRequest, default: str) -> str:
    value = request.GET.get("periode", "").strip()
    try:
        parse_period(value)
    except PeriodError:
        return default
    return value


@requires("surveys.view_published")
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """``/app/survei/``: surveys in scope and the comparison across units for a period."""
    user = _user(request)
    surveys = list(selectors.survey_list(viewer=user))
    today = selectors.viewer_today(user)
    period = _current_period(request, period_of(today))
    comparison = selectors.unit_comparison(viewer=user, period=period)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": surveys,
            "period": period,
            "period_label": period_label(period),
            "periods": list(reversed(periods_between(f"{today.year - 1}-Q1", period_of(today)))),
            "comparison": comparison,
            "chart": reports.comparison_chart(comparison, period),
            "can_manage": selectors.manageable_units(viewer=user).exists(),
        },
    )


@requires("surveys.manage")
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    """``/app/survei/baru/``: create a survey for a unit the viewer manages."""
    user = _user(request)
    units = selectors.manageable_units(viewer=user)
    service_qs = selectors.service_list(viewer=user).filter(unit__in=units)
    form = SurveyCreateForm(request.POST or None, units=units, services=service_qs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                actor=user,
                unit=data["unit"],
                kind=data["kind"],
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                service=data["service"],
                scheme=data["scheme"],
                population=data["population"],
                scale_max=data["scale_max"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey was created."))
            return redirect("surveys:detail", public_id=survey.public_id)
    return render(
        request, "surveys/survey_create.html", {"form": form}, status=400 if form.errors else 200
    )


def _service_page(
    request: HttpRequest, user: User, form: ServiceCreateForm, status: int = 200
) -> HttpResponse:
    units = selectors.manageable_units(viewer=user)
    return render(
        request,
        "surveys/service_list.html",
        {
            "services": selectors.service_list(viewer=user),
            "form": form,
            "can_manage": units.exists(),
        },
        status=status,
    )


@requires("surveys.view_published")
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    """``/app/survei/layanan/``: services (jenis layanan) and their population per period."""
    user = _user(request)
    units = selectors.manageable_units(viewer=user)
    return _service_page(request, user, ServiceCreateForm(units=units))


@requires("surveys.manage", methods=("POST",))
def service_create(request: HttpRequest) -> HttpResponse:
    """``/app/survei/layanan/baru/``: add a service to a unit the viewer manages."""
    user = _user(request)
    units = selectors.manageable_units(viewer=user)
    form = ServiceCreateForm(request.POST, units=units)
    if form.is_valid():
        try:
            services.service_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The service was added."))
            return redirect("surveys:services")
    return _service_page(request, user, form, status=400)


# ---------------------------------------------------------------------------------------------
# Staff: results of one survey
# ---------------------------------------------------------------------------------------------


def _detail_page(
    request: HttpRequest,
    user: User,
    survey: Survey,
    period: str,
    *,
    status: int = 200,
    errors: list[str] | None = None,
    **forms: Any,
) -> HttpResponse:
    """The survey page for ``period``; ``forms`` replace the blank forms (with their errors)."""
    context = reports.results_context(user, survey, period)
    zone = calendar_for(survey.unit).zone
    codes = [(s.code, f"{s.code} {s.name}") for s in context["scores"]]
    context.update(
        {
            "can_manage": can_manage(user, survey),
            "can_export": can_export(user, survey),
            "public_url": request.build_absolute_uri(
                reverse("surveys_public:answer", kwargs={"slug": survey.slug})
            ),
            "kiosks": selectors.kiosk_list(viewer=user, survey=survey),
            "plan_rows": [(p, PLAN_WF.available_actions(user, p)) for p in context["plans"]],
            "plan_form": PlanForm(initial={"period": context["period"]}, codes=codes),
            "settings_form": SurveySettingsForm(
                initial={
                    "closes_on": survey.closes_at.astimezone(zone).date()
                    if survey.closes_at
                    else None,
                    "web_limit_per_hour": survey.web_limit_per_hour,
                    "api_limit_per_hour": survey.api_limit_per_hour,
                    "is_active": survey.is_active,
                }
            ),
            "kiosk_form": KioskForm(),
            "window_state": services.survey_window_state(survey, clock.now()),
            "action_errors": errors or [],
            **forms,
        }
    )
    return render(request, "surveys/survey_detail.html", context, status=status)


@requires("surveys.view_published")
@require_GET
def survey_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """``/app/survei/<id>/``: IKM, mutu, NRR per unsur, profile, sample adequacy, trend,
    publication, improvement plans and kiosks of one survey, for the chosen period."""
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    return _detail_page(request, user, survey, request.GET.get("periode", ""))


def _managed_survey(request: HttpRequest, public_id: str) -> tuple[User, Survey]:
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    if not can_manage(user, survey):
        raise Http404
    return user, survey


def _detail_url(survey: Survey, period: str = "") -> str:
    url = reverse("surveys:detail", kwargs={"public_id": survey.public_id})
    return f"{url}?periode={period}" if period else url


def _back(survey: Survey, period: str = "") -> HttpResponse:
    return redirect(_detail_url(survey, period))


@requires("surveys.manage", methods=("POST",))
def survey_settings(request: HttpRequest, public_id: str) -> HttpResponse:
    """Change the closing date and rate limits of a survey."""
    user, survey = _managed_survey(request, public_id)
    form = SurveySettingsForm(request.POST)
    if form.is_valid():
        try:
            services.survey_update(actor=user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey settings were saved."))
            return _back(survey)
    return _detail_page(request, user, survey, "", status=400, settings_form=form)


def _period_action(request: HttpRequest, public_id: str, *, unpublish: bool) -> HttpResponse:
    user, survey = _managed_survey(request, public_id)
    period = request.POST.get("period", "")
    try:
        if unpublish:
            services.result_unpublish(actor=user, survey=survey, period=period)
        else:
            services.result_publish(actor=user, survey=survey, period=period)
    except ValidationError as error:
        return _detail_page(request, user, survey, period, status=400, errors=error.messages)
    if unpublish:
        messages.success(request, _("The publication was withdrawn."))
    else:
        messages.success(request, _("The result of %(period)s is published.") % {"period": period})
    return _back(survey, period)


@requires("surveys.manage", methods=("POST",))
def publish(request: HttpRequest, public_id: str) -> HttpResponse:
    """Publish (or re-publish) the result of a period."""
    return _period_action(request, public_id, unpublish=False)


@requires("surveys.manage", methods=("POST",))
def unpublish(request: HttpRequest, public_id: str) -> HttpResponse:
    """Withdraw the publication of a period."""
    return _period_action(request, public_id, unpublish=True)


@requires("surveys.manage")
@require_http_methods(["GET", "POST"])
def import_responses(request: HttpRequest, public_id: str) -> HttpResponse:
    """Import paper or other-tool responses from CSV/XLSX as a job: all or nothing, each
    problem named by row and column on the job's page."""
    user, survey = _managed_survey(request, public_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        period = form.cleaned_data["period"].strip()
        job = job_start(
            actor=user,
            kind=tasks.IMPORT,
            title=_("Import of responses: %(survey)s") % {"survey": survey.title},
            organisation=survey.unit,
            params={"survey": survey.pk, "period": period},
            upload=upload.read(services.IMPORT_MAX_BYTES + 1),
            upload_name=upload.name or "",
            next_url=_detail_url(survey, period),
        )
        return redirect("core:job_detail", public_id=job.public_id)
    return render(
        request,
        "surveys/import.html",
        {"survey": survey, "form": form},
        status=400 if form.errors else 200,
    )


def _period_param(value: str) -> str | None:
    period = value.strip() or None
    if period:
        try:
            parse_period(period)
        except PeriodError:
            raise Http404 from None
    return period


@requires("surveys.view")
@require_GET
def export_responses(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """Anonymous responses as CSV, streamed (formula-safe; date only, no id, no time)."""
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    period = _period_param(request.GET.get("periode", ""))
    header, rows = reports.export_table(user, survey, period)
    return csv_response(header, rows, filename=f"{reports.export_name(survey, period)}.csv")


def _export_job(request: HttpRequest, public_id: str, kind: str, title: str) -> HttpResponse:
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    if not can_export(user, survey):
        raise Http404
    period = _period_param(request.POST.get("periode", ""))
    job = job_start(
        actor=user,
        kind=kind,
        title=(
            title % {"survey": survey.title, "period": period_label(period) if period else ""}
        ).strip(),
        organisation=survey.unit,
        params={"survey": survey.pk, "period": period or ""},
        next_url=_detail_url(survey, period or ""),
    )
    return redirect("core:job_detail", public_id=job.public_id)


@requires("surveys.export", methods=("POST",))
def export_xlsx(request: HttpRequest, public_id: str) -> HttpResponse:
    """Start the XLSX export of the anonymous responses (a job with a download)."""
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    if not can_view_unpublished(user, survey):
        raise Http404
    return _export_job(
        request, public_id, tasks.EXPORT_XLSX, _("Responses of %(survey)s (XLSX) %(period)s")
    )


@requires("surveys.export", methods=("POST",))
def report_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    """Start the quarterly PDF report (a job with a download)."""
    return _export_job(request, public_id, tasks.REPORT_PDF, _("SKM report %(survey)s %(period)s"))


@requires("surveys.view_published")
@require_GET
def poster(request: HttpRequest, public_id: str) -> HttpResponse:
    """A printable poster with the survey's QR code (SVG, segno) for the service point."""
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    url = request.build_absolute_uri(reverse("surveys_public:answer", kwargs={"slug": survey.slug}))
    qr = segno.make(url, error="m").svg_inline(scale=8, title=_("QR code of the survey"))
    return render(request, "surveys/poster.html", {"survey": survey, "url": url, "qr": qr})


# ---------------------------------------------------------------------------------------------
# Staff: improvement plans and kiosks
# ---------------------------------------------------------------------------------------------


@requires("surveys.manage", methods=("POST",))
def plan_create(request: HttpRequest, public_id: str) -> HttpResponse:
    """Create an improvement plan for a period (default: its weakest unsur)."""
    user, survey = _managed_survey(request, public_id)
    codes = [(q.code, q.code) for q in selectors.survey_questions(survey)]
    form = PlanForm(request.POST, codes=codes)
    period = request.POST.get("period", "")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_create(
                actor=user,
                survey=survey,
                period=data["period"],
                unsur=data["unsur"] or None,
                action=data["action"],
                owner=data["owner"],
                due_date=data["due_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The improvement plan was created."))
            return _back(survey, period)
    return _detail_page(request, user, survey, period, status=400, plan_form=form)


@requires("surveys.manage", methods=("POST",))
def plan_action(request: HttpRequest, public_id: str, plan_id: str, action: str) -> HttpResponse:
    """``…/rencana/<plan>/aksi/<action>/``: one action of the plan's workflow (``PLAN_WF``)."""
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    plan = selectors.plan_get(viewer=user, survey=survey, public_id=plan_id)
    try:
        declared = PLAN_WF.action(action)
    except KeyError:
        raise Http404 from None
    try:
        if declared.changes_state:
            services.plan_transition(actor=user, plan=plan, action=action)
        else:
            services.plan_publish(actor=user, plan=plan)
    except ValidationError as error:
        plan.refresh_from_db()
        return _detail_page(request, user, survey, plan.period, status=400, errors=error.messages)
    messages.success(
        request,
        _("The plan is published.") if action == "publish" else _("The plan status was updated."),
    )
    return _back(survey, plan.period)


@requires("surveys.manage", methods=("POST",))
def kiosk_create(request: HttpRequest, public_id: str) -> HttpResponse:
    """Register a kiosk tablet; its secret URL is shown once on the page that follows."""
    user, survey = _managed_survey(request, public_id)
    form = KioskForm(request.POST)
    if form.is_valid():
        try:
            kiosk, token = services.kiosk_create(actor=user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            url = request.build_absolute_uri(
                reverse("surveys_public:kiosk", kwargs={"slug": survey.slug, "token": token})
            )
            return render(
                request,
                "surveys/kiosk_created.html",
                {"survey": survey, "kiosk": kiosk, "url": url},
            )
    return _detail_page(request, user, survey, "", status=400, kiosk_form=form)


@requires("surveys.manage", methods=("POST",))
def kiosk_deactivate(request: HttpRequest, public_id: str, kiosk_id: str) -> HttpResponse:
    """Switch a kiosk off."""
    user, survey = _managed_survey(request, public_id)
    kiosk = selectors.kiosk_get(viewer=user, survey=survey, public_id=kiosk_id)
    services.kiosk_deactivate(actor=user, kiosk=kiosk)
    messages.success(request, _("The kiosk was switched off."))
    return _back(survey)


@public("the list of surveys open to the public; shows titles and units only")
@require_GET
def survey_index(request: HttpRequest) -> HttpResponse:
    """``/survei/``: every survey open now, by unit (what the QR posters at counters open)."""
    surveys = selectors.open_surveys(now=clock.now())
    return render(request, "surveys/public_index.html", {"surveys": surveys})
