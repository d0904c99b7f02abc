"""Every read of the assessment app, always given the viewer.

Visibility: holders of ``assessment.view_all`` (admin, pimpinan, Tim ZI, TPI) see every
assessment in their subtrees, drafts included; holders of ``assessment.view`` only (the
independent observers) see locked results only. Anything else answers 404.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from integritas.assessment import permissions as perms
from integritas.assessment.choices import LOCKED_STATUSES, ScoreBasis
from integritas.assessment.lke_template import Area, HasilItem, Question, Template
from integritas.assessment.models import (
    Answer,
    Assessment,
    Evidence,
    LkeSettings,
    Review,
    ScoreSnapshot,
    TpiAssignment,
    UnitResponse,
)
from integritas.assessment.scores import Scored, answers_of, compute, template_of
from integritas.assessment.scoring import Answer as Answer_
from integritas.assessment.scoring import GapAnalysis, gap_analysis
from integritas.core.models import Organisation, User
from integritas.core.permissions import get_visible_or_404, scope_filter

Viewer = User | AnonymousUser


def _visible(viewer: Viewer) -> Q:
    everything = scope_filter(viewer, perms.VIEW_ALL, "organisation__path")
    locked_only = scope_filter(viewer, perms.VIEW, "organisation__path") & Q(
        status__in=LOCKED_STATUSES
    )
    return everything | locked_only


def assessment_list(*, viewer: Viewer, year: int | None = None) -> QuerySet[Assessment]:
    """Assessments the viewer may see, newest year first, in tree order of their units."""
    qs = Assessment.objects.filter(_visible(viewer)).select_related("organisation")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "organisation__path")


def assessment_get(*, viewer: Viewer, public_id: str) -> Assessment:
    """One assessment the viewer may see; ``Http404`` otherwise (hidden = absent)."""
    return get_visible_or_404(assessment_list(viewer=viewer), public_id=public_id)


@dataclass(frozen=True)
class ListRow:
    """An assessment with its self and (once consolidated values exist) TPI scores."""

    assessment: Assessment
    self_score: Scored
    tpi_score: Scored | None


@dataclass(slots=True)
class _Value:
    """A stored value read as a plain tuple (no model instance: lists score thousands)."""

    code: str
    option: str
    answer_type: str
    inputs: dict[str, str]
    ratio: Decimal | None
    index_value: Decimal | None


_VALUE_FIELDS = ("assessment_id", "code", "option", "answer_type", "inputs", "ratio", "index_value")


def load_answers(assessment_ids: Sequence[int], basis: str) -> dict[int, dict[str, Answer_]]:
    """Engine answers per assessment id for ``basis`` (self or TPI consolidated): one query.

    Internal to selectors and the benchmark; callers scope the ids to the viewer first.
    """
    qs: QuerySet[Any]
    if basis == ScoreBasis.SELF:
        qs = Answer.objects.filter(assessment_id__in=assessment_ids)
    else:
        qs = Review.objects.filter(assessment_id__in=assessment_ids, is_consolidated=True)
    rows: dict[int, list[_Value]] = {}
    for aid, *fields in qs.values_list(*_VALUE_FIELDS):
        rows.setdefault(aid, []).append(_Value(*fields))
    return {aid: answers_of(values) for aid, values in rows.items()}


def assessment_rows(assessments: Sequence[Assessment] | QuerySet[Assessment]) -> list[ListRow]:
    """Score a page of (already viewer-scoped) assessments: three queries whatever its size."""
    page = list(
        assessments.select_related("organisation")
        if isinstance(assessments, QuerySet)
        else assessments
    )
    ids = [a.pk for a in page]
    own = load_answers(ids, ScoreBasis.SELF)
    tpi = load_answers(ids, ScoreBasis.TPI)
    rules = zero_denominator_rules(a.organisation for a in page)

    def rule(a: Assessment) -> str | None:
        return rules.get(_root_id(a.organisation))

    return [
        ListRow(
            assessment=a,
            self_score=compute(
                a.template_id, own.get(a.pk, {}), holds_wbk=a.holds_wbk, zero_denominator=rule(a)
            ),
            tpi_score=compute(
                a.template_id, tpi[a.pk], holds_wbk=a.holds_wbk, zero_denominator=rule(a)
            )
            if a.pk in tpi
            else None,
        )
        for a in page
    ]


def _root_id(organisation: Organisation) -> int:
    ids = organisation.ancestor_ids()
    return ids[0] if ids else organisation.pk


def zero_denominator_rules(organisations: Iterable[Organisation]) -> dict[int, str]:
    """The zero-denominator rule per Pemda root id of ``organisations`` (one query)."""
    roots = {_root_id(o) for o in organisations}
    return {
        org_id: rule
        for org_id, rule in LkeSettings.objects.filter(organisation_id__in=roots).values_list(
            "organisation_id", "zero_denominator"
        )
        if rule
    }


def lke_settings(organisation: Organisation) -> LkeSettings:
    """The LKE settings of the Pemda ``organisation`` belongs to (unsaved defaults if none)."""
    root = _root_id(organisation)
    found = LkeSettings.objects.filter(organisation_id=root).first()
    return found or LkeSettings(organisation_id=root)


def scored(assessment: Assessment, basis: str) -> Scored:
    """The score of one assessment on ``basis`` (``self`` or ``tpi``), computed now."""
    if basis == ScoreBasis.SELF:
        rows: list[Answer] | list[Review] = list(Answer.objects.filter(assessment=assessment))
    else:
        rows = list(Review.objects.filter(assessment=assessment, is_consolidated=True))
    return compute(
        assessment.template_id,
        answers_of(rows),
        holds_wbk=assessment.holds_wbk,
        zero_denominator=LkeSettings.rule_for(assessment.organisation),
    )


@dataclass
class AreaProgress:
    """One area's progress: answered items and the self/TPI scores side by side."""

    area: Area
    answered: int
    total: int
    self_score: Fraction
    tpi_score: Fraction | None


def area_progress(template: Template, self_s: Scored, tpi_s: Scored | None) -> list[AreaProgress]:
    """Per area: answered/total from the self score and both scores (points)."""
    out = []
    for area in template.areas():
        s_area = self_s.result.area(area.code)
        qs = [q for sub in s_area.sub_areas for q in sub.questions]
        out.append(
            AreaProgress(
                area=area,
                answered=sum(1 for q in qs if q.answered),
                total=len(qs),
                self_score=s_area.score,
                tpi_score=None if tpi_s is None else tpi_s.result.area(area.code).score,
            )
        )
    return out


@dataclass
class ItemView:
    """Everything shown for one question or hasil item on an area page."""

    code: str
    question: Question | None
    hasil: HasilItem | None
    answer: Answer | None
    evidence: list[Evidence] = field(default_factory=list)
    member_reviews: list[Review] = field(default_factory=list)
    consolidated: Review | None = None
    my_review: Review | None = None
    responses: list[UnitResponse] = field(default_factory=list)
    #: Figures another module offers as evidence for a choice item (``EVIDENCE_FEEDS``), with
    #: their source; shown beside the item, never written into the answer.
    offered: list[str] = field(default_factory=list)


#: Figures offered as evidence for A/B/C(/D) items (``core.feeds`` code → item codes). These
#: items judge policy, evaluation and follow-up, which no count decides, so unlike ``FEEDS``
#: (numeric and index items, filled in) the figure is shown beside the item with its source
#: and the Tim ZI chooses the answer: a person's judgement is never overwritten by a count.
EVIDENCE_FEEDS: dict[str, tuple[str, ...]] = {
    "lke.wbs": ("PPE4A", "PPE4B", "PPE4C"),  # PW-P iv: WBS applied, evaluated, followed up
    "lke.gratification": ("PPE1A", "PPE1B"),  # PW-P i: pengendalian gratifikasi
}


def offered_evidence(assessment: Assessment, codes: Sequence[str]) -> dict[str, list[str]]:
    """Item code → source texts of the figures offered for it in ``assessment``'s year."""
    from integritas.core.feeds import get_feed

    wanted = set(codes)
    offered: dict[str, list[str]] = {}
    for feed_code, items in EVIDENCE_FEEDS.items():
        targets = [c for c in items if c in wanted]
        if not targets:
            continue
        fed = get_feed(feed_code, assessment.organisation, assessment.year)
        if fed is None:
            continue
        for code in targets:
            offered.setdefault(code, []).append(fed.source)
    return offered


def items_for(
    *, viewer: Viewer, assessment: Assessment, codes: Sequence[str]
) -> dict[str, ItemView]:
    """The stored rows of ``codes`` (answers, evidence, reviews, responses): five queries."""
    template = template_of(assessment.template_id)
    items: dict[str, ItemView] = {}
    for code in codes:
        try:
            q: Question | None = template.question(code)
            h: HasilItem | None = None
        except KeyError:
            q, h = None, template.hasil_item(code)
        items[code] = ItemView(code=code, question=q, hasil=h, answer=None)
    for ans in Answer.objects.filter(assessment=assessment, code__in=codes).select_related(
        "updated_by", "overridden_by"
    ):
        items[ans.code].answer = ans
    if isinstance(viewer, User) and perms.can_view_all(viewer, assessment):
        for ev in Evidence.objects.filter(assessment=assessment, code__in=codes).select_related(
            "uploaded_by"
        ):
            items[ev.code].evidence.append(ev)
    for r in Review.objects.filter(assessment=assessment, code__in=codes).select_related(
        "reviewer"
    ):
        if r.is_consolidated:
            items[r.code].consolidated = r
        else:
            items[r.code].member_reviews.append(r)
            if isinstance(viewer, User) and r.reviewer_id == viewer.pk:
                items[r.code].my_review = r
    for resp in UnitResponse.objects.filter(assessment=assessment, code__in=codes).select_related(
        "author"
    ):
        items[resp.code].responses.append(resp)
    for code, sources in offered_evidence(assessment, codes).items():
        items[code].offered = sources
    return items


def evidence_get(*, viewer: Viewer, assessment: Assessment, public_id: str) -> Evidence:
    """One evidence file of an assessment the viewer sees with ``view_all``; 404 otherwise."""
    if not (isinstance(viewer, User) and perms.can_view_all(viewer, assessment)):
        from django.http import Http404

        raise Http404
    return get_visible_or_404(Evidence.objects.filter(assessment=assessment), public_id=public_id)


def tpi_team(assessment: Assessment) -> list[TpiAssignment]:
    """The TPI members assigned to an assessment, lead first."""
    return list(
        TpiAssignment.objects.filter(assessment=assessment)
        .select_related("user")
        .order_by("-is_lead", "user__full_name")
    )


def tpi_candidates(*, viewer: Viewer, assessment: Assessment) -> list[User]:
    """People holding the TPI review permission over the unit (for the assignment form)."""
    if not (isinstance(viewer, User) and perms.can_assign(viewer, assessment)):
        return []
    from integritas.core.models import RoleMembership
    from integritas.core.permissions import PERMISSIONS

    roots = assessment.organisation.ancestor_ids()
    user_ids = RoleMembership.objects.filter(
        role__in=PERMISSIONS[perms.REVIEW], organisation_id__in=roots
    ).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name"))


def snapshots(assessment: Assessment) -> list[ScoreSnapshot]:
    """The score history of an assessment, oldest first."""
    return list(ScoreSnapshot.objects.filter(assessment=assessment).select_related("actor"))


def gap(assessment: Assessment, predicate: str, basis: str) -> GapAnalysis:
    """:func:`scoring.gap_analysis` on the stored answers of ``basis`` (self or TPI)."""
    if basis == ScoreBasis.SELF:
        rows: list[Answer] | list[Review] = list(Answer.objects.filter(assessment=assessment))
    else:
        rows = list(Review.objects.filter(assessment=assessment, is_consolidated=True))
    return gap_analysis(
        template_of(assessment.template_id),
        answers_of(rows),
        predicate,
        holds_wbk=assessment.holds_wbk,
        zero_denominator=LkeSettings.rule_for(assessment.organisation),
    )


def creatable_units(*, viewer: Viewer) -> QuerySet[Organisation]:
    """OPD and units (not the Pemda root) for which the viewer may open an assessment."""
    return (
        Organisation.objects.filter(scope_filter(viewer, perms.CREATE, "path"))
        .exclude(parent__isnull=True)
        .filter(is_active=True)
        .order_by("path")
    )


def stored_rows(assessment: Assessment, basis: str) -> list[Answer] | list[Review]:
    """The stored values of ``basis``: the unit's answers or the consolidated TPI values."""
    if basis == ScoreBasis.TPI:
        return list(Review.objects.filter(assessment=assessment, is_consolidated=True))
    return list(Answer.objects.filter(assessment=assessment))


def consolidated_count(assessment: Assessment) -> int:
    """How many items have a consolidated TPI value."""
    return Review.objects.filter(assessment=assessment, is_consolidated=True).count()


def tpi_notes(assessment: Assessment) -> list[tuple[str, str]]:
    """(code, note) of every consolidated TPI value with a note, in template order."""
    template = template_of(assessment.template_id)
    notes = [
        (r.code, r.note)
        for r in Review.objects.filter(assessment=assessment, is_consolidated=True).exclude(note="")
    ]
    order = {q.code: i for i, q in enumerate(template.questions())}
    notes.sort(key=lambda n: order.get(n[0], 999))
    return notes


def settings_pemda(*, viewer: User) -> Organisation | None:
    """The Pemda whose LKE settings the viewer may change (the first by id), or None."""
    from integritas.core.permissions import scopes
    from integritas.core.selectors import pemda_of

    roots = sorted({pemda_of(o) for o in scopes(viewer, perms.SETTINGS)}, key=lambda o: o.pk)
    return next((r for r in roots if perms.can_change_settings(viewer, r)), None)


def zero_denominator_rule(assessment: Assessment) -> str | None:
    """The Pemda's zero-denominator rule for ``assessment`` (None = the template's default)."""
    return LkeSettings.rule_for(assessment.organisation)
