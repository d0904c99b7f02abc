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

from integritas.core.choices import Role

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
}
