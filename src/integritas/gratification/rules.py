"""Gratification exemptions and deadlines: pure, dated configuration (DOMAIN.md §7).

UU 20/2001 Pasal 12B–12C; Peraturan KPK 2/2019, amended by Peraturan KPK 1/2026 (in force
2026-01-20). The rule set is chosen by the **date the gift was received**, never by today's
date: a gift received on 2026-01-19 is judged under 2/2019 even if reported later.

Exempt (no report needed) when, per giver [C]:

=============================================  ==================  ==================
gift                                           2/2019 (≤ 2026-01-19)  1/2026 (≥ 2026-01-20)
=============================================  ==================  ==================
wedding/birth/religious/adat ceremony, event   ≤ Rp1 000 000       ≤ Rp1 500 000
disaster or bereavement                        ≤ Rp1 000 000       ≤ Rp1 000 000 [?]
between colleagues, not money                  ≤ Rp200 000,        ≤ Rp500 000,
                                               ≤ Rp1 000 000/year  ≤ Rp1 500 000/year
colleagues' farewell/retirement/promotion/     ≤ Rp300 000,        category removed: judged
birthday, not money                            ≤ Rp1 000 000/year  as "between colleagues" [?]
=============================================  ==================  ==================

Deadlines in working days [C]/[1]: 30 from receipt to KPK; 10 from receipt to the UPG and 10
from the UPG's receipt to KPK (agency rules). An incomplete report must be completed within
20 working days under 1/2026, 30 before [C].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Limit:
    per_giver: int  # whole Rupiah, inclusive
    per_year: int | None = None
    money_allowed: bool = True


@dataclass(frozen=True)
class RuleSet:
    regulation: str
    effective_from: dt.date
    limits: dict[str, Limit]  # occasion → limit (occasions absent: no exemption)
    completion_days: int
    #: Occasions whose category was removed, judged under another occasion.
    aliases: dict[str, str]


RULE_SETS: Final = (
    RuleSet(
        regulation="Peraturan KPK 2/2019",
        effective_from=dt.date(2019, 1, 1),
        limits={
            "upacara": Limit(1_000_000),
            "musibah": Limit(1_000_000),
            "rekan": Limit(200_000, 1_000_000, money_allowed=False),
            "rekan_acara": Limit(300_000, 1_000_000, money_allowed=False),
        },
        completion_days=30,
        aliases={},
    ),
    RuleSet(
        regulation="Peraturan KPK 1/2026",
        effective_from=dt.date(2026, 1, 20),
        limits={
            "upacara": Limit(1_500_000),
            "musibah": Limit(1_000_000),  # [?] DOMAIN.md §7: not confirmed, kept at 1 000 000
            "rekan": Limit(500_000, 1_500_000, money_allowed=False),
        },
        completion_days=20,
        aliases={"rekan_acara": "rekan"},
    ),
)

#: Working days (DOMAIN.md §7).
TO_KPK_DAYS: Final = 30
TO_UPG_DAYS: Final = 10
UPG_TO_KPK_DAYS: Final = 10
#: The largest value we accept as plausible (whole Rupiah): above it the input is a typo.
MAX_VALUE: Final = 1_000_000_000_000


def rule_set_for(received_on: dt.date) -> RuleSet:
    """The rule set in force on ``received_on``."""
    chosen = RULE_SETS[0]
    for rules in RULE_SETS:
        if rules.effective_from <= received_on:
            chosen = rules
    return chosen


@dataclass(frozen=True)
class Exemption:
    exempt: bool
    regulation: str
    limit: int | None  # the per-giver limit that applied, if any
    reason: str  # a short code: "within_limit", "over_limit", "money", "year_cap", "no_exemption"


def check_exemption(
    *,
    received_on: dt.date,
    occasion: str,
    object_kind: str,
    value: int,
    same_giver_this_year: int = 0,
    form: str = "penerimaan",
) -> Exemption:
    """Whether a gift is exempt from reporting under the rules in force on ``received_on``.

    ``same_giver_this_year`` is the value already received from the same giver in the same
    calendar year (for the yearly caps). Refusals and gifts given are never "exempt": they are
    reported as such.
    """
    rules = rule_set_for(received_on)
    occasion = rules.aliases.get(occasion, occasion)
    limit = rules.limits.get(occasion)
    if form != "penerimaan" or limit is None:
        return Exemption(False, rules.regulation, None, "no_exemption")
    if object_kind == "uang" and not limit.money_allowed:
        return Exemption(False, rules.regulation, limit.per_giver, "money")
    if value > limit.per_giver:
        return Exemption(False, rules.regulation, limit.per_giver, "over_limit")
    if limit.per_year is not None and same_giver_this_year + value > limit.per_year:
        return Exemption(False, rules.regulation, limit.per_giver, "year_cap")
    return Exemption(True, rules.regulation, limit.per_giver, "within_limit")
