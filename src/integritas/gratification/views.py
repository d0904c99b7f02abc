"""Views of the gratification app (/app/gratifikasi/)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from integritas.core import clock
from integritas.core.exports import csv_response
from integritas.core.forms import add_service_errors
from integritas.core.models import User
from integritas.core.permissions import has_permission, requires
from integritas.core.uploads import attachment_response, check_upload, max_file_bytes
from integritas.gratification import permissions, rules, selectors, services
from integritas.gratification.forms import (
    DecideForm,
    DocumentForm,
    ForwardForm,
    GratificationForm,
)
from integritas.gratification.models import GratificationReport
from integritas.gratification.workflows import UPG_WORKFLOW


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@requires("gratification.use_own_reports")
def index(request: HttpRequest) -> HttpResponse:
    reports = list(selectors.report_list(viewer=_user(request))[:300])
    upg = has_permission(_user(request), "gratification.view_reports")
    return render(request, "gratification/index.html", {"reports": reports, "perms_upg": upg})


@requires("gratification.report")
def new(request: HttpRequest) -> HttpResponse:
    """The employee's report form; the answer says at once whether the gift is exempt."""
    form = GratificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_submit(
                actor=_user(request), reporter=_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("gratification:detail", public_id=report.public_id)
    return render(request, "gratification/new.html", {"form": form})


def _page(
    request: HttpRequest,
    report: GratificationReport,
    errors: list[str] | None = None,
    status: int = 200,
    document_form: DocumentForm | None = None,
) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "gratification/detail.html",
        {
            "report": report,
            "actions": UPG_WORKFLOW.available_actions(user, report),
            "forward_form": ForwardForm(),
            "document_form": document_form or DocumentForm(),
            "documents": list(report.documents.all()),
            "can_add_document": permissions.can_complete(user, report)
            and report.status in {"submitted", "incomplete", "verified"},
            "decide_form": DecideForm(),
            "errors": errors or [],
            "overdue": report.status == "submitted"
            and clock.today(report.pemda)
            > services.upg_forward_due(report.pemda, report.reported_on),
            "completion_days": rules.rule_set_for(report.received_on).completion_days,
        },
        status=status,
    )


@requires("gratification.use_own_reports")
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.report_get(viewer=_user(request), public_id=public_id)
    return _page(request, report)


@requires("gratification.report", methods=("POST",))
def act(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    """One workflow action per URL (``/app/gratifikasi/<id>/aksi/<action>/``)."""
    user = _user(request)
    report = selectors.report_get(viewer=user, public_id=public_id)
    post = request.POST
    try:
        if action == "verify":
            services.report_verify(actor=user, report=report)
        elif action == "ask_completion":
            services.report_ask_completion(actor=user, report=report)
        elif action == "complete":
            services.report_complete(
                actor=user, report=report, description=post.get("description", "")
            )
        elif action == "forward":
            services.report_forward(
                actor=user, report=report, gol_number=post.get("gol_number", "")
            )
        elif action == "decide":
            services.report_decide(
                actor=user,
                report=report,
                decision=post.get("decision", ""),
                decree=post.get("decree", ""),
            )
        elif action == "hand_over":
            services.report_hand_over(actor=user, report=report)
        else:
            raise Http404
    except ValidationError as exc:
        report.refresh_from_db()
        return _page(request, report, errors=list(exc.messages), status=400)
    return redirect("gratification:detail", public_id=report.public_id)


@requires("gratification.view_recap")
def recap(request: HttpRequest) -> HttpResponse:
    year = clock.today(None).year
    return render(
        request, "gratification/recap.html", {"year": year, "rows": selectors.recap(year=year)}
    )


@requires("gratification.view_reports")
def kpk_export(request: HttpRequest) -> StreamingHttpResponse:
    """Verified reports in the fields of the KPK's online form (CSV), to copy into GOL."""
    return csv_response(
        selectors.KPK_COLUMNS,
        selectors.kpk_rows(viewer=_user(request)),
        filename="gratifikasi-kpk.csv",
    )


@requires("gratification.report", methods=("POST",))
def document_add(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/dokumen/``: the reporter adds a supporting document (checked and cleaned)."""
    user = _user(request)
    report = selectors.report_get(viewer=user, public_id=public_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            safe = check_upload(
                upload,
                name=upload.name or "",
                allowed=services.DOCUMENT_KINDS,
                max_bytes=max_file_bytes(),
            )
            services.document_add(actor=user, report=report, upload=safe)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("gratification:detail", public_id=report.public_id)
    return _page(request, report, status=400, document_form=form)


@requires("gratification.use_own_reports")
def document(request: HttpRequest, public_id: str, document_id: str) -> StreamingHttpResponse:
    """A supporting document as a download, to the reporter and the UPG only."""
    user = _user(request)
    report = selectors.report_get(viewer=user, public_id=public_id)
    doc = selectors.document_get(viewer=user, report=report, public_id=document_id)
    return attachment_response(doc.storage_name, filename=doc.original_name, mime=doc.mime)
