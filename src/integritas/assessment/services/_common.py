"""What every part of the assessment services shares: the row lock, values, scores.

Internal to ``integritas.assessment.services``; import the public names from the package.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from integritas.assessment.choices import ScoreBasis
from integritas.assessment.models import Answer, Assessment, LkeSettings, Review, ScoreSnapshot
from integritas.assessment.scores import Scored, answers_of, compute, fraction_text, points
from integritas.assessment.scores import template_of as load_template_of
from integritas.assessment.values import ValueError_, Values, validate_value
from integritas.core.actors import Actor, actor_user

#: Figures fed from other modules (``core.feeds`` code → item code and how the figure fills
#: it): an index (IPAK/IPKP on 0–4) or a ratio's (numerator key, denominator key).
FEEDS: Final[dict[str, tuple[str, tuple[str, str] | None]]] = {
    "lke.ipak": ("HBA", None),
    "lke.ipkp": ("HPA", None),
    "lke.complaint_ratio": ("PRE2A", ("finished", "to_follow_up")),
    "lke.sasaran": ("PRD1A", ("achieved", "targets")),
}

ANSWER_FIELDS: Final = ["option", "answer_type", "inputs", "ratio", "index_value", "note"]
#: What the audit trail records of an answer or a TPI value row.
ANSWER_AUDIT_FIELDS: Final = ["code", "version", *ANSWER_FIELDS, "source", "override_note"]
REVIEW_AUDIT_FIELDS: Final = ["code", "reviewer_id", "is_consolidated", *ANSWER_FIELDS]


def locked_row(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock so concurrent steps serialise."""
    return (
        Assessment.objects.select_for_update().select_related("organisation").get(pk=assessment.pk)
    )


def apply_values(row: Answer | Review, values: Values) -> None:
    row.option = values.option
    row.answer_type = values.answer_type
    row.inputs = dict(values.inputs)
    row.ratio = values.ratio
    row.index_value = values.index_value


def check_value(assessment: Assessment, code: str, values: Values) -> Values:
    """``values`` checked against item ``code`` of the assessment's template."""
    template = load_template_of(assessment.template_id)
    try:
        return validate_value(template, code, values)
    except KeyError:
        raise ValidationError(
            _("%(code)s is not an item of this LKE."), code="unknown_item", params={"code": code}
        ) from None
    except ValueError_ as exc:
        allowed = exc.allowed
        if exc.kind == "incomplete":
            question = template.question(code)
            labels = {i.key: i.label for i in question.numeric.inputs} if question.numeric else {}
            allowed = tuple(labels.get(k, k) for k in allowed)
        raise ValidationError(
            _value_message(exc),
            code="invalid_value",
            params={"code": code, "allowed": ", ".join(allowed)},
        ) from None


def _value_message(exc: ValueError_) -> str:
    messages = {
        "scale": _("%(code)s: that answer scale does not apply; choose one of %(allowed)s."),
        "option": _("%(code)s: not a valid answer; the options are %(allowed)s."),
        "negative": _("%(code)s: numbers cannot be negative."),
        "index_range": _("%(code)s: the index must lie between 0 and 4."),
        "incomplete": _("%(code)s: fill in every required count (%(allowed)s)."),
    }
    return messages.get(exc.kind, _("%(code)s: not a valid answer."))


def all_codes(assessment: Assessment) -> list[str]:
    """Every question and hasil item code of the assessment's template."""
    template = load_template_of(assessment.template_id)
    return [q.code for q in template.questions()] + [i.code for i in template.hasil_items()]


def check_item(assessment: Assessment, code: str) -> None:
    """``ValidationError`` unless ``code`` is an item of the assessment's LKE."""
    if code not in all_codes(assessment):
        raise ValidationError(
            _("%(code)s is not an item of this LKE."), code="unknown_item", params={"code": code}
        )


def score_of(assessment: Assessment, basis: str) -> Scored:
    """The assessment's score on ``basis`` (``self`` or ``tpi``), computed now by the engine."""
    if basis == ScoreBasis.SELF:
        rows: Iterable[Answer | Review] = Answer.objects.filter(assessment=assessment)
    else:
        rows = Review.objects.filter(assessment=assessment, is_consolidated=True)
    return compute(
        assessment.template_id,
        answers_of(rows),
        holds_wbk=assessment.holds_wbk,
        zero_denominator=LkeSettings.rule_for(assessment.organisation),
    )


def take_snapshot(assessment: Assessment, *, step: str, basis: str, actor: Actor) -> ScoreSnapshot:
    """Store the score of ``basis`` at workflow ``step`` (the score history)."""
    scored = score_of(assessment, basis)
    r = scored.result
    detail: dict[str, Any] = {
        "exact": {"total": fraction_text(r.total), "pengungkit": fraction_text(r.pengungkit)},
        "areas": {a.code: str(points(a.score)) for a in r.areas},
        "hasil_items": {i.code: str(points(i.score)) for i in r.hasil_items},
        "answered": scored.answered,
        # The zero-denominator rule this score was computed under ("template" = each item's
        # default) and the items it scored without data (issue 10: the choice is recorded).
        "zero_denominator": scored.zero_denominator or "template",
        "no_data": [
            {"code": n.code, "rule": n.rule, "value": fraction_text(n.value), "note": n.note}
            for n in r.no_data
        ],
        "unmet": {
            code: [
                {
                    "condition": u.condition,
                    "label": u.label,
                    "required": fraction_text(u.required),
                    "actual": fraction_text(u.actual),
                }
                for u in v.unmet
            ]
            for code, v in scored.verdicts.items()
        },
    }
    snap = ScoreSnapshot(
        assessment=assessment,
        step=step,
        basis=basis,
        total=points(r.total),
        pengungkit=points(r.pengungkit),
        hasil=points(r.hasil),
        wbk_met=scored.verdicts["WBK"].met,
        wbbm_met=scored.verdicts["WBBM"].met,
        detail=detail,
        actor=actor_user(actor),
    )
    snap.full_clean()
    snap.save()
    return snap
