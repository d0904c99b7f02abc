"""Writes of the gratification app (issue 12, items 8–9); every function takes an actor."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from integritas.core import clock
from integritas.core.actors import Actor, System
from integritas.core.audit import audited
from integritas.core.models import Organisation, User
from integritas.core.permissions import deny, require, require_permission
from integritas.core.selectors import calendar_for, pemda_of
from integritas.core.uploads import SafeUpload, store_upload
from integritas.gratification import notifications, rules
from integritas.gratification.choices import Decision
from integritas.gratification.models import Document, GratificationReport
from integritas.gratification.workflows import UPG_WORKFLOW

AUDIT_FIELDS = [
    "status",
    "exempt",
    "late",
    "completion_due",
    "gol_number",
    "decision",
    "decree",
    "handed_over_on",
]


def _at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def deadlines(pemda: Organisation, received_on: dt.date) -> tuple[dt.date, dt.date]:
    """(due at the UPG, due at the KPK): 10 and 30 working days from the date received."""
    cal = calendar_for(pemda)
    start = _at_noon(received_on)
    to_upg = cal.local_date(cal.add_working_days(start, rules.TO_UPG_DAYS))
    to_kpk = cal.local_date(cal.add_working_days(start, rules.TO_KPK_DAYS))
    return to_upg, to_kpk


def upg_forward_due(pemda: Organisation, reported_on: dt.date) -> dt.date:
    """10 working days from the UPG's receipt to forward to the KPK."""
    cal = calendar_for(pemda)
    return cal.local_date(cal.add_working_days(_at_noon(reported_on), rules.UPG_TO_KPK_DAYS))


def _same_giver_total(reporter: User, giver: str, year: int) -> int:
    total = GratificationReport.objects.filter(
        reporter=reporter, giver__iexact=giver.strip(), received_on__year=year
    ).aggregate(total=Sum("value"))["total"]
    return int(total or 0)


def report_submit(
    *, actor: Actor, reporter: User, pemda: Organisation | None = None, **data: Any
) -> GratificationReport:
    """An employee reports a gift (their own: ``actor`` is the reporter, or the system)."""
    if not (actor == reporter or isinstance(actor, System)):
        raise deny()
    require_permission(actor, "gratification.report")
    if pemda is None:
        memberships = reporter.memberships.select_related("organisation").first()
        if memberships is None:
            raise deny()
        pemda = pemda_of(memberships.organisation)
    value = int(data["value"])
    if value < 0:
        raise ValidationError(_("The value cannot be negative."), code="value")
    if value > rules.MAX_VALUE:
        raise ValidationError(_("The value is not plausible; check the number."), code="value")
    today = clock.today(pemda)
    received_on: dt.date = data["received_on"]
    if received_on > today:
        raise ValidationError(_("The date received cannot be in the future."), code="received_on")
    exemption = rules.check_exemption(
        received_on=received_on,
        occasion=data["occasion"],
        object_kind=data["object_kind"],
        value=value,
        same_giver_this_year=_same_giver_total(reporter, data["giver"], received_on.year),
        form=data["form"],
    )
    due_upg, due_kpk = deadlines(pemda, received_on)
    report = GratificationReport(
        public_id=f"GRT-{received_on.year}-{secrets.token_hex(3).upper()}",
        pemda=pemda,
        reporter=reporter,
        reported_on=today,
        regulation=exemption.regulation,
        exempt=exemption.exempt,
        due_to_upg=due_upg,
        due_to_kpk=due_kpk,
        late=today > due_kpk,
        **{
            k: data[k]
            for k in (
                "form",
                "giver",
                "relation",
                "occasion",
                "object_kind",
                "description",
                "received_on",
                "place",
                "kept_at",
            )
        },
        value=value,
    )
    with audited(
        report, actor=actor, action="gratification.submit", fields=AUDIT_FIELDS, organisation=pemda
    ):
        pass
    notifications.notify_after_commit(report, "submit")
    return report


def _step(
    report: GratificationReport, name: str, *, actor: Actor, **changes: Any
) -> GratificationReport:
    with audited(
        report,
        actor=actor,
        action=UPG_WORKFLOW.audit_action(name),
        fields=AUDIT_FIELDS,
        organisation=report.pemda,
    ):
        UPG_WORKFLOW.transition(report, name, actor=actor)
        for attr, value in changes.items():
            setattr(report, attr, value)
    notifications.notify_after_commit(report, name)
    return report


def report_verify(*, actor: Actor, report: GratificationReport) -> GratificationReport:
    return _step(report, "verify", actor=actor)


def report_ask_completion(*, actor: Actor, report: GratificationReport) -> GratificationReport:
    """Incomplete: the reporter has 20 working days (30 before 1/2026) to complete it."""
    days = rules.rule_set_for(report.received_on).completion_days
    cal = calendar_for(report.pemda)
    due = cal.local_date(cal.add_working_days(clock.now(), days))
    return _step(report, "ask_completion", actor=actor, completion_due=due)


def report_complete(
    *, actor: Actor, report: GratificationReport, description: str
) -> GratificationReport:
    if not description.strip():
        UPG_WORKFLOW.check(actor, report, "complete")
        raise ValidationError(_("Describe the object."), code="description")
    return _step(
        report, "complete", actor=actor, description=description.strip(), completion_due=None
    )


def report_forward(
    *, actor: Actor, report: GratificationReport, gol_number: str
) -> GratificationReport:
    if not gol_number.strip():
        UPG_WORKFLOW.check(actor, report, "forward")
        raise ValidationError(_("Enter the GOL submission number."), code="gol_number")
    return _step(report, "forward", actor=actor, gol_number=gol_number.strip())


def report_decide(
    *, actor: Actor, report: GratificationReport, decision: str, decree: str
) -> GratificationReport:
    if decision not in Decision.values or not decree.strip():
        UPG_WORKFLOW.check(actor, report, "decide")
        raise ValidationError(_("Enter the decision and the decree number."), code="decision")
    return _step(report, "decide", actor=actor, decision=decision, decree=decree.strip())


def report_hand_over(*, actor: Actor, report: GratificationReport) -> GratificationReport:
    return _step(report, "hand_over", actor=actor, handed_over_on=clock.today(report.pemda))


def report_lapse(*, actor: Actor, report: GratificationReport) -> GratificationReport:
    """Close a report whose completion deadline has passed: it is not processed (Peraturan
    KPK 2/2019 Pasal 17: 30 working days; 1/2026: 20)."""
    return _step(report, "lapse", actor=actor)


def sweep_lapsed(*, actor: Actor) -> int:
    """Mark every report still incomplete after its completion deadline as not processed.

    A report is past due when its Pemda's local date is later than ``completion_due`` (the
    last working day to complete it). Returns how many were closed.
    """
    from integritas.gratification.choices import Status

    closed = 0
    waiting = GratificationReport.objects.filter(
        status=Status.INCOMPLETE, completion_due__isnull=False
    ).select_related("pemda")
    for report in waiting:
        assert report.completion_due is not None
        if clock.today(report.pemda) > report.completion_due:
            report_lapse(actor=actor, report=report)
            closed += 1
    return closed


#: File kinds a supporting document may be (``core.uploads.KINDS`` keys).
DOCUMENT_KINDS = frozenset({"pdf", "jpeg", "png", "webp", "docx", "xlsx"})
#: Documents per report (a receipt, photos of the object, a letter: a handful).
MAX_DOCUMENTS = 10


def document_add(*, actor: Actor, report: GratificationReport, upload: SafeUpload) -> Document:
    """The reporter adds a cleaned supporting document (before the report goes to the KPK)."""
    from integritas.gratification.choices import Status
    from integritas.gratification.permissions import can_complete

    require(can_complete(actor, report))
    if report.status not in {Status.SUBMITTED, Status.INCOMPLETE, Status.VERIFIED}:
        raise ValidationError(
            _("Documents can no longer be added to this report."), code="documents"
        )
    if report.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(
            _("A report holds at most %(n)s documents.") % {"n": MAX_DOCUMENTS}, code="documents"
        )
    document = Document(
        public_id=secrets.token_urlsafe(12),
        report=report,
        original_name=upload.original_name[:120],
        mime=upload.mime,
        size=upload.size,
        uploaded_on=clock.today(report.pemda),
    )
    with audited(
        document,
        actor=actor,
        action="gratification.document_add",
        fields=["report_id", "mime", "size"],
        organisation=report.pemda,
    ):
        document.storage_name = store_upload(upload, prefix="gratifikasi")
    return document
