"""Views of the complaints app: the public form and tracking page, the staff workspace.

Public pages need no account: ``/pengaduan/`` (submit), ``/pengaduan/terima-kasih/`` (the
tracking code, from the session) and ``/pengaduan/lacak/`` (status, public timeline, reply,
rating, reopen — the tracking code is the capability and travels only in POST bodies,
never in URLs). Staff pages live under ``/app/pengaduan/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integritas.complaints import exports, intake, permissions, selectors, services, sla
from integritas.complaints.choices import IdentityMode, Status
from integritas.complaints.forms import (
    AnswerForm,
    AttachForm,
    ComplaintForm,
    DuplicateForm,
    ExportForm,
    ForwardForm,
    InboxFilterForm,
    LaporForm,
    MessageForm,
    NoteForm,
    OptionalMessageForm,
    PublicReplyForm,
    RateForm,
    ReferForm,
    RejectForm,
    ReturnForm,
    SettingsForm,
    StaffComplaintForm,
    TrackForm,
    VerifyForm,
    new_form_key,
)
from integritas.complaints.models import Complaint, normalise_tracking_code
from integritas.complaints.workflows import COMPLAINT
from integritas.core import clock, ratelimit
from integritas.core.actors import Public
from integritas.core.charts import bar_chart
from integritas.core.exports import (
    csv_response,
    sync_max_rows,
    too_large_response,
    xlsx_response,
)
from integritas.core.forms import add_service_errors
from integritas.core.idempotency import IdempotencyConflict, run_idempotent
from integritas.core.jobs import job_start
from integritas.core.models import Organisation, User
from integritas.core.permissions import public, requires
from integritas.core.selectors import calendar_for

RECEIPT_SESSION_KEY = "complaints_receipt"
#: Error codes of the text checks (``rules.clean_text``): they concern the form's message.
TEXT_CODES = frozenset({"required", "too_short", "too_long"})


def _service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors beside the field they concern: the field named by the error's
    code (``email``, ``nik``, ``lapor_id``…), the message field for a text check, else the
    form (``core.forms.add_service_errors`` does the rest)."""
    if not hasattr(exc, "error_dict"):
        by_field: dict[str, list[ValidationError]] = {}
        for error in exc.error_list:
            code = error.code or ""
            name = code if code in form.fields else ""
            if not name and code in TEXT_CODES and "message" in form.fields:
                name = "message"
            by_field.setdefault(name or NON_FIELD_ERRORS, []).append(error)
        exc = ValidationError(by_field)
    add_service_errors(form, exc)


def _personal(response: HttpResponse) -> HttpResponse:
    response.personal_data = True  # type: ignore[attr-defined]  # read by PrivacyHeadersMiddleware
    return response


def _opd_choices(pemda: Organisation | None = None) -> list[tuple[str, str]]:
    return selectors.opd_choices(pemda)


# -- public ------------------------------------------------------------------------------------


@public("citizens submit complaints without an account (UU 25/2009, DOMAIN.md §6)")
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """``/pengaduan/``: the complaint form; says plainly who sees what for each identity choice."""
    form = ComplaintForm(request.POST or None, request.FILES or None, organisations=_opd_choices())
    status = 200
    conflict = ""
    pow_challenge = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            uploads = intake.check_files(data["attachments"])
            result = intake.submit_counted(
                request,
                channel="web",
                token=request.POST.get("pow_token", ""),
                key=data["form_key"],
                data={**data, "identity": data["identity_mode"]},
                uploads=uploads,
            )
        except ratelimit.Refused as exc:
            pow_challenge = exc.challenge
            if not exc.challenge:
                form.add_error(
                    None,
                    _(
                        "Too many complaints are being sent right now. Please try again in a few minutes."
                    ),
                )
            status = 429
        except ValidationError as exc:
            _service_errors(form, exc)
            status = 400
        except IdempotencyConflict:
            form = ComplaintForm(organisations=_opd_choices())
            conflict = _(
                "This form was sent already. Your complaint is stored; use this new form only for another complaint."
            )
            status = 409
        else:
            request.session[RECEIPT_SESSION_KEY] = result.body["tracking_code"]
            return redirect("complaints_public:thanks")
    elif request.method == "POST":
        status = 400
    return _personal(
        render(
            request,
            "complaints/submit.html",
            {
                "form": form,
                "conflict": conflict,
                **ratelimit.pow_context(intake.flood("web"), pow_challenge),
            },
            status=status,
        )
    )


@public("shows the submitter, from their own session, the tracking code just issued")
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    """``/pengaduan/terima-kasih/``: the tracking code, once (issue 11 item 7).

    The code is taken out of the submitter's session as it is shown: a reload, or the next
    person at a shared PC, sees a page saying it was shown already, never the code.
    """
    code = request.session.pop(RECEIPT_SESSION_KEY, None)
    return _personal(render(request, "complaints/thanks.html", {"code": code or ""}))


#: The complainant on the tracking page (the code they typed found the complaint).
COMPLAINANT = Public("web")


def _track_context(complaint: Complaint, now: dt.datetime) -> dict[str, Any]:
    can_reopen = COMPLAINT.can(COMPLAINANT, complaint, "reopen") and (
        complaint.reopen_until is not None and now <= complaint.reopen_until
    )
    return {
        "complaint": complaint,
        "status_label": Status(complaint.status).label,
        "timeline": selectors.public_timeline(complaint),
        "can_reply": COMPLAINT.can(COMPLAINANT, complaint, "reply"),
        "can_rate": COMPLAINT.can(COMPLAINANT, complaint, "rate") and complaint.rating is None,
        "can_reopen": can_reopen,
        "reply_form": MessageForm(prefix="reply"),
        "reopen_form": MessageForm(prefix="reopen"),
        "rate_form": RateForm(prefix="rate"),
        "action_key": new_form_key(),
    }


@public("the tracking code is the complainant's capability; shows status and public timeline only")
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """``/pengaduan/lacak/``: enter a code → status and public timeline; reply, rate, reopen.

    An unknown, malformed or forged code gets the same "not found" answer (404). Never the
    identity, never internal notes, never the complaint's text.
    """
    if request.method == "GET":
        return _personal(render(request, "complaints/track.html", {"form": TrackForm()}))
    form = TrackForm(request.POST)
    valid = form.is_valid() and normalise_tracking_code(request.POST.get("code", "")) is not None
    try:
        if valid:  # only a well-formed code counts (issue 11, item 2)
            intake.admit("track", request)
    except ratelimit.Refused:
        form.add_error(None, _("Too many requests right now. Please try again in a few minutes."))
        return _personal(render(request, "complaints/track.html", {"form": form}, status=429))
    complaint = selectors.complaint_track(code=request.POST.get("code", "")) if valid else None
    if complaint is None:
        form = TrackForm(request.POST)
        form.is_valid()
        form.add_error(
            None, _("No complaint was found with that tracking code. Check the code and try again.")
        )
        return _personal(render(request, "complaints/track.html", {"form": form}, status=404))
    action = request.POST.get("action", "lookup")
    errors: list[str] = []
    handlers: dict[str, Callable[[], str]] = {}

    def reply() -> str:
        f = MessageForm(request.POST, prefix="reply")
        if not f.is_valid():
            raise ValidationError(_("Please fill in the %(field)s.") % {"field": _("message")})
        services.complaint_reply(
            actor=COMPLAINANT, complaint=complaint, message=f.cleaned_data["message"]
        )
        return _("Your message was sent.")

    def reopen() -> str:
        f = MessageForm(request.POST, prefix="reopen")
        if not f.is_valid():
            raise ValidationError(_("Please fill in the %(field)s.") % {"field": _("message")})
        services.complaint_reopen(
            actor=COMPLAINANT, complaint=complaint, message=f.cleaned_data["message"]
        )
        return _("Your complaint was reopened.")

    def rate() -> str:
        f = RateForm(request.POST, prefix="rate")
        if not f.is_valid():
            raise ValidationError(_("Choose a rating from 1 to 5."))
        services.complaint_rate(
            actor=COMPLAINANT,
            complaint=complaint,
            score=f.cleaned_data["score"],
            comment=f.cleaned_data["comment"],
        )
        return _("Thank you for your rating.")

    handlers = {"reply": reply, "reopen": reopen, "rate": rate}
    notice = ""
    if action in handlers:
        key = request.POST.get("action_key") or None
        try:
            result = run_idempotent(
                scope=f"complaints:track-{action}",
                key=key,
                payload={
                    "code": complaint.tracking_code,
                    "post": sorted(
                        (k, v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"
                    ),
                },
                action=lambda: (200, {"notice": handlers[action]()}),
                anonymous=True,
            )
            notice = str(result.body.get("notice", ""))
        except ValidationError as exc:
            errors.extend(exc.messages)
        except IdempotencyConflict:
            errors.append(_("This form was sent already."))
        complaint.refresh_from_db()
    context = _track_context(complaint, clock.now())
    context.update(
        {
            "form": TrackForm(initial={"code": complaint.tracking_code}),
            "notice": notice,
            "errors": errors,
        }
    )
    return _personal(
        render(request, "complaints/track_result.html", context, status=400 if errors else 200)
    )


# -- staff ---------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@requires("complaints.handle")
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """``/app/pengaduan/``: complaints held in the viewer's scope, with filters and SLA status."""
    user = _user(request)
    form = InboxFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.InboxFilters()
    page = Paginator(selectors.complaint_list(viewer=user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    now = clock.now()
    pemda = selectors.pemda_of_viewer(user, "complaints.handle")
    calendar = calendar_for(pemda) if pemda else None
    rows = [
        (
            c,
            selectors.sla_state(c, calendar=calendar, now=now) if calendar else "none",
            selectors.current_due(c),
        )
        for c in page
    ]
    is_mgr = selectors.export_with_identity(user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "is_manager": is_mgr,
            "targets": _opd_choices(pemda) if is_mgr else [],
            "query": query.urlencode(),
            "can_stats": permissions.can_view_stats(user),
            "export_url": reverse("complaints:export_job")
            + (f"?{query.urlencode()}" if query else ""),
        },
    )


@requires("complaints.manage")
@require_POST
def bulk_forward(request: HttpRequest) -> HttpResponse:
    """Forward the ticked complaints to one unit (verifying those still received)."""
    user = _user(request)
    ids = request.POST.getlist("selected")
    target_id = request.POST.get("organisation", "")
    target = selectors.organisation_by_public_id(target_id)
    complaints = selectors.complaints_by_public_ids(viewer=user, public_ids=ids)
    if not complaints or target is None:
        messages.error(request, _("Tick at least one complaint and choose the unit."))
        return redirect("complaints:inbox")
    try:
        n = services.complaint_bulk_forward(actor=user, complaints=complaints, organisation=target)
        messages.success(
            request,
            _("%(n)s complaints were forwarded to %(unit)s.") % {"n": n, "unit": target.name},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("complaints:inbox")


@requires("complaints.manage")
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    """``/app/pengaduan/baru/``: record a walk-in, phone, letter, e-mail or social-media complaint."""
    user = _user(request)
    pemda = selectors.pemda_of_viewer(user, "complaints.manage")
    if pemda is None or not permissions.can_enter(user, pemda):
        raise Http404
    form = StaffComplaintForm(
        request.POST or None, request.FILES or None, organisations=_opd_choices(pemda)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            uploads = intake.check_files(d["attachments"])
            result = run_idempotent(
                scope="complaints:staff",
                key=d["form_key"],
                payload={k: str(v) for k, v in d.items() if k != "attachments"},
                action=lambda: _staff_submit(user, pemda, d, uploads),
            )
            messages.success(
                request,
                _(
                    "The complaint was recorded with tracking code %(code)s. Give this code to the complainant."
                )
                % {"code": result.body["tracking_code"]},
            )
            return redirect("complaints:detail", public_id=result.body["public_id"])
        except ValidationError as exc:
            _service_errors(form, exc)
        except IdempotencyConflict:
            form.add_error(None, _("This form was sent already."))
    return render(request, "complaints/staff_new.html", {"form": form})


def _staff_submit(
    user: User, pemda: Organisation, d: dict[str, Any], uploads: list[Any]
) -> tuple[int, dict[str, Any]]:
    c = services.complaint_submit(
        actor=user,
        pemda=pemda,
        channel=d["channel"],
        subject=d["subject"],
        description=d["description"],
        identity_mode=d["identity_mode"],
        name=d["name"],
        email=d["email"],
        phone=d["phone"],
        nik=d["nik"],
        organisation=intake.find_organisation(d["organisation"]),
        category=d["category"],
        lapor_id=d["lapor_id"],
        attachments=uploads,
    )
    return 201, {"tracking_code": c.tracking_code, "public_id": c.public_id}


@dataclass(frozen=True)
class StaffAction:
    """How the detail page offers one action: its card heading, its form, what it runs."""

    heading: Any
    form: Callable[[User, Complaint, Any, Any], forms.Form]
    run: Callable[[User, Complaint, dict[str, Any]], str]
    multipart: bool = False


def _forward_form(user: User, c: Complaint, data: Any, files: Any) -> forms.Form:
    targets = [(o.public_id, o.name) for o in selectors.forward_targets(viewer=user, complaint=c)]
    return ForwardForm(data, targets=targets)


def _duplicate_form(user: User, c: Complaint, data: Any, files: Any) -> forms.Form:
    candidates = [
        (o.public_id, f"{o.tracking_code} — {o.subject[:60]}")
        for o in selectors.duplicate_candidates(viewer=user, complaint=c)
    ]
    return DuplicateForm(data, candidates=candidates)


def _plain(form_class: type[forms.Form]) -> Callable[[User, Complaint, Any, Any], forms.Form]:
    def build(user: User, c: Complaint, data: Any, files: Any) -> forms.Form:
        return form_class(data, files)

    return build


def _verify(user: User, c: Complaint, d: dict[str, Any]) -> str:
    services.complaint_verify(actor=user, complaint=c, category=d["category"], message=d["message"])
    return _("The complaint was verified.")


def _forward(user: User, c: Complaint, d: dict[str, Any]) -> str:
    target = selectors.forward_target(viewer=user, complaint=c, public_id=d["organisation"])
    if target is None:
        raise ValidationError({"organisation": _("Choose the unit.")})
    services.complaint_forward(actor=user, complaint=c, organisation=target, message=d["message"])
    return _("The complaint was forwarded to %(unit)s.") % {"unit": target.name}


def _mark_duplicate(user: User, c: Complaint, d: dict[str, Any]) -> str:
    original = selectors.duplicate_original(viewer=user, complaint=c, public_id=d["original"])
    services.complaint_mark_duplicate(actor=user, complaint=c, original=original)
    return _("The complaint was marked as a duplicate.")


def _refer(user: User, c: Complaint, d: dict[str, Any]) -> str:
    services.complaint_refer(
        actor=user, complaint=c, agency=d["agency"], reference=d["reference"], message=d["message"]
    )
    return _("The complaint was referred.")


def _attach(user: User, c: Complaint, d: dict[str, Any]) -> str:
    upload = intake.check_files([d["file"]])[0]
    services.complaint_attach(actor=user, complaint=c, upload=upload)
    return _("The file was attached.")


def _message(
    service: Callable[..., object], notice: Any, argument: str = "message"
) -> Callable[[User, Complaint, dict[str, Any]], str]:
    def run(user: User, c: Complaint, d: dict[str, Any]) -> str:
        service(actor=user, complaint=c, **{argument: d["message"]})
        return str(notice)

    return run


#: The detail page's actions, in the order of the workflow; each has its own URL
#: (``/app/pengaduan/<id>/aksi/<name>/``). ``attach`` is not a workflow step.
STAFF_ACTIONS: dict[str, StaffAction] = {
    "verify": StaffAction(_lazy("Verify"), _plain(VerifyForm), _verify),
    "forward": StaffAction(_lazy("Forward (disposition)"), _forward_form, _forward),
    "follow_up": StaffAction(
        _lazy("Record follow-up"),
        _plain(OptionalMessageForm),
        _message(services.complaint_follow_up, _lazy("The follow-up was recorded.")),
    ),
    "answer": StaffAction(
        _lazy("Answer the complainant"),
        _plain(AnswerForm),
        _message(services.complaint_answer, _lazy("The answer was sent to the complainant.")),
    ),
    "close": StaffAction(
        _lazy("Close"),
        _plain(OptionalMessageForm),
        _message(services.complaint_close, _lazy("The complaint was closed.")),
    ),
    "public_reply": StaffAction(
        _lazy("Message to the complainant"),
        _plain(PublicReplyForm),
        _message(
            services.complaint_public_reply, _lazy("The message was sent to the complainant.")
        ),
    ),
    "note": StaffAction(
        _lazy("Internal note"),
        _plain(NoteForm),
        _message(services.complaint_note, _lazy("The internal note was saved.")),
    ),
    "return": StaffAction(
        _lazy("Not for this unit"),
        _plain(ReturnForm),
        _message(
            services.complaint_return,
            _lazy("The complaint was returned to the complaint manager."),
            "reason",
        ),
    ),
    "reject": StaffAction(
        _lazy("Reject (not a complaint)"),
        _plain(RejectForm),
        _message(services.complaint_reject, _lazy("The complaint was rejected."), "reason"),
    ),
    "mark_duplicate": StaffAction(_lazy("Mark as duplicate"), _duplicate_form, _mark_duplicate),
    "refer": StaffAction(
        _lazy("Refer outside (not the Pemda's authority)"), _plain(ReferForm), _refer
    ),
    "set_lapor_id": StaffAction(
        _lazy("SP4N-LAPOR!"),
        _plain(LaporForm),
        _message(
            services.complaint_set_lapor_id, _lazy("The LAPOR! tracking id was saved."), "lapor_id"
        ),
    ),
    "attach": StaffAction(_lazy("Attach a file"), _plain(AttachForm), _attach, multipart=True),
}


@dataclass
class Panel:
    """One action card on the detail page."""

    name: str
    heading: Any
    label: Any
    confirm: Any
    style: str
    form: forms.Form
    multipart: bool


def _panels(user: User, c: Complaint, bound: dict[str, forms.Form]) -> list[Panel]:
    """The cards of the actions ``user`` may take on ``c`` now (``available_actions``)."""
    offered = [(a.name, a.label, a.confirm, a.style) for a in COMPLAINT.available_actions(user, c)]
    if permissions.can_attach(user, c):
        offered.append(("attach", _("Attach"), "", "secondary"))
    panels = []
    for name, label, confirm, style in offered:
        staff = STAFF_ACTIONS.get(name)
        if staff is None:
            continue
        form = bound.get(name) or staff.form(user, c, None, None)
        if name == "verify" and name not in bound:
            form.initial = {"category": c.category}
        if name == "set_lapor_id" and name not in bound:
            form.initial = {"lapor_id": c.lapor_id}
        form.auto_id = f"{name}-%s"
        panels.append(Panel(name, staff.heading, label, confirm, style, form, staff.multipart))
    return panels


def _detail_page(
    request: HttpRequest,
    user: User,
    complaint: Complaint,
    *,
    bound: dict[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    manager = permissions.is_manager(user, complaint)
    calendar = calendar_for(complaint.pemda)
    context = {
        "c": complaint,
        "errors": errors or [],
        "identity": selectors.complaint_identity(viewer=user, complaint=complaint),
        "identity_hidden": complaint.identity_mode == IdentityMode.RAHASIA and not manager,
        "events": selectors.complaint_events(viewer=user, complaint=complaint),
        "attachments": selectors.complaint_attachments(viewer=user, complaint=complaint),
        "sla_state": selectors.sla_state(complaint, calendar=calendar),
        "due": selectors.current_due(complaint),
        "manager": manager,
        "panels": _panels(user, complaint, bound or {}),
    }
    return render(request, "complaints/detail.html", context, status=status)


@requires("complaints.handle")
@require_GET
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One complaint: facts, identity (when allowed), files, full timeline, allowed actions."""
    user = _user(request)
    return _detail_page(request, user, selectors.complaint_get(viewer=user, public_id=public_id))


@requires("complaints.handle", methods=("POST",))
def action(request: HttpRequest, public_id: str, name: str) -> HttpResponse:
    """``/app/pengaduan/<id>/aksi/<name>/``: take one action; on an error the page again,
    with the error beside the field. Someone the action's predicate refuses gets 404."""
    user = _user(request)
    complaint = selectors.complaint_get(viewer=user, public_id=public_id)
    staff = STAFF_ACTIONS.get(name)
    if staff is None:
        return _detail_page(request, user, complaint, errors=[_("Unknown action.")], status=400)
    allowed = (
        permissions.can_attach(user, complaint)
        if name == "attach"
        else COMPLAINT.action(name).allowed(user, complaint)
    )
    if not allowed:
        raise Http404
    form = staff.form(user, complaint, request.POST, request.FILES)
    if form.is_valid():
        try:
            notice = staff.run(user, complaint, form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, notice)
            if not selectors.complaint_visible(viewer=user, public_id=public_id):
                return redirect("complaints:inbox")  # forwarded or returned out of scope
            return redirect("complaints:detail", public_id=public_id)
    complaint.refresh_from_db()
    return _detail_page(request, user, complaint, bound={name: form}, status=400)


@requires("complaints.handle")
@require_GET
def attachment(request: HttpRequest, public_id: str, attachment_id: str) -> HttpResponseBase:
    """Download one file of a complaint the viewer may handle (always as an attachment)."""
    from integritas.core.uploads import attachment_response

    att = selectors.attachment_get(
        viewer=request.user, complaint_public_id=public_id, attachment_public_id=attachment_id
    )
    return attachment_response(att.storage_name, filename=att.original_name, mime=att.mime)


@requires("complaints.handle")
@require_GET
def export(request: HttpRequest) -> HttpResponseBase:
    """CSV/XLSX of the viewer's inbox (with its filters); formula-safe, codes and NIK as text.

    Identity columns only in the complaint manager's export, and never for rahasia.
    """
    user = _user(request)
    form = InboxFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.InboxFilters()
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    count = selectors.export_count(viewer=user, filters=filters)
    if count > sync_max_rows():
        query = request.GET.copy()
        query.pop("format", None)
        job_url = reverse("complaints:export_job") + (f"?{query.urlencode()}" if query else "")
        return too_large_response(request, rows=count, job_url=job_url, job_fields={"format": fmt})
    table = exports.export_table(user, filters)
    if fmt == "xlsx":
        return xlsx_response(
            table.header,
            table.rows,
            filename=f"{table.filename_stem}.xlsx",
            sheet="Pengaduan",
            text_columns=table.text_columns,
            zone=table.zone,
            time_columns=table.time_columns,
        )
    return csv_response(
        table.header,
        table.rows,
        filename=f"{table.filename_stem}.csv",
        zone=table.zone,
        time_columns=table.time_columns,
    )


@requires("complaints.handle", methods=("POST",))
def export_job(request: HttpRequest) -> HttpResponse:
    """Start the export as a job (large inboxes): the progress page, then the download."""
    user = _user(request)
    filters = InboxFilterForm(request.GET or None)
    chosen = ExportForm(request.POST)
    fmt = chosen.cleaned_data["format"] if chosen.is_valid() else "xlsx"
    params = asdict(filters.filters()) if request.GET else {}
    job = job_start(
        actor=user,
        kind="complaints.export",
        title=_("Complaints export (%(format)s)") % {"format": fmt.upper()},
        organisation=selectors.pemda_of_viewer(user, "complaints.handle"),
        params={**params, "format": fmt},
        next_url=reverse("complaints:inbox"),
    )
    return redirect("core:job_detail", public_id=job.public_id)


def _year(request: HttpRequest, user: User) -> int:
    current = clock.today(selectors.pemda_of_viewer(user, "complaints.view_stats")).year
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = current
    return year if 2000 <= year <= 2100 else current


@requires("complaints.view_stats")
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    """``/app/pengaduan/statistik/``: volumes, SLA compliance, outcomes, LKE ratio per OPD."""
    user = _user(request)
    year = _year(request, user)
    st = selectors.statistics_for(viewer=user, year=year)
    month_names = [
        _("Jan"),
        _("Feb"),
        _("Mar"),
        _("Apr"),
        _("May"),
        _("Jun"),
        _("Jul"),
        _("Aug"),
        _("Sep"),
        _("Oct"),
        _("Nov"),
        _("Dec"),
    ]
    peak = max([n for _m, n in st.by_month] + [1])
    charts = [
        bar_chart(
            [(month_names[m - 1], float(n)) for m, n in st.by_month],
            title=_("Complaints received per month, %(year)s") % {"year": year},
            max_value=float(peak),
            decimals=0,
        ),
        bar_chart(
            [(k, float(n)) for k, n in st.by_unit[:12]],
            title=_("Complaints per unit (top 12)"),
            max_value=float(max([n for _k, n in st.by_unit] + [1])),
            decimals=0,
        ),
        bar_chart(
            [(k, float(n)) for k, n in st.by_channel],
            title=_("Complaints per channel"),
            max_value=float(max([n for _k, n in st.by_channel] + [1])),
            decimals=0,
        ),
        bar_chart(
            [(k, float(n)) for k, n in st.by_category],
            title=_("Complaints per category"),
            max_value=float(max([n for _k, n in st.by_category] + [1])),
            decimals=0,
        ),
    ]
    years = selectors.volume_by_year(viewer=user, years=[year - 2, year - 1, year])
    outcomes = [
        (
            _("Resolved (answered or closed after the answer)"),
            st.outcomes.get("resolved", 0),
            sla.percent(st.share("resolved")),
        ),
        (
            _("Rejected (not a complaint)"),
            st.outcomes.get("rejected", 0),
            sla.percent(st.share("rejected")),
        ),
        (
            _("Referred to another authority"),
            st.outcomes.get("referred", 0),
            sla.percent(st.share("referred")),
        ),
        (_("Duplicate"), st.outcomes.get("duplicate", 0), sla.percent(st.share("duplicate"))),
        (_("Still being handled"), st.outcomes.get("open", 0), sla.percent(st.share("open"))),
    ]
    return render(
        request,
        "complaints/stats.html",
        {
            "st": st,
            "year": year,
            "charts": charts,
            "years": years,
            "outcomes": outcomes,
            "change": sla.percent(st.change),
            "forward_compliance": sla.percent(st.forward_compliance),
            "answer_compliance": sla.percent(st.answer_compliance),
            "ratios": [(u, sla.percent(u.ratio)) for u in st.unit_ratios],
            "lke_total": st.lke_total,
            "lke_total_pct": sla.percent(st.lke_total.ratio) if st.lke_total else "–",
        },
    )


@requires("complaints.view_stats")
@require_GET
def stats_json(request: HttpRequest) -> JsonResponse:
    """The statistics as JSON (for the portal); ratios as decimals rounded to 4 places."""
    user = _user(request)
    year = _year(request, user)
    st = selectors.statistics_for(viewer=user, year=year)

    def dec(value: Any) -> float | None:
        return None if value is None else round(float(value), 4)

    return JsonResponse(
        {
            "year": year,
            "total": st.total,
            "previous_total": st.previous_total,
            "change": dec(st.change),
            "by_month": [{"month": m, "count": n} for m, n in st.by_month],
            "by_unit": [{"unit": k, "count": n} for k, n in st.by_unit],
            "by_category": [{"category": k, "count": n} for k, n in st.by_category],
            "by_channel": [{"channel": k, "count": n} for k, n in st.by_channel],
            "outcomes": st.outcomes,
            "forward_compliance": dec(st.forward_compliance),
            "answer_compliance": dec(st.answer_compliance),
            "median_handling_working_days": st.median_handling_days,
            "lke_ratio": [
                {
                    "unit": u.organisation.name,
                    "finished": u.finished,
                    "to_follow_up": u.to_follow_up,
                    "ratio": dec(u.ratio),
                }
                for u in st.unit_ratios
            ],
        }
    )


@requires("complaints.manage")
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    """``/app/pengaduan/pengaturan/``: the Pemda's working-day clocks (defaults DOMAIN.md §6)."""
    user = _user(request)
    pemda = selectors.pemda_of_viewer(user, "complaints.manage")
    if pemda is None or not permissions.can_manage_settings(user, pemda):
        raise Http404
    policy = services.policy_for(pemda)
    form = SettingsForm(
        request.POST or None,
        initial={
            "forward_days": policy.forward_days,
            "answer_days": policy.answer_days,
            "autoclose_days": policy.autoclose_days,
            "reopen_days": policy.reopen_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_settings_set(actor=user, pemda=pemda, **form.cleaned_data)
            messages.success(request, _("The settings were saved."))
            return redirect("complaints:settings")
        except ValidationError as exc:
            _service_errors(form, exc)
    return render(request, "complaints/settings.html", {"form": form, "pemda": pemda})
