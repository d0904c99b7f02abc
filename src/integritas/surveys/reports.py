"""What the results page, the quarterly PDF report and the responses export show.

Shared by the views (the page, the CSV export) and the jobs in ``surveys.tasks`` (the PDF
report, the XLSX export): every figure comes from the selectors and the pure module
(``ikm.py``); nothing here queries a table itself or carries a regulatory number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from integritas.core import clock
from integritas.core.charts import Chart, bar_chart, line_chart
from integritas.core.exports import Cell
from integritas.core.models import User
from integritas.core.selectors import calendar_for
from integritas.surveys import selectors
from integritas.surveys.ikm import (
    IKM_MAX,
    IKM_MIN,
    UNSUR_BY_CODE,
    SkmError,
    converted_nrr,
    mutu_markers,
    round_half_up,
)
from integritas.surveys.instruments import period_label, period_of
from integritas.surveys.models import PublishedResult, Survey

#: Perception indices (IPAK/IPKP) lie on 0–4.
INDEX_MAX = 4


@dataclass(frozen=True)
class ScoreRow:
    """One line of the NRR table: code, name, average (2 places), on 25–100 (SKM), answered."""

    code: str
    name: str
    nrr: Decimal
    converted: Decimal | None
    answered: int


def comparison_chart(rows: list[selectors.ComparisonRow], period: str) -> Chart | None:
    """The IKM-per-unit bar chart of the survey list (mutu A and B marked)."""
    if not rows:
        return None
    return bar_chart(
        [(r.label, r.value) for r in rows],
        title=_("IKM per unit and service, %(period)s") % {"period": period_label(period)},
        max_value=IKM_MAX,
        markers=mutu_markers(),
    )


def _item_text(survey: Survey, code: str) -> str:
    for item in survey.items:
        if item.get("code") == code:
            return str(item.get("text", code))
    return code


def _from_publication(survey: Survey, published: PublishedResult) -> selectors.PeriodResult:
    return selectors.result_from_tallies(survey, published.respondents, published.tallies)


def results_context(viewer: User, survey: Survey, requested: str) -> dict[str, Any]:
    """Everything the results page and the PDF report show for one period."""
    periods = selectors.survey_periods(viewer=viewer, survey=survey)
    full = selectors.can_see_unpublished(viewer, survey)
    names = [p.period for p in periods]
    zone = calendar_for(survey.unit).zone
    local_today = clock.now().astimezone(zone).date()
    default = names[0] if names else period_of(local_today, survey.scheme)
    period = requested if requested in names else default
    if not full and period not in names:
        period = ""
    row = next((p for p in periods if p.period == period), None)
    error = ""
    result = None
    if period:
        if full:
            try:
                result = selectors.period_result(survey, period)
            except SkmError as exc:
                error = str(exc)
        elif row is not None and row.published is not None:
            result = _from_publication(survey, row.published)
    scores: list[ScoreRow] = []
    if result is not None and result.respondents:
        for (code, score), answered in zip(result.scores, result.answered, strict=True):
            name = UNSUR_BY_CODE[code].name if code in UNSUR_BY_CODE else _item_text(survey, code)
            scores.append(
                ScoreRow(
                    code=code,
                    name=name,
                    nrr=round_half_up(score, 2),
                    converted=converted_nrr(score) if survey.is_skm else None,
                    answered=answered,
                )
            )
    trend_periods = sorted(names)[-8:]
    trend_values = (
        selectors.survey_trend(survey, trend_periods)
        if full
        else [
            float(p.published.value) if p.published else None
            for p in sorted(periods, key=lambda p: p.period)[-8:]
        ]
    )
    trend = (
        line_chart(
            trend_periods,
            [(survey.title, trend_values)],
            title=(_("IKM per period") if survey.is_skm else _("Index per period")),
            y_min=IKM_MIN if survey.is_skm else 0,
            y_max=IKM_MAX if survey.is_skm else INDEX_MAX,
        )
        if len(trend_periods) > 1
        else None
    )
    nrr_chart = (
        bar_chart(
            [(f"{s.code} {s.name}", float(s.nrr)) for s in scores],
            title=_("Average score per element, %(period)s") % {"period": period_label(period)},
            max_value=float(survey.scale_max),
        )
        if scores
        else None
    )
    return {
        "survey": survey,
        "periods": periods,
        "period": period,
        "period_label": period_label(period) if period else "",
        "period_row": row,
        "result": result,
        "value": round_half_up(result.value, 2) if result and result.respondents else None,
        "scores": scores,
        "weakest": result.weakest if result and result.respondents else "",
        "missing_items": [(code, _item_text(survey, code)) for code in result.missing]
        if result is not None and result.respondents
        else [],
        "error": error,
        "full": full,
        "trend": trend,
        "nrr_chart": nrr_chart,
        "profile": selectors.respondent_profile(survey, period) if full and period else [],
        "adequacy": selectors.sample_adequacy(survey, period) if full and period else [],
        "plans": selectors.plan_list(viewer=viewer, survey=survey),
        "generated_at": clock.now().astimezone(zone),
    }


EXPORT_HEADER = [
    "periode",
    "tanggal",
    "kanal",
    "layanan",
    "kelompok_umur",
    "jenis_kelamin",
    "pendidikan",
    "pekerjaan",
]


def export_table(
    viewer: User, survey: Survey, period: str | None
) -> tuple[list[str], Iterator[list[Cell]]]:
    """Header and rows of the anonymous responses export (no id, no time; ``Http404`` for
    a viewer who may not see raw responses)."""
    responses = selectors.responses_for_export(viewer=viewer, survey=survey, period=period)
    codes = [q.code for q in selectors.survey_questions(survey)]
    header = [*EXPORT_HEADER, *codes, "saran"]

    def rows() -> Iterator[list[Cell]]:
        for r in responses.iterator(chunk_size=2000):
            answers = (
                [getattr(r, c.lower()) for c in codes]
                if survey.is_skm
                else [r.item_answers.get(c) for c in codes]
            )
            yield [
                r.period,
                r.submitted_on,
                r.channel,
                r.service.name if r.service else "",
                r.age_band,
                r.sex,
                r.education,
                r.occupation,
                *answers,
                r.suggestion,
            ]

    return header, rows()


def export_name(survey: Survey, period: str | None) -> str:
    """The export's file name without extension."""
    return f"survei-{survey.slug}-{period or 'semua'}"
