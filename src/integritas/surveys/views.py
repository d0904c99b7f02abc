"""Views of the surveys app: the public answer sheet (``/survei/``) and the staff pages
(``/app/survei/``).

Views parse input, call one service or selector, and render; the rules live in services.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integritas.core.charts import bar_chart, line_chart
from integritas.core.exports import csv_response, xlsx_response
from integritas.core.idempotency import IdempotencyConflict
from integritas.core.models import User
from integritas.core.pdf import pdf_response, render_pdf
from integritas.core.permissions import public, requires
from integritas.core.selectors import calendar_for
from integritas.surveys import selectors, services
from integritas.surveys.choices import Channel, PlanStatus
from integritas.surveys.forms import (
    KEY_FIELD,
    ImportForm,
    KioskForm,
    PlanForm,
    PlanStatusForm,
    ResponseForm,
    ServiceCreateForm,
    SurveyCreateForm,
    SurveySettingsForm,
    new_form_key,
)
from integritas.surveys.ikm import UNSUR_BY_CODE, SkmError, round_half_up
from integritas.surveys.instruments import (
    PeriodError,
    parse_period,
    period_label,
    period_of,
    periods_between,
)
from integritas.surveys.models import KioskDevice, PublishedResult, Survey
from integritas.surveys.responses_io import ResponseFileError, read_responses_upload


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# ---------------------------------------------------------------------------------------------
# Public: answering
# ---------------------------------------------------------------------------------------------


def _answer(request: HttpRequest, survey: Survey, kiosk: KioskDevice | None) -> HttpResponse:
    now = timezone.now()
    state = services.survey_window_state(survey, now)
    questions = selectors.survey_questions(survey)
    form_kwargs: dict[str, Any] = {
        "questions": questions,
        "services": selectors.survey_services(survey),
    }
    status = 200
    if request.method == "POST" and state == "open":
        form = ResponseForm(request.POST, **form_kwargs)
        if form.is_valid():
            channel = Channel.KIOSK if kiosk is not None else Channel.WEB
            try:
                services.check_rate(survey, channel=channel, kiosk=kiosk)
                services.response_submit_once(
                    survey=survey,
                    key=form.cleaned_data[KEY_FIELD],
                    answers=form.answers(),
                    profile=form.profile(),
                    suggestion=form.cleaned_data["suggestion"],
                    channel=channel,
                    now=now,
                )
            except services.SurveyClosed:
                state = "closed"
            except services.RateLimited:
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
                for message in error.messages:
                    form.add_error(None, message)
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
    today = timezone.now().date()
    period = _current_period(request, period_of(today))
    comparison = selectors.unit_comparison(viewer=user, period=period)
    chart = (
        bar_chart(
            [(r.label, r.value) for r in comparison],
            title=_("IKM per unit and service, %(period)s") % {"period": period_label(period)},
            max_value=100,
            markers=[(88.31, "A"), (76.61, "B")],
        )
        if comparison
        else None
    )
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": surveys,
            "period": period,
            "period_label": period_label(period),
            "periods": list(reversed(periods_between(f"{today.year - 1}-Q1", period_of(today)))),
            "comparison": comparison,
            "chart": chart,
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
            for message in error.messages:
                form.add_error(None, message)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The survey was created."))
            return redirect("surveys:detail", public_id=survey.public_id)
    return render(request, "surveys/survey_create.html", {"form": form})


@requires("surveys.view_published")
@require_http_methods(["GET", "POST"])
def service_list(request: HttpRequest) -> HttpResponse:
    """``/app/survei/layanan/``: services (jenis layanan) and their population per period."""
    user = _user(request)
    units = selectors.manageable_units(viewer=user)
    form = ServiceCreateForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            try:
                services.service_create(actor=user, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("The service was added."))
                return redirect("surveys:services")
    return render(
        request,
        "surveys/service_list.html",
        {
            "services": selectors.service_list(viewer=user),
            "form": form,
            "can_manage": units.exists(),
        },
    )


# ---------------------------------------------------------------------------------------------
# Staff: results of one survey
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    """One line of the NRR table: code, name, average (2 places), ×25 (SKM), answered."""

    code: str
    name: str
    nrr: Decimal
    converted: Decimal | None
    answered: int


def _results_context(user: User, survey: Survey, requested: str) -> dict[str, Any]:
    """Everything the results page and the PDF report show for one period."""
    periods = selectors.survey_periods(viewer=user, survey=survey)
    full = selectors.can_see_unpublished(user, survey)
    names = [p.period for p in periods]
    local_today = calendar_for(survey.unit).local_date(timezone.now())
    default = names[0] if names else period_of(local_today, survey.scheme)
    period = requested if requested in names else default
    if not full and period not in names:
        period = ""
    row = next((p for p in periods if p.period == period), None)
    error = ""
    result = None
    if period:
        if full:
            try:
                result = selectors.period_result(survey, period)
            except SkmError as exc:
                error = str(exc)
        elif row is not None and row.published is not None:
            result = _from_publication(survey, row.published)
    scores: list[ScoreRow] = []
    if result is not None and result.respondents:
        for (code, score), answered in zip(result.scores, result.answered, strict=True):
            name = UNSUR_BY_CODE[code].name if code in UNSUR_BY_CODE else _item_text(survey, code)
            scores.append(
                ScoreRow(
                    code=code,
                    name=name,
                    nrr=round_half_up(score, 2),
                    converted=round_half_up(score * 25, 2) if survey.is_skm else None,
                    answered=answered,
                )
            )
    trend_periods = sorted(names)[-8:]
    trend_values = (
        selectors.survey_trend(survey, trend_periods)
        if full
        else [
            float(p.published.value) if p.published else None
            for p in sorted(periods, key=lambda p: p.period)[-8:]
        ]
    )
    trend = (
        line_chart(
            trend_periods,
            [(survey.title, trend_values)],
            title=(_("IKM per period") if survey.is_skm else _("Index per period")),
            y_min=25 if survey.is_skm else 0,
            y_max=100 if survey.is_skm else 4,
        )
        if len(trend_periods) > 1
        else None
    )
    nrr_chart = (
        bar_chart(
            [(f"{s.code} {s.name}", float(s.nrr)) for s in scores],
            title=_("Average score per element, %(period)s") % {"period": period_label(period)},
            max_value=float(survey.scale_max),
        )
        if scores
        else None
    )
    return {
        "survey": survey,
        "periods": periods,
        "period": period,
        "period_label": period_label(period) if period else "",
        "period_row": row,
        "result": result,
        "value": round_half_up(result.value, 2) if result and result.respondents else None,
        "scores": scores,
        "weakest": result.weakest if result and result.respondents else "",
        "error": error,
        "full": full,
        "trend": trend,
        "nrr_chart": nrr_chart,
        "profile": selectors.respondent_profile(survey, period) if full and period else [],
        "adequacy": selectors.sample_adequacy(survey, period) if full and period else [],
        "plans": selectors.plan_list(viewer=user, survey=survey),
        "generated_at": timezone.now().astimezone(calendar_for(survey.unit).zone),
    }


def _item_text(survey: Survey, code: str) -> str:
    for item in survey.items:
        if item.get("code") == code:
            return str(item.get("text", code))
    return code


def _from_publication(survey: Survey, published: PublishedResult) -> selectors.PeriodResult:
    return selectors.result_from_tallies(survey, published.respondents, published.tallies)


@requires("surveys.view_published")
@require_GET
def survey_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """``/app/survei/<id>/``: IKM, mutu, NRR per unsur, profile, sample adequacy, trend,
    publication, improvement plans and kiosks of one survey, for the chosen period."""
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    context = _results_context(user, survey, request.GET.get("periode", ""))
    manage = selectors.can_manage(user, survey.unit)
    codes = [(s.code, f"{s.code} {s.name}") for s in context["scores"]]
    context.update(
        {
            "can_manage": manage,
            "public_url": request.build_absolute_uri(
                reverse("surveys_public:answer", kwargs={"slug": survey.slug})
            ),
            "kiosks": selectors.kiosk_list(viewer=user, survey=survey),
            "plan_form": PlanForm(initial={"period": context["period"]}, codes=codes),
            "status_choices": PlanStatus.choices,
            "settings_form": SurveySettingsForm(
                initial={
                    "closes_on": (
                        survey.closes_at.astimezone(calendar_for(survey.unit).zone).date()
                        if survey.closes_at
                        else None
                    ),
                    "web_limit_per_hour": survey.web_limit_per_hour,
                    "api_limit_per_hour": survey.api_limit_per_hour,
                    "is_active": survey.is_active,
                }
            ),
            "kiosk_form": KioskForm(),
            "import_form": ImportForm(initial={"period": context["period"]}),
            "window_state": services.survey_window_state(survey, timezone.now()),
        }
    )
    return render(request, "surveys/survey_detail.html", context)


def _managed_survey(request: HttpRequest, public_id: str) -> tuple[User, Survey]:
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    if not selectors.can_manage(user, survey.unit):
        raise Http404
    return user, survey


def _back(survey: Survey, period: str = "") -> HttpResponse:
    url = reverse("surveys:detail", kwargs={"public_id": survey.public_id})
    return redirect(f"{url}?periode={period}" if period else url)


@requires("surveys.manage")
@require_POST
def survey_settings(request: HttpRequest, public_id: str) -> HttpResponse:
    """Change the closing date and rate limits of a survey."""
    user, survey = _managed_survey(request, public_id)
    form = SurveySettingsForm(request.POST)
    if form.is_valid():
        try:
            services.survey_update(actor=user, survey=survey, **form.cleaned_data)
            messages.success(request, _("The survey settings were saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("The settings could not be saved: check the values."))
    return _back(survey)


@requires("surveys.manage")
@require_POST
def publish(request: HttpRequest, public_id: str) -> HttpResponse:
    """Publish (or withdraw) the result of a period."""
    user, survey = _managed_survey(request, public_id)
    period = request.POST.get("period", "")
    try:
        if request.POST.get("action") == "unpublish":
            services.result_unpublish(actor=user, survey=survey, period=period)
            messages.success(request, _("The publication was withdrawn."))
        else:
            services.result_publish(actor=user, survey=survey, period=period)
            messages.success(
                request, _("The result of %(period)s is published.") % {"period": period}
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(survey, period)


@requires("surveys.manage")
@require_http_methods(["GET", "POST"])
def import_responses(request: HttpRequest, public_id: str) -> HttpResponse:
    """Import paper or other-tool responses from CSV/XLSX: all or nothing, named errors."""
    user, survey = _managed_survey(request, public_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_responses_upload(upload.read(services.IMPORT_MAX_BYTES + 1), upload.name)
            count = services.responses_import(
                actor=user,
                survey=survey,
                rows=rows,
                default_period=form.cleaned_data["period"].strip() or None,
            )
        except ResponseFileError as error:
            problems = list(error.problems[:50])
        except ValidationError as error:
            problems = list(error.messages)
        else:
            messages.success(request, _("%(count)s responses were imported.") % {"count": count})
            return _back(survey, form.cleaned_data["period"].strip())
    status = 400 if problems else 200
    return render(
        request,
        "surveys/import.html",
        {"survey": survey, "form": form, "problems": problems},
        status=status,
    )


EXPORT_HEADER = [
    "periode",
    "tanggal",
    "kanal",
    "layanan",
    "kelompok_umur",
    "jenis_kelamin",
    "pendidikan",
    "pekerjaan",
]


@requires("surveys.view")
@require_GET
def export_responses(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """Anonymous responses as CSV or XLSX (formula-safe; date only, no id, no time)."""
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    period = request.GET.get("periode", "").strip() or None
    if period:
        try:
            parse_period(period)
        except PeriodError:
            raise Http404 from None
    responses = selectors.responses_for_export(viewer=user, survey=survey, period=period)
    codes = [q.code for q in selectors.survey_questions(survey)]
    header = [*EXPORT_HEADER, *codes, "saran"]

    def rows() -> Any:
        for r in responses.iterator(chunk_size=2000):
            answers = (
                [getattr(r, c.lower()) for c in codes]
                if survey.is_skm
                else [r.item_answers.get(c) for c in codes]
            )
            yield [
                r.period,
                r.submitted_on,
                r.channel,
                r.service.name if r.service else "",
                r.age_band,
                r.sex,
                r.education,
                r.occupation,
                *answers,
                r.suggestion,
            ]

    name = f"survei-{survey.slug}-{period or 'semua'}"
    if request.GET.get("format") == "xlsx":
        return xlsx_response(header, rows(), filename=f"{name}.xlsx", sheet="Jawaban")
    return csv_response(header, rows(), filename=f"{name}.csv")


@requires("surveys.view_published")
@require_GET
def report_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    """The quarterly PDF report: the same figures and SVG charts as the page."""
    user = _user(request)
    survey = selectors.survey_get(viewer=user, public_id=public_id)
    context = _results_context(user, survey, request.GET.get("periode", ""))
    if not context["period"]:
        raise Http404
    pdf = render_pdf("surveys/report_pdf.html", context)
    return pdf_response(pdf, filename=f"laporan-skm-{survey.slug}-{context['period']}.pdf")


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


@requires("surveys.manage")
@require_POST
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
            messages.success(request, _("The improvement plan was created."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(
            request,
            _("The plan could not be created: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()
                )
            },
        )
    return _back(survey, period)


@requires("surveys.manage")
@require_POST
def plan_update(request: HttpRequest, public_id: str, plan_id: str) -> HttpResponse:
    """Change a plan's status, or publish it."""
    user, survey = _managed_survey(request, public_id)
    plan = selectors.plan_get(viewer=user, survey=survey, public_id=plan_id)
    try:
        if request.POST.get("action") == "publish":
            services.plan_publish(actor=user, plan=plan)
            messages.success(request, _("The plan is published."))
        else:
            form = PlanStatusForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Unknown status."))
            services.plan_set_status(actor=user, plan=plan, status=form.cleaned_data["status"])
            messages.success(request, _("The plan status was updated."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(survey, plan.period)


@requires("surveys.manage")
@require_POST
def kiosk_create(request: HttpRequest, public_id: str) -> HttpResponse:
    """Register a kiosk tablet; its secret URL is shown once on the page that follows."""
    user, survey = _managed_survey(request, public_id)
    form = KioskForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The kiosk could not be created: check the values."))
        return _back(survey)
    kiosk, token = services.kiosk_create(actor=user, survey=survey, **form.cleaned_data)
    url = request.build_absolute_uri(
        reverse("surveys_public:kiosk", kwargs={"slug": survey.slug, "token": token})
    )
    return render(
        request, "surveys/kiosk_created.html", {"survey": survey, "kiosk": kiosk, "url": url}
    )


@requires("surveys.manage")
@require_POST
def kiosk_deactivate(request: HttpRequest, public_id: str, kiosk_id: str) -> HttpResponse:
    """Switch a kiosk off."""
    user, survey = _managed_survey(request, public_id)
    kiosk = selectors.kiosk_list(viewer=user, survey=survey).filter(public_id=kiosk_id).first()
    if kiosk is None:
        raise Http404
    services.kiosk_deactivate(actor=user, kiosk=kiosk)
    messages.success(request, _("The kiosk was switched off."))
    return _back(survey)


@public("the list of surveys open to the public; shows titles and units only")
@require_GET
def survey_index(request: HttpRequest) -> HttpResponse:
    """``/survei/``: every survey open now, by unit (what the QR posters at counters open)."""
    now = timezone.now()
    surveys = [
        s
        for s in Survey.objects.filter(is_active=True)
        .select_related("unit", "service")
        .order_by("unit__name", "title")
        if services.survey_window_state(s, now) == "open"
    ]
    return render(request, "surveys/public_index.html", {"surveys": surveys})
