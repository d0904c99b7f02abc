"""Permissions of the complaints app and its access predicates (``can_<verb>(actor, obj)``).

One role, two scopes (decided for issue 5): the **complaint manager** is a
``pengelola_pengaduan`` whose scope covers the whole Pemda; the **OPD handler** is a
``pengelola_pengaduan`` scoped to an OPD or unit. Both carry ``complaints.handle`` (work on
the complaints held in their subtree); ``complaints.manage`` *on the Pemda* is what only the
manager may do (verify, reject, mark duplicate, forward, refer, close, staff entry, settings,
and seeing a rahasia complainant's identity). Leaders, the Inspectorate (TPI), the Tim ZI and
observers see statistics only, never complaints.

The predicates below are the one answer to "may this actor do that": services enforce them
(``require(can_x(actor, obj))`` or through the workflow), selectors and views call the same
functions to decide what to show. The complainant is ``Public``: the tracking code they
hold is their capability (checked by the selector that found the complaint), so the
complainant's own actions (reply, reopen, rate) are open to ``Public`` and to nobody else.
The platform (``System``) closes answered complaints automatically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from integritas.complaints.choices import STAFF_CHANNELS
from integritas.core.actors import Actor, Public, System
from integritas.core.choices import OrganisationLevel, Role
from integritas.core.models import Organisation
from integritas.core.permissions import actor_may

if TYPE_CHECKING:
    from integritas.complaints.models import Complaint

R = Role

PERMISSIONS: dict[str, frozenset[Role]] = {
    "complaints.handle": frozenset({R.PENGELOLA_PENGADUAN}),
    "complaints.manage": frozenset({R.PENGELOLA_PENGADUAN}),
    "complaints.view_stats": frozenset(
        {R.PENGELOLA_PENGADUAN, R.PIMPINAN, R.TPI, R.TIM_ZI, R.PENGAMAT}
    ),
}


def is_manager(actor: Actor, complaint: Complaint) -> bool:
    """Whether ``actor`` is the complaint manager of the complaint's Pemda."""
    return actor_may(actor, "complaints.manage", complaint.pemda)


def can_handle(actor: Actor, complaint: Complaint) -> bool:
    """Whether ``actor`` works on complaints held by the complaint's current organisation."""
    return actor_may(actor, "complaints.handle", complaint.organisation)


# -- the complaint manager ------------------------------------------------------------------

can_verify = is_manager
can_reject = is_manager
can_mark_duplicate = is_manager
can_forward = is_manager
can_refer = is_manager
can_close = is_manager
can_set_lapor_id = is_manager
can_see_identity = is_manager


# -- the unit holding the complaint ------------------------------------------------------------

can_view = can_handle
can_follow_up = can_handle
can_answer = can_handle
can_note = can_handle
can_public_reply = can_handle
can_attach = can_handle


def can_return(actor: Actor, complaint: Complaint) -> bool:
    """A unit hands a complaint back as not its own; the manager forwards or refers instead."""
    if not can_handle(actor, complaint):
        return False
    return isinstance(actor, System) or not is_manager(actor, complaint)


# -- the complainant (holding the tracking code) and the platform -----------------------------


def is_complainant(actor: Actor, complaint: Complaint) -> bool:
    """The complainant acts as ``Public``: the tracking code they hold found the complaint."""
    return isinstance(actor, Public)


can_reply = is_complainant
can_reopen = is_complainant
can_rate = is_complainant


def can_autoclose(actor: Actor, complaint: Complaint) -> bool:
    """Only the platform closes an answered complaint when the no-response period ends."""
    return isinstance(actor, System)


def can_remind(actor: Actor, complaint: Complaint) -> bool:
    """Only the platform's sweep reminds the holders of a complaint of its clock."""
    return isinstance(actor, System)


# -- intake, settings, statistics ---------------------------------------------------------------


def can_enter(actor: Actor, pemda: Organisation) -> bool:
    """The manager enters complaints received on staff channels (walk-in, phone, letter…)."""
    return actor_may(actor, "complaints.manage", pemda)


def can_submit(actor: Actor, channel: str, pemda: Organisation) -> bool:
    """Anyone submits on a public channel; staff channels are entered by the manager."""
    return can_enter(actor, pemda) if channel in STAFF_CHANNELS else True


def can_manage_settings(actor: Actor, pemda: Organisation) -> bool:
    """The manager of a Pemda sets its clocks."""
    return pemda.level == OrganisationLevel.PEMDA and actor_may(actor, "complaints.manage", pemda)


def can_view_stats(actor: Actor, organisation: Organisation | None = None) -> bool:
    """Whether ``actor`` may read complaint statistics (over ``organisation``, or anywhere)."""
    return actor_may(actor, "complaints.view_stats", organisation)
