"""The complaint workflow, declared once (DOMAIN.md §6 and the SP4N-LAPOR! flow).

Who may take each action is a predicate from ``complaints.permissions``; the services move a
complaint only through :data:`COMPLAINT` (``COMPLAINT.transition``) and the detail page
renders its buttons from ``COMPLAINT.available_actions``. Actions without targets record
something (a note, a reply, a rating) without changing the state.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.complaints import permissions as p
from integritas.complaints.choices import Status
from integritas.complaints.models import Complaint
from integritas.core.workflow import Workflow, action

S = Status
ALL = tuple(Status.values)
#: States in which the complaint is still the Pemda's to handle (not finished elsewhere).
NOT_DISPOSED = tuple(s for s in ALL if s not in {S.REJECTED, S.DUPLICATE, S.REFERRED})

COMPLAINT: Workflow[Complaint] = Workflow(
    name="complaint",
    model=Complaint,
    states=Status,
    entity_label=_("complaint"),
    actions=[
        # the complaint manager: triage and disposition
        action(
            "verify", _("Verify"), sources=[S.RECEIVED], targets=[S.VERIFIED], allowed=p.can_verify
        ),
        action(
            "forward",
            _("Forward"),
            sources=[S.VERIFIED, S.REOPENED],
            targets=[S.FORWARDED],
            allowed=p.can_forward,
        ),
        # the unit holding the complaint
        action(
            "follow_up",
            _("Record follow-up"),
            sources=[S.FORWARDED, S.REOPENED],
            targets=[S.FOLLOWED_UP],
            allowed=p.can_follow_up,
            style="secondary",
        ),
        action(
            "answer",
            _("Send answer"),
            sources=[S.FORWARDED, S.FOLLOWED_UP, S.REOPENED],
            targets=[S.ANSWERED],
            allowed=p.can_answer,
        ),
        action(
            "close",
            _("Close"),
            sources=[S.ANSWERED],
            targets=[S.CLOSED],
            allowed=p.can_close,
            style="secondary",
            confirm=_(
                "The complainant is told the complaint is closed; only they can "
                "reopen it, within the reopening period."
            ),
        ),
        action(
            "public_reply",
            _("Send message"),
            sources=ALL,
            allowed=p.can_public_reply,
            style="secondary",
        ),
        action("note", _("Save note"), sources=ALL, allowed=p.can_note, style="secondary"),
        action(
            "return",
            _("Return to the complaint manager"),
            sources=[S.FORWARDED, S.FOLLOWED_UP, S.REOPENED],
            targets=[S.VERIFIED],
            allowed=p.can_return,
            style="secondary",
        ),
        action(
            "reject",
            _("Reject"),
            sources=[S.RECEIVED, S.VERIFIED],
            targets=[S.REJECTED],
            allowed=p.can_reject,
            style="danger",
            confirm=_(
                "A rejected complaint cannot be handled again; the reason is shown "
                "to the complainant."
            ),
        ),
        action(
            "mark_duplicate",
            _("Mark as duplicate"),
            sources=[S.RECEIVED, S.VERIFIED],
            targets=[S.DUPLICATE],
            allowed=p.can_mark_duplicate,
            style="danger",
            confirm=_("A duplicate is not handled on its own: the original's handling continues."),
        ),
        action(
            "refer",
            _("Refer"),
            sources=[S.RECEIVED, S.VERIFIED, S.FORWARDED, S.FOLLOWED_UP],
            targets=[S.REFERRED],
            allowed=p.can_refer,
            style="danger",
            confirm=_(
                "A referred complaint leaves the Pemda for good and is counted as "
                "referred, not as resolved."
            ),
        ),
        action(
            "set_lapor_id", _("Save"), sources=ALL, allowed=p.can_set_lapor_id, style="secondary"
        ),
        # the platform
        action(
            "autoclose",
            _("Close automatically"),
            sources=[S.ANSWERED],
            targets=[S.CLOSED],
            allowed=p.can_autoclose,
        ),
        # the complainant, holding the tracking code
        action("reply", _("Send"), sources=NOT_DISPOSED, allowed=p.can_reply),
        action(
            "reopen",
            _("Reopen"),
            sources=[S.ANSWERED, S.CLOSED],
            targets=[S.REOPENED],
            allowed=p.can_reopen,
        ),
        action("rate", _("Rate"), sources=[S.ANSWERED, S.CLOSED], allowed=p.can_rate),
    ],
)

#: Actions staff take on the detail page (each has its own URL); the others are taken by the
#: complainant on the tracking page or by the platform.
STAFF_ACTIONS = frozenset(
    {
        "verify",
        "forward",
        "follow_up",
        "answer",
        "close",
        "public_reply",
        "note",
        "return",
        "reject",
        "mark_duplicate",
        "refer",
        "set_lapor_id",
    }
)
