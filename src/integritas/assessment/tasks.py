"""Background work of the assessment app: the LKE workbook import and export and the PDF
report as jobs with a progress page (``core.jobs``), and the feeds refresh run by a worker.

Job handlers run as ``handler(job, progress, actor)`` with the person who started the job as
``actor``: the services they call check that person's permissions again. ``job.params``
carries the assessment's public id (and the basis of an export).
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from integritas.assessment import permissions as perms
from integritas.assessment import selectors, services
from integritas.assessment.choices import AssessmentStatus, ScoreBasis
from integritas.assessment.models import Assessment
from integritas.assessment.report import report_context
from integritas.assessment.scores import answers_of, template_of
from integritas.assessment.workbook import write_workbook
from integritas.core.actors import Actor, System
from integritas.core.exports import safe_text
from integritas.core.jobs import Handler, JobError, JobFailed, JobOutput, Progress, read_input
from integritas.core.models import Job
from integritas.core.pdf import render_pdf
from integritas.core.permissions import require

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

IMPORT_JOB = "assessment.import_workbook"
EXPORT_JOB = "assessment.export_workbook"
REPORT_JOB = "assessment.report_pdf"


def _assessment(job: Job) -> Assessment:
    found = (
        Assessment.objects.select_related("organisation")
        .filter(public_id=str(job.params.get("assessment", "")))
        .first()
    )
    if found is None:
        raise JobFailed([JobError(_("The assessment no longer exists."))])
    return found


def import_workbook(job: Job, progress: Progress, actor: Actor) -> JobOutput | None:
    """Replace a draft's answers with those of the uploaded LKE workbook (all or nothing).

    Every bad cell is reported with its sheet, row and column; nothing is stored then.
    """
    a = _assessment(job)
    progress.note(_("Reading the workbook…"))
    try:
        result = services.answers_import(
            actor=actor,
            assessment=a,
            stream=io.BytesIO(read_input(job)),
            on_total=progress.set_total,
            advance=progress.advance,
        )
    except services.ImportRefused as exc:
        raise JobFailed(
            [JobError(p.message, sheet=p.sheet, row=p.row, column=p.column) for p in exc.problems]
        ) from None
    except ValidationError as exc:
        raise JobFailed([JobError(m) for m in exc.messages]) from None
    message = ngettext(
        "%(count)s answer imported.", "%(count)s answers imported.", result.written
    ) % {"count": result.written}
    if result.kept_fed:
        message += " " + _("Fed figures kept: %(codes)s.") % {"codes": ", ".join(result.kept_fed)}
    if result.warnings:
        message += " " + _("Warnings: %(warnings)s") % {
            "warnings": " ".join(w.message for w in result.warnings)
        }
    progress.note(message)
    return None


def export_workbook(job: Job, progress: Progress, actor: Actor) -> JobOutput:
    """The assessment in the LKE sheet layout: the unit's answers or the TPI's values."""
    a = _assessment(job)
    require(perms.can_view(actor, a))
    basis = ScoreBasis.TPI if job.params.get("basis") == ScoreBasis.TPI else ScoreBasis.SELF
    rows = selectors.stored_rows(a, basis)
    progress.set_total(len(rows))
    buf = io.BytesIO()
    write_workbook(
        template_of(a.template_id),
        answers_of(rows),
        buf,
        notes={r.code: r.note for r in rows if r.note},
    )
    progress.advance(len(rows))
    name = safe_text(f"LKE-{a.year}-{a.organisation.code}-{basis}.xlsx")
    return JobOutput(content=buf.getvalue(), filename=name, content_type=XLSX_MIME)


def report_pdf(job: Job, progress: Progress, actor: Actor) -> JobOutput:
    """The PDF report: scores per area with a chart, verdict, unmet conditions, TPI notes."""
    a = _assessment(job)
    require(perms.can_view(actor, a))
    progress.set_total(1)
    pdf = render_pdf("assessment/report_pdf.html", report_context(a))
    progress.advance()
    name = safe_text(f"LKE-{a.year}-{a.organisation.code}.pdf")
    return JobOutput(content=pdf, filename=name, content_type="application/pdf")


#: Job kinds of this app (``AppDeclaration.jobs``).
JOBS: dict[str, Handler] = {
    IMPORT_JOB: import_workbook,
    EXPORT_JOB: export_workbook,
    REPORT_JOB: report_pdf,
}


@task()
def refresh_open_feeds() -> int:
    """Take the fed figures again for every assessment before the lock; return how many."""
    actor = System("lke.refresh_feeds")
    count = 0
    for a in Assessment.objects.filter(
        status__in=[AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED]
    ).select_related("organisation"):
        services.assessment_refresh_feeds(actor=actor, assessment=a)
        count += 1
    return count
