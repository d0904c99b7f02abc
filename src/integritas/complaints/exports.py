"""The inbox export (CSV/XLSX): its columns and the ``complaints.export`` job.

Formula-safe, tracking codes, LAPOR! ids, NIK and phone numbers as text. Identity columns
only in the complaint manager's export, and never for rahasia (``selectors.export_rows``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from integritas.complaints import selectors
from integritas.core import clock
from integritas.core.actors import Actor, actor_user
from integritas.core.exports import csv_bytes, xlsx_bytes
from integritas.core.jobs import JobError, JobFailed, JobOutput, Progress
from integritas.core.models import Job

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTER_KEYS = ("status", "category", "channel", "sla", "q", "organisation")


def _labels(with_identity: bool) -> dict[str, str]:
    return {
        "tracking_code": _("Tracking code") if with_identity else _("Reference"),
        "received_at": _("Received"),
        "channel": _("Channel"),
        "category": _("Category"),
        "status": _("Status"),
        "responsible_unit": _("Responsible unit"),
        "subject": _("Subject"),
        "description": _("Description"),
        "identity": _("Identity"),
        "forward_due": _("Forwarding deadline"),
        "forwarded_at": _("Forwarded"),
        "answer_due": _("Answer deadline"),
        "answered_at": _("Answered"),
        "closed_at": _("Closed"),
        "referred_to": _("Referred to"),
        "referral_reference": _("Referral reference"),
        "lapor_id": _("SP4N-LAPOR! tracking id"),
        "rating": _("Rating"),
        "name": _("Name"),
        "email": _("E-mail"),
        "phone": _("Phone"),
        "nik": _("NIK"),
    }


@dataclass
class ExportTable:
    """Header, rows (lazy) and the columns kept as text."""

    header: list[str]
    rows: Iterator[list[Any]]
    text_columns: list[int]
    filename_stem: str
    zone: str = "Asia/Jakarta"
    time_columns: tuple[int, ...] = ()


TIME_KEYS = ("received_at", "forward_due", "forwarded_at", "answer_due", "answered_at", "closed_at")


def export_table(viewer: Any, filters: selectors.InboxFilters) -> ExportTable:
    """The viewer's inbox (with ``filters``) as an export table."""
    with_identity = selectors.export_with_identity(viewer)
    labels = _labels(with_identity)
    keys = selectors.export_header(with_identity=with_identity)
    text_columns = [keys.index("tracking_code"), keys.index("lapor_id")] + (
        [keys.index("nik"), keys.index("phone")] if with_identity else []
    )
    pemda = selectors.pemda_of_viewer(viewer, "complaints.handle")
    stamp = clock.today(pemda).strftime("%Y%m%d")
    return ExportTable(
        header=[labels[k] for k in keys],
        rows=selectors.export_rows(viewer=viewer, filters=filters),
        text_columns=text_columns,
        filename_stem=f"pengaduan-{stamp}",
        zone=pemda.timezone if pemda is not None else "Asia/Jakarta",
        time_columns=tuple(keys.index(k) for k in TIME_KEYS),
    )


def filters_from(params: dict[str, Any]) -> selectors.InboxFilters:
    """Inbox filters from a job's stored parameters."""
    return selectors.InboxFilters(**{k: str(params.get(k) or "") for k in FILTER_KEYS})


def render(table: ExportTable, fmt: str, rows: Sequence[list[Any]] | None = None) -> JobOutput:
    """The export file in ``fmt`` (``csv`` or ``xlsx``)."""
    data = table.rows if rows is None else rows
    if fmt == "xlsx":
        return JobOutput(
            content=xlsx_bytes(
                table.header,
                data,
                sheet="Pengaduan",
                text_columns=table.text_columns,
                zone=table.zone,
                time_columns=table.time_columns,
            ),
            filename=f"{table.filename_stem}.xlsx",
            content_type=XLSX_TYPE,
        )
    return JobOutput(
        content=csv_bytes(table.header, data, zone=table.zone, time_columns=table.time_columns),
        filename=f"{table.filename_stem}.csv",
        content_type="text/csv; charset=utf-8",
    )


def export_job(job: Job, progress: Progress, actor: Actor) -> JobOutput:
    """The ``complaints.export`` job: the inbox of the person who started it, as a file.

    Their scope is read again now (a role taken away since the start is respected).
    """
    user = actor_user(actor)
    if user is None:
        raise JobFailed([JobError(_("You do not have permission to do this."))])
    table = export_table(user, filters_from(job.params))
    rows = list(table.rows)
    progress.set_total(len(rows))
    output = render(table, str(job.params.get("format", "xlsx")), rows)
    progress.advance(len(rows))
    return output
