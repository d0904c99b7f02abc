"""What the assessment page and the PDF report show of the scores (reads only).

The chart's markers are the predicates' per-area minimums from the LKE template (WBK 60%,
WBBM 75% in PermenPANRB 90/2021), never numbers typed into a view.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from integritas.assessment import selectors
from integritas.assessment.choices import LOCKED_STATUSES, ScoreBasis
from integritas.assessment.models import Assessment
from integritas.assessment.scores import Scored, template_of
from integritas.core import clock
from integritas.core.calendar import resolve_time_zone
from integritas.core.charts import Chart, bar_chart


def area_chart(assessment: Assessment, scored: Scored, title: str) -> Chart:
    """Bars per area (% of the area's weight) with a marker per predicate's area minimum."""
    template = template_of(assessment.template_id)
    half_label = {"pemenuhan": _("Fulfilment"), "reform": _("Reform")}
    markers = []
    for p in template.predicates:
        percent = float(p.area_min_fraction * 100)
        markers.append((percent, f"{p.code} {percent:g}%"))
    return bar_chart(
        [
            (f"{half_label.get(a.half, a.half)} {a.number}. {a.name}", float(a.ratio * 100))
            for a in scored.result.areas
        ],
        title=title,
        max_value=100,
        unit="%",
        markers=markers,
    )


def summary(assessment: Assessment) -> dict[str, Any]:
    """Template, self and TPI scores, progress per area and the score that counts now."""
    template = template_of(assessment.template_id)
    self_s = selectors.scored(assessment, ScoreBasis.SELF)
    tpi_s = selectors.scored(assessment, ScoreBasis.TPI)
    has_tpi = tpi_s.answered > 0
    return {
        "template": template,
        "self": self_s,
        "tpi": tpi_s if has_tpi else None,
        "progress": selectors.area_progress(template, self_s, tpi_s if has_tpi else None),
        "main": tpi_s if assessment.status in LOCKED_STATUSES else self_s,
    }


def report_context(assessment: Assessment) -> dict[str, Any]:
    """Everything ``assessment/report_pdf.html`` shows."""
    ctx = summary(assessment)
    main: Scored = ctx["main"]
    locked = assessment.status in LOCKED_STATUSES
    generated = clock.now().astimezone(resolve_time_zone(assessment.organisation.timezone))
    ctx.update(
        {
            "a": assessment,
            "chart": area_chart(assessment, main, _("Score per area (% of weight)")),
            "basis": _("TPI consolidated") if locked else _("Self-assessment"),
            "tpi_notes": selectors.tpi_notes(assessment),
            "generated_at": generated.strftime("%d-%m-%Y %H:%M"),
        }
    )
    return ctx
