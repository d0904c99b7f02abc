"""Views of the whistleblowing app: the reporter's pages (/wbs/) and the handlers' (/app/wbs/).

The reporter's pages never put the receipt in a URL (it travels in POST bodies), never change
their URL (answers are rendered in place, no redirects), set no cookie (no session, no CSRF
cookie: there is no ambient authority for a forged request to borrow — the receipt in the body
*is* the credential), send ``no-store`` and ``Referrer-Policy: no-referrer``, and offer a
"finished" page that sends ``Clear-Site-Data``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from integritas.core import ratelimit
from integritas.core.actors import Public
from integritas.core.forms import add_service_errors
from integritas.core.models import User
from integritas.core.permissions import public, requires
from integritas.core.uploads import SafeUpload
from integritas.whistleblowing import keys, receipts, selectors, services
from integritas.whistleblowing.choices import Author
from integritas.whistleblowing.forms import (
    ConcludeForm,
    DiscloseForm,
    ForwardForm,
    GrantForm,
    MessageForm,
    ReceiptForm,
    ReporterMessageForm,
    ReportForm,
    RotateForm,
)
from integritas.whistleblowing.models import Attachment, Report
from integritas.whistleblowing.workflows import REPORT_WORKFLOW


def _private(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    # The base template's forms ask for a CSRF token; the reporter gets no cookie at all
    # (the language switch on these pages therefore needs the site's other pages).
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    response["Referrer-Policy"] = "no-referrer"
    response.personal_data = True  # type: ignore[attr-defined]  # read by PrivacyHeadersMiddleware
    return response


# -- the reporter -------------------------------------------------------------------------------


def _source(request: HttpRequest) -> str | None:
    """The per-source bucket of a reporter: a hash of the network under a DAILY key (WBS:
    nothing that follows a reporter from one day to the next; THREAT_MODEL.md)."""
    return ratelimit.source_of(request, daily_key=True)


def _challenge(exc: ValidationError) -> str:
    """The proof-of-work challenge a ``rate_limited`` refusal carries ('' otherwise)."""
    params = getattr(exc, "params", None) or {}
    return str(params.get("challenge", "")) if exc.code == "rate_limited" else ""


@public("anyone may report without an account (issue 12, item 1)", methods=("GET", "POST"))
@csrf_exempt  # no cookie on the reporter's pages; see the module docstring
def submit(request: HttpRequest) -> HttpResponse:
    """``/wbs/``: the report form; on success the receipt, shown once, at the same URL."""
    form = ReportForm(request.POST or None, request.FILES or None)
    challenge = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, receipt = services.report_submit(
                actor=Public("web"),
                category=data["category"],
                content={k: data[k] for k in services.CONTENT_FIELDS},
                identity={"name": data["name"], "contact": data["contact"]},
                files=data["evidence"],
                source=_source(request),
                token=request.POST.get("pow_token", ""),
            )
        except ValidationError as exc:
            challenge = _challenge(exc)
            if not challenge:
                add_service_errors(form, exc)
        else:
            return _private(
                request,
                render(
                    request,
                    "whistleblowing/receipt.html",
                    {"receipt": receipts.grouped(receipt), "report": report},
                ),
            )
    pow_context = ratelimit.pow_context(services.submit_flood(), challenge)
    return _private(
        request, render(request, "whistleblowing/submit.html", {"form": form, **pow_context})
    )


def _track_page(
    request: HttpRequest, report: Report, key: bytes, receipt: str, form: ReporterMessageForm | None
) -> HttpResponse:
    content = services.read_content(report, key)
    return _private(
        request,
        render(
            request,
            "whistleblowing/track_result.html",
            {
                "report": report,
                "content": content,
                "receipt": receipts.grouped(receipt),
                "form": form or ReporterMessageForm(initial={"receipt": receipt}),
                "reporter": Author.REPORTER.value,
                "disclosures": list(report.disclosures.values_list("approved_on", flat=True)),
            },
        ),
    )


@public("a reporter follows up with the receipt alone (issue 12, item 2)", methods=("GET", "POST"))
@csrf_exempt  # no cookie on the reporter's pages; see the module docstring
def track(request: HttpRequest) -> HttpResponse:
    """``/wbs/lacak/``: open a report with its receipt (POST), read and write messages."""
    if request.method != "POST":
        return _private(
            request, render(request, "whistleblowing/track.html", {"form": ReceiptForm()})
        )
    if request.POST.get("action") == "message":
        message_form = ReporterMessageForm(request.POST, request.FILES)
        if message_form.is_valid():
            receipt = message_form.cleaned_data["receipt"]
            files: list[SafeUpload] = message_form.cleaned_data["evidence"]
            try:
                services.reporter_message(
                    actor=Public("web"),
                    receipt=receipt,
                    text=message_form.cleaned_data["text"],
                    files=files,
                    source=_source(request),
                )
            except ValidationError as exc:
                if exc.code in {"receipt", "rate_limited"}:
                    form = ReceiptForm(request.POST)
                    add_service_errors(form, exc)
                    return _private(
                        request, render(request, "whistleblowing/track.html", {"form": form})
                    )
                add_service_errors(message_form, exc)
            else:
                message_form = None  # type: ignore[assignment]  # sent: show a fresh form
        receipt = request.POST.get("receipt", "")
        try:
            report, key = services.report_open_by_receipt(
                actor=Public("web"), receipt=receipt, source=_source(request)
            )
        except ValidationError as exc:
            form = ReceiptForm(request.POST)
            add_service_errors(form, exc)
            return _private(request, render(request, "whistleblowing/track.html", {"form": form}))
        digits = receipts.normalise(receipt) or ""
        fresh = ReporterMessageForm(initial={"receipt": digits})
        return _track_page(request, report, key, digits, message_form or fresh)
    form = ReceiptForm(request.POST)
    if form.is_valid():
        try:
            report, key = services.report_open_by_receipt(
                actor=Public("web"), receipt=form.cleaned_data["receipt"], source=_source(request)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            digits = receipts.normalise(form.cleaned_data["receipt"]) or ""
            return _track_page(request, report, key, digits, None)
    return _private(request, render(request, "whistleblowing/track.html", {"form": form}))


@public("ends a reporter's visit: tells the browser to forget this site", methods=("GET", "POST"))
@csrf_exempt  # no cookie on the reporter's pages; see the module docstring
def leave(request: HttpRequest) -> HttpResponse:
    """``/wbs/selesai/``: clear this site's cache, cookies and storage in the browser."""
    response = _private(request, render(request, "whistleblowing/leave.html"))
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


# -- handlers -----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@requires("whistleblowing.view_reports")
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    reports = list(selectors.report_list(viewer=user)[:200])
    rows = [(r, selectors.is_overdue(r)) for r in reports]
    return render(
        request,
        "whistleblowing/inbox.html",
        {"rows": rows, "unlocked": keys.session_key(request) is not None},
    )


def _detail(
    request: HttpRequest,
    report: Report,
    *,
    message_form: MessageForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    unlocked = keys.session_key(request)
    content = None
    if unlocked is not None:
        try:
            content = services.report_read(actor=user, report=report, private_key=unlocked[1])
        except PermissionDenied:
            content = None
    actions = REPORT_WORKFLOW.available_actions(user, report)
    return render(
        request,
        "whistleblowing/detail.html",
        {
            "report": report,
            "content": content,
            "unlocked": unlocked is not None,
            "overdue": selectors.is_overdue(report),
            "actions": actions,
            "conclude_form": ConcludeForm(),
            "forward_form": ForwardForm(),
            "message_form": message_form or MessageForm(),
            "errors": errors or [],
            "reporter": Author.REPORTER.value,
            "disclosures": list(report.disclosures.select_related("handler", "approved_by")),
            "may_see_identity": report.disclosures.filter(handler=user).exists(),
            "other_handlers": [
                u
                for u in selectors.handlers_without_key_or_access(viewer=user)
                if not report.conflicts.filter(user=u).exists()
            ],
        },
        status=status,
    )


@requires("whistleblowing.view_reports")
def detail(request: HttpRequest, number: str) -> HttpResponse:
    report = selectors.report_get(viewer=request.user, number=number)
    return _detail(request, report)


@requires("whistleblowing.handle", methods=("POST",))
def act(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One workflow action per URL (``/app/wbs/<number>/aksi/<action>/``)."""
    report = selectors.report_get(viewer=request.user, number=number)
    user = _user(request)
    try:
        REPORT_WORKFLOW.action(action)
    except KeyError:
        raise Http404 from None
    try:
        if action == "investigate":
            services.report_investigate(actor=user, report=report)
        elif action == "conclude":
            services.report_conclude(
                actor=user, report=report, result=request.POST.get("result", "")
            )
        elif action == "forward":
            services.report_forward(
                actor=user, report=report, forwarded_to=request.POST.get("forwarded_to", "")
            )
        else:
            services.report_reject(actor=user, report=report)
    except ValidationError as exc:
        report.refresh_from_db()
        return _detail(request, report, errors=list(exc.messages), status=400)
    return redirect("whistleblowing:detail", number=report.number)


@requires("whistleblowing.handle", methods=("POST",))
def message(request: HttpRequest, number: str) -> HttpResponse:
    report = selectors.report_get(viewer=request.user, number=number)
    unlocked = keys.session_key(request)
    form = MessageForm(request.POST)
    if unlocked is None:
        return _detail(request, report, errors=[_("Your key is not unlocked; sign in again.")])
    if form.is_valid():
        try:
            services.handler_message(
                actor=_user(request),
                report=report,
                private_key=unlocked[1],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("whistleblowing:detail", number=report.number)
    return _detail(request, report, message_form=form, status=400)


@requires("whistleblowing.view_reports")
def attachment(request: HttpRequest, number: str, public_id: str) -> HttpResponse:
    report = selectors.report_get(viewer=request.user, number=number)
    unlocked = keys.session_key(request)
    if unlocked is None:
        raise Http404
    try:
        name, mime, data = services.attachment_open(
            actor=_user(request), report=report, private_key=unlocked[1], public_id=public_id
        )
    except Attachment.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@requires("whistleblowing.handle", methods=("POST",))
def conflict(request: HttpRequest, number: str) -> HttpResponse:
    """The handler declares their own conflict of interest on a report (one way)."""
    report = selectors.report_get(viewer=request.user, number=number)
    user = _user(request)
    services.conflict_declare(actor=user, report=report, user=user)
    return redirect("whistleblowing:inbox")


@requires("whistleblowing.handle", methods=("POST",))
def disclose(request: HttpRequest, number: str) -> HttpResponse:
    """A WBS manager approves, with a reason, that another handler may see the identity."""
    report = selectors.report_get(viewer=request.user, number=number)
    unlocked = keys.session_key(request)
    form = DiscloseForm(request.POST)
    other = None
    if form.is_valid():
        other = User.objects.filter(username=form.cleaned_data["handler"], is_active=True).first()
    if unlocked is None or other is None:
        return _detail(
            request, report, errors=[_("Choose a handler and give a reason.")], status=400
        )
    try:
        services.identity_disclose(
            actor=_user(request),
            report=report,
            private_key=unlocked[1],
            handler=other,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return _detail(request, report, errors=list(exc.messages), status=400)
    return redirect("whistleblowing:detail", number=report.number)


@requires("whistleblowing.handle", methods=("POST",))
def identity(request: HttpRequest, number: str) -> HttpResponse:
    """Show the reporter's identity to a handler with an approval (each opening audited)."""
    report = selectors.report_get(viewer=request.user, number=number)
    unlocked = keys.session_key(request)
    if unlocked is None:
        raise Http404
    shown = services.identity_read(actor=_user(request), report=report, private_key=unlocked[1])
    return render(request, "whistleblowing/identity.html", {"report": report, "identity": shown})


@requires("whistleblowing.view_reports")
def key_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "whistleblowing/keys.html",
        {
            "has_key": selectors.has_key(user),
            "unlocked": keys.session_key(request) is not None,
            "others": selectors.handlers_without_key_or_access(viewer=user),
            "rotate_form": RotateForm(),
        },
    )


@requires("whistleblowing.handle", methods=("POST",))
def key_rotate(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    unlocked = keys.session_key(request)
    form = RotateForm(request.POST)
    if unlocked is not None and form.is_valid():
        try:
            new, private = services.handler_key_rotate(
                actor=user, private_key=unlocked[1], password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            keys.put_in_session(request, new.pk, private)
            return redirect("whistleblowing:keys")
    return render(
        request,
        "whistleblowing/keys.html",
        {
            "has_key": selectors.has_key(user),
            "unlocked": unlocked is not None,
            "others": selectors.handlers_without_key_or_access(viewer=user),
            "rotate_form": form,
        },
        status=400,
    )


@requires("whistleblowing.handle", methods=("POST",))
def key_grant(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    unlocked = keys.session_key(request)
    form = GrantForm(request.POST)
    if unlocked is None or not form.is_valid():
        raise Http404
    other = User.objects.filter(username=form.cleaned_data["user"], is_active=True).first()
    if other is None or other not in selectors.handlers_without_key_or_access(viewer=user):
        raise Http404
    try:
        services.access_grant(actor=user, private_key=unlocked[1], to_user=other)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("whistleblowing:keys")


@requires("whistleblowing.view_stats")
def stats(request: HttpRequest) -> HttpResponse:
    return render(request, "whistleblowing/stats.html", {"stats": selectors.stats()})
