"""Working-day deadlines of whistleblowing handling (pure; issue 12, item 7).

No regulation fixes WBS handling times for a Pemda (DOMAIN.md §8 gives none), so they are
local policy [?]: configuration with the defaults below, counted in the Pemda's working days
(``core.calendar``: weekends, national holidays, cuti bersama and local overrides).
"""

from __future__ import annotations

from typing import Final

#: Working days to triage a new report [?] (local policy; ``WBS_TRIAGE_DAYS``).
TRIAGE_DAYS: Final = 10
#: Working days to finish an investigation once started [?] (``WBS_INVESTIGATION_DAYS``).
INVESTIGATION_DAYS: Final = 60


def triage_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "WBS_TRIAGE_DAYS", TRIAGE_DAYS))


def investigation_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "WBS_INVESTIGATION_DAYS", INVESTIGATION_DAYS))
