"""Background work of the surveys app: the job handlers (``core.jobs``).

- ``surveys.import_responses``: paper/other-tool SKM responses from an uploaded CSV/XLSX,
  all or nothing, every problem with its row and column;
- ``surveys.export_xlsx``: the anonymous responses as an XLSX workbook;
- ``surveys.report_pdf``: the quarterly PDF report of one period.

Each runs as ``handler(job, progress, actor)`` with the person who started the job as the
actor: the services and selectors check that person's permissions again.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from integritas.core.actors import Actor, System
from integritas.core.exports import xlsx_bytes
from integritas.core.jobs import JobError, JobFailed, JobOutput, Progress, read_input
from integritas.core.models import Job, User
from integritas.core.pdf import render_pdf
from integritas.surveys import reports, selectors, services
from integritas.surveys.models import Survey
from integritas.surveys.permissions import can_export
from integritas.surveys.responses_io import ResponseFileError, read_responses_upload

IMPORT = "surveys.import_responses"
EXPORT_XLSX = "surveys.export_xlsx"
REPORT_PDF = "surveys.report_pdf"

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: "baris 7, kolom U3: …" — how ``responses_io`` names a cell in its problems.
_WHERE = re.compile(r"^baris (?P<row>\d+)(?:, kolom (?P<column>[^:]+))?:")


def _file_error(problem: str) -> JobError:
    match = _WHERE.match(problem)
    if match is None:
        return JobError(problem)
    return JobError(problem, row=int(match["row"]), column=(match["column"] or "").strip())


def _survey(job: Job) -> Survey:
    return selectors.survey_for_job(int(job.params["survey"]))


def _user(actor: Actor) -> User:
    if not isinstance(actor, User):
        raise JobFailed([JobError(_("This job must be started by a signed-in person."))])
    return actor


def _may_export(actor: Actor, survey: Survey) -> None:
    if not can_export(actor, survey):
        raise JobFailed([JobError(_("You do not have permission to do this."))])


def import_responses(job: Job, progress: Progress, actor: Actor) -> JobOutput | None:
    """Read the uploaded file and store its responses (``services.responses_import``)."""
    survey = _survey(job)
    try:
        rows = read_responses_upload(read_input(job), job.input_name)
    except ResponseFileError as error:
        raise JobFailed([_file_error(p) for p in error.problems]) from None
    progress.set_total(len(rows))
    try:
        count = services.responses_import(
            actor=actor,
            survey=survey,
            rows=rows,
            default_period=job.params.get("period") or None,
            on_row=progress.advance,
        )
    except services.ImportRefused as error:
        raise JobFailed(
            [JobError(p.message, row=p.row, column=p.column) for p in error.problems]
        ) from None
    except ValidationError as error:
        raise JobFailed([JobError(m) for m in error.messages]) from None
    except PermissionDenied as error:
        raise JobFailed([JobError(str(error))]) from None
    progress.note(_("%(count)s responses were imported.") % {"count": count})
    return None


def export_xlsx(job: Job, progress: Progress, actor: Actor) -> JobOutput | None:
    """The anonymous responses of one period (or all) as an XLSX workbook."""
    survey = _survey(job)
    period = job.params.get("period") or None
    _may_export(actor, survey)
    try:
        header, rows = reports.export_table(_user(actor), survey, period)
    except Http404:
        raise JobFailed([JobError(_("You may not export these responses."))]) from None
    content = xlsx_bytes(header, rows, sheet="Jawaban")
    return JobOutput(content, f"{reports.export_name(survey, period)}.xlsx", XLSX_TYPE)


def report_pdf(job: Job, progress: Progress, actor: Actor) -> JobOutput | None:
    """The quarterly PDF report: the same figures and SVG charts as the page."""
    survey = _survey(job)
    _may_export(actor, survey)
    context = reports.results_context(_user(actor), survey, job.params.get("period", ""))
    if not context["period"]:
        raise JobFailed([JobError(_("This period has no result to report."))])
    pdf = render_pdf("surveys/report_pdf.html", context)
    return JobOutput(pdf, f"laporan-skm-{survey.slug}-{context['period']}.pdf", "application/pdf")


#: Job kind → handler (read from the app's declaration).
JOBS = {IMPORT: import_responses, EXPORT_XLSX: export_xlsx, REPORT_PDF: report_pdf}


def responses_daily_count() -> int:
    """Sweep: one audit event per survey and finished day with the count of answers."""
    return services.responses_audit_daily(actor=System("sweep"))


def responses_shuffle() -> int:
    """Sweep: reorder the response table by its random key (PostgreSQL, once a day)."""
    return services.responses_shuffle(actor=System("sweep"))
