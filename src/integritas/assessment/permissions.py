"""Permissions of the assessment app (registered into ``core.permissions.PERMISSIONS``).

Who does what in the ZI process (DOMAIN.md §1): the unit's Tim ZI answers; the TPI
(Inspektorat) reviews, and the TPI lead of an assessment — the one :class:`TpiAssignment`
marked ``is_lead``, assigned by a TPI user or an administrator — consolidates and locks;
the TPI or an administrator records the TPN result. Leaders (pimpinan) read everything in
their scope; independent observers (pengamat) read only locked results.

A role gives the capability over an organisation subtree; services additionally check the
assignment (reviewing needs an assignment on that assessment; consolidating and locking
need the lead assignment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from integritas.assessment.choices import LOCKED_STATUSES
from integritas.core.actors import Actor, System
from integritas.core.choices import Role
from integritas.core.models import Organisation, User
from integritas.core.permissions import actor_may

if TYPE_CHECKING:
    from integritas.assessment.models import Assessment, TpiAssignment

R = Role

VIEW = "assessment.view"  # locked results only, unless VIEW_ALL is also held
VIEW_ALL = "assessment.view_all"  # drafts and reviews in progress too
CREATE = "assessment.create"
ANSWER = "assessment.answer"
REVIEW = "assessment.review"
LEAD_REVIEW = "assessment.lead_review"
ASSIGN_TPI = "assessment.assign_tpi"
OVERRIDE_INPUT = "assessment.override_input"
RECORD_TPN = "assessment.record_tpn"
REFRESH_FEEDS = "assessment.refresh_feeds"  # Tim ZI or TPI take fed figures again
EXPORT = "assessment.export"  # start a workbook export or a PDF report (a job)
SETTINGS = "assessment.manage_settings"  # the Pemda's LKE settings (zero-denominator rule)

PERMISSIONS: dict[str, frozenset[Role]] = {
    VIEW: frozenset({R.ADMIN, R.PIMPINAN, R.TIM_ZI, R.TPI, R.PENGAMAT}),
    VIEW_ALL: frozenset({R.ADMIN, R.PIMPINAN, R.TIM_ZI, R.TPI}),
    CREATE: frozenset({R.ADMIN, R.TIM_ZI, R.TPI}),
    ANSWER: frozenset({R.TIM_ZI}),
    REVIEW: frozenset({R.TPI}),
    LEAD_REVIEW: frozenset({R.TPI}),
    ASSIGN_TPI: frozenset({R.ADMIN, R.TPI}),
    OVERRIDE_INPUT: frozenset({R.TPI}),
    RECORD_TPN: frozenset({R.ADMIN, R.TPI}),
    REFRESH_FEEDS: frozenset({R.TIM_ZI, R.TPI}),
    # Observers too: can_export also needs can_view, so they export locked results only.
    EXPORT: frozenset({R.ADMIN, R.PIMPINAN, R.TIM_ZI, R.TPI, R.PENGAMAT}),
    SETTINGS: frozenset({R.ADMIN, R.TPI}),
}


# --------------------------------------------------------------------------- access predicates
#
# ``can_<verb>(actor, assessment)``: the services call them to enforce (``require(...)``), the
# selectors and views call the same functions to decide what to show. They answer who may act;
# the workflow state is checked by ``workflows.ASSESSMENT`` (or by the service for steps that
# do not move the state). ``System`` passes where a job or the demo may act for a person
# already checked; TPI values always need a person (the reviewer is recorded).


def _org(assessment: Assessment) -> Organisation:
    return assessment.organisation


def _assignment(actor: Actor, assessment: Assessment) -> TpiAssignment | None:
    from integritas.assessment.models import TpiAssignment

    if not isinstance(actor, User) or assessment.pk is None:
        return None
    return TpiAssignment.objects.filter(assessment=assessment, user=actor).first()


def can_view(actor: Actor, assessment: Assessment) -> bool:
    """Reads the assessment: everything with VIEW_ALL, locked results only with VIEW."""
    if actor_may(actor, VIEW_ALL, _org(assessment)):
        return True
    return assessment.status in LOCKED_STATUSES and actor_may(actor, VIEW, _org(assessment))


def can_view_all(actor: Actor, assessment: Assessment) -> bool:
    """Reads drafts, reviews in progress and evidence files."""
    return actor_may(actor, VIEW_ALL, _org(assessment))


def can_answer(actor: Actor, assessment: Assessment) -> bool:
    """Answers items, uploads evidence, responds to the TPI, imports a workbook (Tim ZI)."""
    return actor_may(actor, ANSWER, _org(assessment))


def can_submit(actor: Actor, assessment: Assessment) -> bool:
    """Sends the self-assessment to the TPI (the unit's Tim ZI)."""
    return can_answer(actor, assessment)


def can_review(actor: Actor, assessment: Assessment) -> bool:
    """Gives a TPI member's own values: a TPI person assigned to this assessment."""
    return (
        isinstance(actor, User)
        and actor_may(actor, REVIEW, _org(assessment))
        and _assignment(actor, assessment) is not None
    )


def can_lead(actor: Actor, assessment: Assessment) -> bool:
    """Is the TPI lead of this assessment (a person holding the lead assignment)."""
    if not isinstance(actor, User) or not actor_may(actor, LEAD_REVIEW, _org(assessment)):
        return False
    assignment = _assignment(actor, assessment)
    return assignment is not None and assignment.is_lead


def can_consolidate(actor: Actor, assessment: Assessment) -> bool:
    """Gives the consolidated (final) TPI values: the lead."""
    return can_lead(actor, assessment)


def can_lock(actor: Actor, assessment: Assessment) -> bool:
    """Locks the TPI scores: the lead (or the system for the demo loader)."""
    return isinstance(actor, System) or can_lead(actor, assessment)


def can_assign(actor: Actor, assessment: Assessment) -> bool:
    """Assigns TPI members and the lead (TPI or administrator)."""
    return actor_may(actor, ASSIGN_TPI, _org(assessment))


def can_override(actor: Actor, assessment: Assessment) -> bool:
    """Replaces a hasil or fed figure with a note (TPI)."""
    return actor_may(actor, OVERRIDE_INPUT, _org(assessment))


def can_refresh(actor: Actor, assessment: Assessment) -> bool:
    """Takes the figures fed from other modules again (Tim ZI or TPI)."""
    return can_answer(actor, assessment) or can_override(actor, assessment)


def can_propose(actor: Actor, assessment: Assessment) -> bool:
    """Decides whether the unit is proposed to the TPN (TPI)."""
    return actor_may(actor, REVIEW, _org(assessment))


def can_record_tpn(actor: Actor, assessment: Assessment) -> bool:
    """Records the TPN's result (TPI or administrator)."""
    return actor_may(actor, RECORD_TPN, _org(assessment))


def can_revoke(actor: Actor, assessment: Assessment) -> bool:
    """Records the revocation of a predicate (TPI or administrator)."""
    return actor_may(actor, RECORD_TPN, _org(assessment))


def can_export(actor: Actor, assessment: Assessment) -> bool:
    """Starts a workbook export or a PDF report of an assessment it may read."""
    return actor_may(actor, EXPORT, _org(assessment)) and can_view(actor, assessment)


def can_open_team(actor: Actor, assessment: Assessment) -> bool:
    """Sees the TPI team page: assigned reviewers and those who assign."""
    return can_review(actor, assessment) or can_assign(actor, assessment)


def can_change_settings(actor: Actor, pemda: Organisation) -> bool:
    """Changes the Pemda's LKE settings (zero-denominator rule): an administrator or the TPI."""
    return actor_may(actor, SETTINGS, pemda)
