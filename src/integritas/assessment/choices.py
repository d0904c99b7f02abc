"""Choice lists of the assessment app; the workflow itself is declared in ``workflows.py``.

The process [C]: the unit's Tim ZI self-assesses (draft) → submits to the TPI (Tim Penilai
Internal; for a Pemda the Inspektorat) → the TPI lead consolidates and locks → the TPI decides
whether to propose the unit to the TPN → the TPN (KemenPANRB) sets the predicate (or not) →
a predicate can later be revoked.
"""

from __future__ import annotations

from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    """Where an assessment stands in the ZI process."""

    DRAFT = "draft", _("Draft (self-assessment)")
    SUBMITTED = "submitted", _("Under TPI review")
    LOCKED = "locked", _("Locked by the TPI")
    PROPOSED = "proposed", _("Proposed to the TPN")
    NOT_PROPOSED = "not_proposed", _("Not proposed")
    AWARDED_WBK = "awarded_wbk", _("Awarded WBK")
    AWARDED_WBBM = "awarded_wbbm", _("Awarded WBBM")
    NOT_AWARDED = "not_awarded", _("Not awarded by the TPN")
    REVOKED = "revoked", _("Predicate revoked")


S = AssessmentStatus

#: Statuses from the lock onwards: scores are final and observers may see them.
LOCKED_STATUSES: Final = frozenset(
    {
        S.LOCKED,
        S.PROPOSED,
        S.NOT_PROPOSED,
        S.AWARDED_WBK,
        S.AWARDED_WBBM,
        S.NOT_AWARDED,
        S.REVOKED,
    }
)

#: Statuses in which the unit still holds a predicate awarded by the TPN.
AWARDED_STATUSES: Final = frozenset({S.AWARDED_WBK, S.AWARDED_WBBM})


class Predicate(models.TextChoices):
    """Predicates the TPN awards (PermenPANRB 90/2021)."""

    WBK = "WBK", _("Towards a corruption-free area (WBK)")
    WBBM = "WBBM", _("Towards a clean and serving bureaucracy area (WBBM)")


class SnapshotStep(models.TextChoices):
    """The workflow step at which a score snapshot was taken."""

    SUBMITTED = "submitted", _("Submitted by the unit")
    LOCKED = "locked", _("Locked by the TPI")
    PROPOSED = "proposed", _("Proposal decision")
    TPN_RESULT = "tpn_result", _("TPN result")
    REVOKED = "revoked", _("Revocation")


class ScoreBasis(models.TextChoices):
    """Whose values a score is computed from."""

    SELF = "self", _("Self-assessment")
    TPI = "tpi", _("TPI consolidated")


class ZeroDenominator(models.TextChoices):
    """How a ratio item whose denominator is 0 ("tidak ada data") scores (issue 10, [?])."""

    ZERO = "zero", _("Score 0")
    ONE = "one", _("Score 1 (full)")
    TPI = "tpi", _("The TPI decides, with a note")
