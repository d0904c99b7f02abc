"""Every read of the complaints app, always given the viewer.

The one place that sets ``select_related`` for complaints is :func:`_complaints`; it never
joins :class:`ComplainantIdentity`. The identity is loaded only by
:func:`complaint_identity`, which applies the rule of DOMAIN.md §6 (the complainant's
identity is confidential): ``terbuka`` → the officers who hold the complaint and the
manager; ``rahasia`` → the complaint manager only; ``anonim`` → nobody (nothing stored).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from integritas.complaints import sla
from integritas.complaints.choices import (
    HANDLING_STATES,
    OPEN_STATES,
    TRIAGE_STATES,
    Category,
    Channel,
    EventKind,
    IdentityMode,
    Status,
)
from integritas.complaints.models import (
    ComplainantIdentity,
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    normalise_tracking_code,
)
from integritas.complaints.permissions import can_handle, is_manager
from integritas.core import clock
from integritas.core.calendar import WorkingCalendar
from integritas.core.models import Organisation, User
from integritas.core.permissions import get_visible_or_404, scope_filter, scopes
from integritas.core.selectors import calendar_for, pemda_of

Viewer = User | AnonymousUser
RESOLVED = frozenset({Status.ANSWERED, Status.CLOSED})
NOT_TO_FOLLOW_UP = frozenset({Status.REJECTED, Status.DUPLICATE, Status.REFERRED})


def _complaints() -> QuerySet[Complaint]:
    return Complaint.objects.select_related("organisation", "pemda")


@dataclass(frozen=True)
class InboxFilters:
    """Inbox filters; empty strings mean "any"."""

    status: str = ""
    category: str = ""
    channel: str = ""
    sla: str = ""  # "overdue" | "due_soon" | "on_time"
    q: str = ""
    organisation: str = ""  # public id of a unit: its subtree


def _viewer_calendar(viewer: Viewer, permission: str) -> WorkingCalendar | None:
    roots = scopes(viewer, permission)
    return calendar_for(roots[0]) if roots else None


def complaint_list(
    *, viewer: Viewer, filters: InboxFilters | None = None, now: dt.datetime | None = None
) -> QuerySet[Complaint]:
    """Complaints held in the viewer's subtrees (``complaints.handle``), newest first.

    The complaint manager (scope: the Pemda) sees every complaint of the Pemda; an OPD
    handler sees those forwarded to its OPD or units.
    """
    f = filters or InboxFilters()
    now = now or clock.now()
    qs = _complaints().filter(scope_filter(viewer, "complaints.handle", "organisation__path"))
    if f.status in Status.values:
        qs = qs.filter(status=f.status)
    if f.category in Category.values:
        qs = qs.filter(category=f.category)
    if f.channel in Channel.values:
        qs = qs.filter(channel=f.channel)
    if f.q.strip():
        code = normalise_tracking_code(f.q)
        qs = qs.filter(tracking_code=code) if code else qs.filter(subject__icontains=f.q.strip())
    if f.organisation:
        org = Organisation.objects.filter(public_id=f.organisation).first()
        qs = qs.filter(organisation__path__startswith=org.path) if org else qs.none()
    if f.sla in {"overdue", "due_soon", "on_time"}:
        overdue = Q(status__in=TRIAGE_STATES, forward_due__lt=now) | Q(
            status__in=HANDLING_STATES, answer_due__lt=now
        )
        calendar = _viewer_calendar(viewer, "complaints.handle")
        soon_end = (
            calendar.end_of_local_day(calendar.next_working_day(calendar.local_date(now)))
            if calendar
            else now
        )
        soon = Q(status__in=TRIAGE_STATES, forward_due__gte=now, forward_due__lte=soon_end) | Q(
            status__in=HANDLING_STATES, answer_due__gte=now, answer_due__lte=soon_end
        )
        if f.sla == "overdue":
            qs = qs.filter(overdue)
        elif f.sla == "due_soon":
            qs = qs.filter(soon)
        else:
            qs = qs.filter(status__in=OPEN_STATES).exclude(overdue).exclude(soon)
    return qs.order_by("-received_at", "-pk")


def complaint_get(*, viewer: Viewer, public_id: str) -> Complaint:
    """One complaint the viewer may handle; ``Http404`` otherwise (hidden = absent)."""
    return get_visible_or_404(complaint_list(viewer=viewer), public_id=public_id)


def current_due(complaint: Complaint) -> dt.datetime | None:
    """The deadline of the clock running now (forwarding, answer), or None."""
    if complaint.status in TRIAGE_STATES:
        return complaint.forward_due
    if complaint.status in HANDLING_STATES:
        return complaint.answer_due
    return None


def sla_state(
    complaint: Complaint, *, calendar: WorkingCalendar, now: dt.datetime | None = None
) -> str:
    """:class:`SlaState` value of the complaint's running clock."""
    return sla.clock_state(calendar, now or clock.now(), current_due(complaint))


def complaint_identity(*, viewer: Viewer, complaint: Complaint) -> ComplainantIdentity | None:
    """The complainant's identity if this viewer may see it, else None (DOMAIN.md §6).

    ``rahasia``: only the complaint manager of the Pemda; ``terbuka``: the manager and the
    officers holding the complaint; ``anonim``: nothing is stored.
    """
    if not isinstance(viewer, User) or complaint.identity_mode == IdentityMode.ANONIM:
        return None
    if complaint.identity_mode == IdentityMode.RAHASIA:
        allowed = is_manager(viewer, complaint)
    else:
        allowed = is_manager(viewer, complaint) or can_handle(viewer, complaint)
    if not allowed:
        return None
    return ComplainantIdentity.objects.filter(complaint=complaint).first()


def complaint_events(*, viewer: Viewer, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    """Every timeline entry (internal notes included) for staff who can see the complaint."""
    complaint_get(viewer=viewer, public_id=complaint.public_id)
    return complaint.events.select_related("actor", "organisation").order_by("at", "pk")


def complaint_attachments(*, viewer: Viewer, complaint: Complaint) -> QuerySet[ComplaintAttachment]:
    """Files of a complaint the viewer may handle."""
    complaint_get(viewer=viewer, public_id=complaint.public_id)
    return complaint.attachments.all()


def attachment_get(
    *, viewer: Viewer, complaint_public_id: str, attachment_public_id: str
) -> ComplaintAttachment:
    """One attachment of a complaint the viewer may handle; ``Http404`` otherwise."""
    complaint = complaint_get(viewer=viewer, public_id=complaint_public_id)
    return get_visible_or_404(complaint.attachments.all(), public_id=attachment_public_id)


def duplicate_candidates(*, viewer: Viewer, complaint: Complaint) -> QuerySet[Complaint]:
    """Other complaints of the same Pemda in the last 90 days (to pick the original from)."""
    since = complaint.received_at - dt.timedelta(days=90)
    return (
        complaint_list(viewer=viewer)
        .filter(pemda=complaint.pemda, received_at__gte=since)
        .exclude(pk=complaint.pk)
        .exclude(status=Status.DUPLICATE)[:50]
    )


def forward_targets(*, viewer: Viewer, complaint: Complaint) -> QuerySet[Organisation]:
    """OPDs and units of the complaint's Pemda (disposition targets)."""
    return Organisation.objects.filter(
        path__startswith=complaint.pemda.path, depth__gte=1, is_active=True
    ).order_by("path")


def forward_target(*, viewer: Viewer, complaint: Complaint, public_id: str) -> Organisation | None:
    """One disposition target of the complaint by public id, or None."""
    return forward_targets(viewer=viewer, complaint=complaint).filter(public_id=public_id).first()


def duplicate_original(*, viewer: Viewer, complaint: Complaint, public_id: str) -> Complaint:
    """The original picked for a duplicate (one the viewer may handle); ``Http404`` otherwise."""
    return complaint_get(viewer=viewer, public_id=public_id)


def complaints_by_public_ids(*, viewer: Viewer, public_ids: Sequence[str]) -> list[Complaint]:
    """The viewer's complaints among ``public_ids`` (the ticked rows of the inbox)."""
    return list(complaint_list(viewer=viewer).filter(public_id__in=list(public_ids)))


def complaint_visible(*, viewer: Viewer, public_id: str) -> bool:
    """Whether the viewer still holds the complaint (after a forward or return it may not)."""
    return complaint_list(viewer=viewer).filter(public_id=public_id).exists()


def organisation_by_public_id(public_id: str) -> Organisation | None:
    """An organisation by public id (a form's choice), or None."""
    return Organisation.objects.filter(public_id=public_id).first() if public_id else None


def opd_choices(pemda: Organisation | None = None) -> list[tuple[str, str]]:
    """(public id, name) of the active OPDs (of ``pemda`` when given), by name."""
    qs = Organisation.objects.filter(depth=1, is_active=True)
    if pemda is not None:
        qs = qs.filter(path__startswith=pemda.path)
    return [(o.public_id, o.name) for o in qs.order_by("name")]


# -- the public side: the tracking code is the capability ------------------------------------


def complaint_track(*, code: str) -> Complaint | None:
    """The complaint with this tracking code, or None (malformed, forged and unknown alike).

    Loads no identity and is used only to show the status and the public timeline.
    """
    normalised = normalise_tracking_code(code)
    if normalised is None:
        return None
    return _complaints().filter(tracking_code=normalised).first()


@dataclass(frozen=True)
class PublicEntry:
    """One line of the public timeline: when, the status after it, and the public text."""

    at: dt.datetime
    status: str
    status_label: str
    kind: str
    message: str


def _default_message(status: str) -> str:
    # Marked for translation here so makemessages sees each text.
    texts = {
        Status.RECEIVED: _("Your complaint was received."),
        Status.VERIFIED: _("Your complaint was verified."),
        Status.REJECTED: _("Your complaint was not accepted as a complaint."),
        Status.DUPLICATE: _(
            "This complaint is handled together with an earlier complaint on the same matter."
        ),
        Status.FOLLOWED_UP: _("The responsible unit is following up your complaint."),
        Status.ANSWERED: _("Your complaint was answered."),
        Status.CLOSED: _("Your complaint was closed."),
        Status.REOPENED: _("You reopened your complaint."),
    }
    return texts.get(Status(status), "")


def public_message(event: ComplaintEvent, complaint: Complaint) -> str:
    """The text the public sees for a timeline entry (never an internal note)."""
    if event.kind == EventKind.STATUS and event.status == Status.FORWARDED:
        unit = event.organisation.name if event.organisation else ""
        head = _("Forwarded to %(unit)s.") % {"unit": unit}
        return f"{head} {event.message}".strip()
    if event.kind == EventKind.STATUS and event.status == Status.REFERRED:
        head = _(
            "Not the authority of the local government; referred to %(agency)s (reference %(ref)s)."
        ) % {
            "agency": complaint.get_referred_to_display(),
            "ref": complaint.referral_reference,
        }
        return f"{head} {event.message}".strip()
    if event.kind == EventKind.RATING:
        head = _("Rated %(score)s of 5.") % {"score": complaint.rating or ""}
        return f"{head} {event.message}".strip()
    if event.message:
        return event.message
    return _default_message(event.status) if event.kind == EventKind.STATUS else ""


def public_timeline(complaint: Complaint) -> list[PublicEntry]:
    """Public entries only (status changes, replies, the complainant's own messages)."""
    events = (
        ComplaintEvent.objects.filter(complaint=complaint, is_public=True)
        .exclude(kind=EventKind.INTERNAL_NOTE)
        .select_related("organisation")
        .order_by("at", "pk")
    )
    return [
        PublicEntry(
            at=e.at,
            status=e.status,
            status_label=str(Status(e.status).label),
            kind=e.kind,
            message=public_message(e, complaint),
        )
        for e in events
    ]


# -- reminders and exports -------------------------------------------------------------------


def due_autocloses(*, now: dt.datetime) -> list[int]:
    """Ids of answered complaints whose no-response period ended by ``now`` (the platform)."""
    return list(
        Complaint.objects.filter(status=Status.ANSWERED, autoclose_due__lt=now).values_list(
            "pk", flat=True
        )
    )


def reminder_candidates(*, now: dt.datetime) -> list[Complaint]:
    """Open complaints whose running clock ends within a working day or has ended (system)."""
    horizon = now + dt.timedelta(days=5)
    rows = _complaints().filter(
        Q(status__in=TRIAGE_STATES, forward_due__lte=horizon)
        | Q(status__in=HANDLING_STATES, answer_due__lte=horizon)
    )
    out = []
    calendars: dict[int, WorkingCalendar] = {}
    for c in rows:
        calendar = calendars.setdefault(c.pemda_id, calendar_for(c.pemda))
        if sla_state(c, calendar=calendar, now=now) in {"due_soon", "overdue"}:
            out.append(c)
    return out


EXPORT_HEADER_BASE = [
    "tracking_code",
    "received_at",
    "channel",
    "category",
    "status",
    "responsible_unit",
    "subject",
    "description",
    "identity",
    "forward_due",
    "forwarded_at",
    "answer_due",
    "answered_at",
    "closed_at",
    "referred_to",
    "referral_reference",
    "lapor_id",
    "rating",
]
EXPORT_HEADER_IDENTITY = ["name", "email", "phone", "nik"]


def export_header(*, with_identity: bool) -> list[str]:
    """Column names of the export (identity columns only for the complaint manager)."""
    return EXPORT_HEADER_BASE + (EXPORT_HEADER_IDENTITY if with_identity else [])


def export_with_identity(viewer: Viewer) -> bool:
    """Whether the viewer's export carries identity columns: only the complaint manager's
    (``complaints.manage`` over a whole Pemda)."""
    return any(root.depth == 0 for root in scopes(viewer, "complaints.manage"))


def export_count(*, viewer: Viewer, filters: InboxFilters | None = None) -> int:
    """How many rows the viewer's export (with ``filters``) holds (one COUNT query)."""
    return complaint_list(viewer=viewer, filters=filters).count()


def export_rows(*, viewer: Viewer, filters: InboxFilters | None = None) -> Iterator[list[Any]]:
    """Rows of the viewer's inbox for CSV/XLSX: two queries, no N+1.

    Identity columns are filled only for the complaint manager, and only for ``terbuka``
    complaints — a ``rahasia`` identity never leaves the system in a file (DOMAIN.md §6).
    """
    qs = complaint_list(viewer=viewer, filters=filters)
    with_identity = export_with_identity(viewer)
    identities: dict[int, ComplainantIdentity] = {}
    if with_identity:
        identities = {
            i.complaint_id: i
            for i in ComplainantIdentity.objects.filter(
                complaint__in=qs.filter(identity_mode=IdentityMode.TERBUKA)
            )
        }
    for c in qs.iterator(chunk_size=500):
        row: list[Any] = [
            # The tracking code is the complainant's capability (reply, rate, reopen): only
            # the complaint manager's export carries it; others get the public reference.
            c.tracking_code if with_identity else c.public_id,
            c.received_at,
            c.get_channel_display(),
            c.get_category_display(),
            c.get_status_display(),
            c.organisation.name,
            c.subject,
            c.description,
            c.get_identity_mode_display(),
            c.forward_due,
            c.forwarded_at,
            c.answer_due,
            c.answered_at,
            c.closed_at,
            c.get_referred_to_display() if c.referred_to else "",
            c.referral_reference,
            c.lapor_id,
            c.rating,
        ]
        if with_identity:
            ident = identities.get(c.pk)
            row += [ident.name, ident.email, ident.phone, ident.nik] if ident else ["", "", "", ""]
        yield row


# -- statistics ------------------------------------------------------------------------------


@dataclass
class UnitRatio:
    """LKE "penanganan pengaduan" for one OPD: finished / to be followed up (DOMAIN.md §1)."""

    organisation: Organisation
    finished: int
    to_follow_up: int

    @property
    def ratio(self) -> Fraction | None:
        return sla.lke_complaint_ratio(self.finished, self.to_follow_up)


@dataclass
class Statistics:
    """Figures for one year of the viewer's complaints (no text, no identity)."""

    year: int
    total: int
    previous_total: int
    by_month: list[tuple[int, int]]
    by_unit: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    outcomes: dict[str, int]
    forward_met: int
    forward_measured: int
    answer_met: int
    answer_measured: int
    handling_days: list[int] = field(default_factory=list)
    unit_ratios: list[UnitRatio] = field(default_factory=list)

    @property
    def change(self) -> Fraction | None:
        """Year-over-year change of volume (−0.4 = 40 % fewer complaints)."""
        return sla.change(self.previous_total, self.total)

    @property
    def forward_compliance(self) -> Fraction | None:
        return sla.ratio(self.forward_met, self.forward_measured)

    @property
    def answer_compliance(self) -> Fraction | None:
        return sla.ratio(self.answer_met, self.answer_measured)

    @property
    def median_handling_days(self) -> float | None:
        return statistics.median(self.handling_days) if self.handling_days else None

    @property
    def mean_handling_days(self) -> float | None:
        return statistics.fmean(self.handling_days) if self.handling_days else None

    def share(self, outcome: str) -> Fraction | None:
        return sla.ratio(self.outcomes.get(outcome, 0), self.total)

    @property
    def lke_total(self) -> UnitRatio | None:
        if not self.unit_ratios:
            return None
        first = self.unit_ratios[0].organisation
        return UnitRatio(
            organisation=first,
            finished=sum(u.finished for u in self.unit_ratios),
            to_follow_up=sum(u.to_follow_up for u in self.unit_ratios),
        )


def outcome_of(status: str) -> str:
    """Outcome bucket of a status: resolved (answered or closed after an answer), rejected,
    referred, duplicate, or open. "Closed" is never counted as resolved on its own — in this
    workflow a complaint is closed only after an answer (DOMAIN.md §6)."""
    if status in RESOLVED:
        return "resolved"
    if status in {Status.REJECTED, Status.REFERRED, Status.DUPLICATE}:
        return str(status)
    return "open"


def _year_bounds(calendar: WorkingCalendar, year: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, 1, 1, tzinfo=calendar.zone).astimezone(dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=calendar.zone).astimezone(dt.UTC)
    return start, end


def stats_scope(viewer: Viewer) -> QuerySet[Complaint]:
    """Complaints whose current unit lies in the viewer's ``complaints.view_stats`` subtrees."""
    return Complaint.objects.filter(
        scope_filter(viewer, "complaints.view_stats", "organisation__path")
    )


def _opd_of(path: str) -> int | None:
    parts = [p for p in path.strip("/").split("/") if p]
    return int(parts[1]) if len(parts) > 1 else None


def statistics_for(*, viewer: Viewer, year: int) -> Statistics:
    """Counts by month, OPD, category, channel and status; SLA compliance; handling time in
    working days (receipt → first answer); outcome shares; year-over-year change; and the
    LKE ratio per OPD. Only aggregated figures; nothing about any person."""
    roots = scopes(viewer, "complaints.view_stats")
    calendar = calendar_for(roots[0]) if roots else WorkingCalendar()
    start, end = _year_bounds(calendar, year)
    prev_start, _prev_end = _year_bounds(calendar, year - 1)
    base = stats_scope(viewer)
    current = base.filter(received_at__gte=start, received_at__lt=end)
    previous_total = base.filter(received_at__gte=prev_start, received_at__lt=start).count()
    rows = list(
        current.values_list(
            "received_at",
            "answered_at",
            "status",
            "category",
            "channel",
            "organisation__path",
            "forward_met",
            "answer_met",
            "forwarded_at",
        )
    )
    months: Counter[int] = Counter()
    units: Counter[int | None] = Counter()
    categories: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    handling: list[int] = []
    follow: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    fmet = fmeasured = amet = ameasured = 0
    for received, answered, status, category, channel, path, f_met, a_met, forwarded in rows:
        months[received.astimezone(calendar.zone).month] += 1
        opd = _opd_of(path)
        units[opd] += 1
        categories[category] += 1
        channels[channel] += 1
        statuses[status] += 1
        outcomes[outcome_of(status)] += 1
        if f_met is not None:
            fmeasured += 1
            fmet += int(f_met)
        if a_met is not None:
            ameasured += 1
            amet += int(a_met)
        if answered is not None:
            handling.append(calendar.working_days_between(received, answered))
        if forwarded is not None and status not in NOT_TO_FOLLOW_UP and opd is not None:
            follow[opd][1] += 1
            if status in RESOLVED:
                follow[opd][0] += 1
    names = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in=[k for k in set(units) | set(follow) if k])
    }
    unit_label = _("Not yet forwarded")
    by_unit = sorted(
        ((names[k].name if k in names else unit_label, n) for k, n in units.items()),
        key=lambda item: (-item[1], item[0]),
    )
    ratios = sorted(
        (UnitRatio(names[k], v[0], v[1]) for k, v in follow.items() if k in names),
        key=lambda u: u.organisation.name,
    )
    return Statistics(
        year=year,
        total=len(rows),
        previous_total=previous_total,
        by_month=[(m, months.get(m, 0)) for m in range(1, 13)],
        by_unit=by_unit,
        by_category=[(str(Category(k).label), n) for k, n in categories.most_common()],
        by_channel=[(str(Channel(k).label), n) for k, n in channels.most_common()],
        by_status=[(str(Status(k).label), n) for k, n in statuses.most_common()],
        outcomes=dict(outcomes),
        forward_met=fmet,
        forward_measured=fmeasured,
        answer_met=amet,
        answer_measured=ameasured,
        handling_days=handling,
        unit_ratios=ratios,
    )


def volume_by_year(*, viewer: Viewer, years: Sequence[int]) -> list[tuple[int, int]]:
    """Complaints received per calendar year (local time of the viewer's Pemda)."""
    roots = scopes(viewer, "complaints.view_stats")
    calendar = calendar_for(roots[0]) if roots else WorkingCalendar()
    base = stats_scope(viewer)
    out = []
    for year in years:
        start, end = _year_bounds(calendar, year)
        out.append((year, base.filter(received_at__gte=start, received_at__lt=end).count()))
    return out


def lke_ratio_for(unit: Organisation, year: int) -> tuple[int, int, int]:
    """``(finished, to_follow_up, received)`` of complaints forwarded to ``unit``'s subtree and
    received in ``year`` (local time). The system-level figure behind the ``lke.complaint_ratio``
    feed; callers decide who may see it."""
    calendar = calendar_for(unit)
    start, end = _year_bounds(calendar, year)
    qs = Complaint.objects.filter(
        organisation__path__startswith=unit.path, received_at__gte=start, received_at__lt=end
    )
    counts = dict(
        qs.filter(forwarded_at__isnull=False)
        .exclude(status__in=NOT_TO_FOLLOW_UP)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    to_follow_up = sum(counts.values())
    finished = sum(n for s, n in counts.items() if s in RESOLVED)
    return finished, to_follow_up, qs.count()


def pemda_of_viewer(viewer: Viewer, permission: str) -> Organisation | None:
    """The Pemda of the viewer's first scope for ``permission`` (None without one)."""
    roots = scopes(viewer, permission)
    return pemda_of(roots[0]) if roots else None
