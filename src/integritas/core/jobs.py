"""Long work as background jobs with progress people can watch (issue 9, item 9).

An app declares job handlers (``AppDeclaration.jobs``: kind → handler). A view starts a job
with :func:`job_start` — the uploaded file, if any, is stored privately first — and sends the
person to the job's progress page (``/app/tugas/<id>/``), which refreshes itself (a
``<noscript>`` refresh without JavaScript, a small script with it) until the job is done: then
it shows the errors (sheet, row, column) or offers the produced file for download.

The handler runs in a django-tasks worker (``integritas manage db_worker``; the demo starts
one) as ``handler(job, progress, actor)``: ``actor`` is the person who started the job, so
the services it calls check their permissions again and audit under that person's name.
It reports progress with :class:`Progress` and returns a :class:`JobOutput` (a file) or
None; it raises :class:`JobFailed` with the problems found, any other exception fails the
job with a generic message (logged). A job that fails leaves no half file behind.

Transactions: the handler is NOT wrapped in one transaction, so that the progress it reports
while it reads and checks its input is committed at once and the page can show it (a count
written inside a transaction is invisible to other connections until the commit). A handler
therefore does all its writes through one atomic service call (``answers_import``,
``responses_import``, …) after or while checking, and raises :class:`JobFailed` from inside
that transaction, so a refused import keeps nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from integritas.core import clock
from integritas.core.actors import Actor, System
from integritas.core.audit import after_commit, audit_record
from integritas.core.choices import JobStatus
from integritas.core.models import Job, Organisation, User
from integritas.core.uploads import random_storage_name

logger = logging.getLogger(__name__)

#: How many errors a job keeps (the page lists them; more are counted in the message).
MAX_ERRORS = 200


@dataclass(frozen=True)
class JobError:
    """One problem found by a job, with where it is (any part may be empty)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }


class JobFailed(Exception):
    """Raised by a handler: the job failed for these reasons; nothing it wrote is kept."""

    def __init__(self, errors: Sequence[JobError], message: str = "") -> None:
        super().__init__(message or "; ".join(e.message for e in errors[:3]))
        self.errors = list(errors)
        self.message = message


@dataclass(frozen=True)
class JobOutput:
    """A file produced by a job: bytes, the name offered for download and its MIME type."""

    content: bytes
    filename: str
    content_type: str
    message: str = ""


@dataclass
class Progress:
    """What a handler reports while it runs; saved at most every ``every`` steps."""

    job: Job
    every: int = 50
    _since_save: int = field(default=0, init=False)

    def set_total(self, total: int) -> None:
        self.job.total = max(0, total)
        self.job.done = min(self.job.done, self.job.total)
        self._save()

    def advance(self, steps: int = 1) -> None:
        self.job.done = min(self.job.done + steps, self.job.total or self.job.done + steps)
        if not self.job.total:
            self.job.total = self.job.done
        self._since_save += steps
        if self._since_save >= self.every:
            self._save()

    def note(self, message: str) -> None:
        self.job.message = message
        self._save()

    def _save(self) -> None:
        self._since_save = 0
        # Outside a transaction this commits at once, so the progress page sees it.
        Job.objects.filter(pk=self.job.pk).update(
            done=self.job.done, total=self.job.total, message=self.job.message
        )


Handler = Callable[[Job, Progress, Actor], JobOutput | None]
_HANDLERS: dict[str, Handler] = {}


def register_job(kind: str, handler: Handler) -> None:
    """Register the handler of ``kind`` (from an app's declaration)."""
    existing = _HANDLERS.get(kind)
    if existing is not None and existing is not handler:
        raise ValueError(f"Job kind {kind!r} is already registered")
    _HANDLERS[kind] = handler


def job_kinds() -> Mapping[str, Handler]:
    """Every registered job kind."""
    return dict(_HANDLERS)


def job_start(
    *,
    actor: User,
    kind: str,
    title: str,
    organisation: Organisation | None = None,
    params: Mapping[str, Any] | None = None,
    upload: bytes | None = None,
    upload_name: str = "",
    next_url: str = "",
) -> Job:
    """Queue a job of ``kind`` for ``actor`` (who alone may watch it); return the job.

    The caller has checked that ``actor`` may start it; the handler's services check again
    when it runs. ``upload`` is stored privately under a random name until the job ran.
    ``KeyError`` for an unknown kind.
    """
    if kind not in _HANDLERS:
        raise KeyError(f"Unknown job kind {kind!r}")
    with transaction.atomic():
        job = Job(
            kind=kind,
            title=title[:300],
            owner=actor,
            organisation=organisation,
            params=dict(params or {}),
            input_name=upload_name[:300],
            next_url=next_url[:500],
            created_at=clock.now(),
        )
        if upload is not None:
            job.input_file = default_storage.save(
                random_storage_name("jobs/input"), ContentFile(upload)
            )
        job.full_clean()
        job.save()
        audit_record(
            actor=actor,
            action="job.start",
            target=job,
            organisation=organisation,
            after={"kind": kind, "title": job.title, "input_name": job.input_name},
        )
        job_id = job.pk
        after_commit(lambda: run_job.enqueue(job_id=job_id))
    return job


def read_input(job: Job) -> bytes:
    """The uploaded file of ``job`` (empty when it had none)."""
    if not job.input_file:
        return b""
    with default_storage.open(job.input_file, "rb") as handle:
        data: bytes = handle.read()
    return data


@task()
def run_job(job_id: int) -> str:
    """Run one queued job to its end (the entry point of every job); return its status."""
    return execute(job_id)


def execute(job_id: int) -> str:
    """Run job ``job_id`` if it is queued or was left running by a worker that died.

    A restarted job starts from the beginning: its handler's writes are one transaction, so
    nothing of the first try was kept.
    """
    claimed = Job.objects.filter(
        pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).update(status=JobStatus.RUNNING, started_at=clock.now(), done=0)
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("owner", "organisation").get(pk=job_id)
    handler = _HANDLERS.get(job.kind)
    actor: Actor = job.owner if job.owner is not None else System(f"job:{job.kind}")
    progress = Progress(job)
    try:
        if handler is None:
            raise JobFailed([JobError(_("This kind of job is no longer available."))])
        output = handler(job, progress, actor)
    except JobFailed as exc:
        _finish(job, JobStatus.FAILED, errors=exc.errors, message=exc.message)
        return str(JobStatus.FAILED)
    except Exception:
        logger.exception("job %s (%s) failed", job.public_id, job.kind)
        _finish(
            job,
            JobStatus.FAILED,
            errors=[JobError(_("The job stopped because of an internal error."))],
        )
        return str(JobStatus.FAILED)
    _finish(job, JobStatus.DONE, output=output)
    return str(JobStatus.DONE)


def _finish(
    job: Job,
    status: str,
    *,
    errors: Sequence[JobError] = (),
    message: str = "",
    output: JobOutput | None = None,
) -> None:
    with transaction.atomic():
        job.status = status
        job.finished_at = clock.now()
        kept = list(errors)[:MAX_ERRORS]
        job.errors = [e.as_dict() for e in kept]
        if len(errors) > MAX_ERRORS:
            message = message or _("%(n)s problems found; the first %(kept)s are listed.") % {
                "n": len(errors),
                "kept": MAX_ERRORS,
            }
        if output is not None:
            job.result_file = default_storage.save(
                random_storage_name("jobs/result"), ContentFile(output.content)
            )
            job.result_name = output.filename[:300]
            job.result_type = output.content_type[:100]
            message = message or output.message
        if status == JobStatus.DONE and job.total and job.done < job.total:
            job.done = job.total
        job.message = message or job.message
        if job.input_file:
            default_storage.delete(job.input_file)
            job.input_file = ""
        job.save()
        audit_record(
            actor=System(f"job:{job.kind}"),
            action=f"job.{'done' if status == JobStatus.DONE else 'failed'}",
            target=job,
            organisation=job.organisation,
            after={"status": status, "done": job.done, "total": job.total, "errors": len(kept)},
        )
