"""Every read of the surveys app, always given the viewer (except the citizen-facing ones).

Visibility: ``surveys.view`` on a survey's unit shows every period; ``surveys.view_published``
alone (observers) shows published periods only; anything else answers 404. The arithmetic is
the pure module's (``ikm.py``): SQL only sums and counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from integritas.core import clock
from integritas.core.feeds import FeedValue
from integritas.core.models import Organisation, User
from integritas.core.permissions import get_visible_or_404, scope_filter, scopes
from integritas.core.selectors import pemda_of
from integritas.surveys import answering, permissions
from integritas.surveys.choices import AgeBand, Education, Occupation, PlanStatus, Sex, SurveyKind
from integritas.surveys.ikm import (
    UNSUR,
    UNSUR_CODES,
    ConversionMethod,
    IkmResult,
    PerceptionScale,
    SkmError,
    UnsurTally,
    compute_ikm_from_tallies,
    krejcie_morgan_sample_size,
)
from integritas.surveys.instruments import (
    SKM_QUESTIONS,
    Question,
    parse_period,
    perception_labels,
    period_label,
)
from integritas.surveys.models import (
    ImprovementPlan,
    KioskDevice,
    PublishedResult,
    Response,
    Service,
    Survey,
)

Viewer = User | AnonymousUser

#: One aggregate per unsur: Σ values and how many answered (NULL = not answered).
SKM_AGGREGATES: dict[str, Any] = {
    "n": Count("id"),
    **{f"t{c[1:]}": Sum(c.lower()) for c in UNSUR_CODES},
    **{f"c{c[1:]}": Count(c.lower()) for c in UNSUR_CODES},
}


def tallies_from_row(row: Mapping[str, Any]) -> tuple[int, list[UnsurTally]]:
    """``(respondents, tallies)`` from one row of :data:`SKM_AGGREGATES`."""
    return int(row["n"]), [
        UnsurTally(c, int(row[f"t{c[1:]}"] or 0), int(row[f"c{c[1:]}"] or 0)) for c in UNSUR_CODES
    ]


# ---------------------------------------------------------------------------------------------
# Surveys
# ---------------------------------------------------------------------------------------------


def survey_list(*, viewer: Viewer) -> QuerySet[Survey]:
    """Surveys of the units in the viewer's ``surveys.view_published`` scope."""
    return (
        Survey.objects.filter(scope_filter(viewer, "surveys.view_published", "unit__path"))
        .select_related("unit", "service")
        .annotate(response_count=Count("responses"))
        .order_by("unit__path", "kind", "title")
    )


def survey_get(*, viewer: Viewer, public_id: str) -> Survey:
    """One survey the viewer may see; ``Http404`` otherwise."""
    return get_visible_or_404(
        Survey.objects.filter(
            scope_filter(viewer, "surveys.view_published", "unit__path")
        ).select_related("unit", "service"),
        public_id=public_id,
    )


def viewer_today(viewer: Viewer) -> dt.date:
    """Today in the Pemda of the viewer's survey scope (``core.clock``; WIB without one)."""
    roots = scopes(viewer, "surveys.view_published")
    return clock.today(pemda_of(roots[0]) if roots else None)


def survey_for_job(pk: int) -> Survey:
    """The survey a job works on (the job's handler checks its actor's permissions)."""
    return Survey.objects.select_related("unit", "service").get(pk=pk)


def can_see_unpublished(viewer: Viewer, survey: Survey) -> bool:
    """Whether the viewer may see every period of ``survey`` (``permissions``' predicate;
    an anonymous viewer sees published periods only)."""
    return isinstance(viewer, User) and permissions.can_view_unpublished(viewer, survey)


def _manages(viewer: Viewer, survey: Survey) -> bool:
    return isinstance(viewer, User) and permissions.can_manage(viewer, survey)


def manageable_units(*, viewer: Viewer) -> QuerySet[Organisation]:
    """Public-service units in which the viewer may create surveys and services."""
    return Organisation.objects.filter(
        scope_filter(viewer, "surveys.manage", "path"), is_public_service=True, is_active=True
    ).order_by("path")


def service_list(*, viewer: Viewer) -> QuerySet[Service]:
    """Services of the units in the viewer's scope."""
    return (
        Service.objects.filter(scope_filter(viewer, "surveys.view_published", "unit__path"))
        .select_related("unit")
        .order_by("unit__path", "name")
    )


@dataclass(frozen=True)
class PeriodRow:
    """A period of a survey with its respondent count and its publication (if any)."""

    period: str
    label: str
    respondents: int
    published: PublishedResult | None


def survey_periods(*, viewer: Viewer, survey: Survey) -> list[PeriodRow]:
    """Periods the viewer may see, newest first (only published ones for observers)."""
    counts = dict(
        Response.objects.filter(survey=survey)
        .values_list("period")
        .annotate(n=Count("id"))
        .values_list("period", "n")
    )
    published = {p.period: p for p in PublishedResult.objects.filter(survey=survey)}
    names = set(published) | (set(counts) if can_see_unpublished(viewer, survey) else set())
    return [
        PeriodRow(name, period_label(name), counts.get(name, 0), published.get(name))
        for name in sorted(names, reverse=True)
    ]


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodResult:
    """The result of one survey period.

    ``value``: IKM (SKM, exact, 25–100) or IPAK/IPKP index (0–4); ``missing``: IPAK/IPKP items
    nobody answered (not in the mean); ``scores``: NRR per unsur
    (SKM) or mean per item (1–scale max), in questionnaire order; ``weakest``: the code with
    the lowest score (first in order on a tie). ``ikm`` is the pure module's result (SKM).
    """

    respondents: int
    value: Fraction = Fraction(0)
    mutu: str = ""
    kinerja: str = ""
    tallies: tuple[tuple[str, int, int], ...] = ()
    ikm: IkmResult | None = None
    #: IPAK/IPKP: instrument items nobody answered, left out of the mean (issue 10).
    missing: tuple[str, ...] = ()

    @property
    def scores(self) -> tuple[tuple[str, Fraction], ...]:
        """``(code, Σ values / answered)`` per unsur or item, in order."""
        return tuple((code, Fraction(total, n)) for code, total, n in self.tallies if n)

    @property
    def answered(self) -> tuple[int, ...]:
        """How many respondents answered each unsur or item (same order as :attr:`scores`)."""
        return tuple(n for _code, _total, n in self.tallies if n)

    @property
    def weakest(self) -> str:
        """Code of the unsur/item with the lowest score."""
        return min(self.scores, key=lambda s: s[1])[0] if self.scores else ""


def skm_result(respondents: int, tallies: Sequence[UnsurTally]) -> PeriodResult:
    """:class:`PeriodResult` of SKM tallies (raises ``SkmError`` as the pure module)."""
    if respondents == 0:
        return PeriodResult(0)
    ikm = compute_ikm_from_tallies(tallies, respondents=respondents)
    return PeriodResult(
        respondents=respondents,
        value=ikm.ikm,
        mutu=ikm.mutu,
        kinerja=ikm.kinerja,
        tallies=tuple((n.unsur.code, n.total, n.answered) for n in ikm.unsur),
        ikm=ikm,
    )


def perception_scale(survey: Survey) -> PerceptionScale:
    """The survey's SPAK/SPKP scale configuration (DOMAIN.md §3 [?])."""
    method: ConversionMethod = "proportional" if survey.conversion == "proportional" else "linear"
    return PerceptionScale(minimum=survey.scale_min, maximum=survey.scale_max, method=method)


def perception_result(survey: Survey, answers: Iterable[Mapping[str, int]]) -> PeriodResult:
    """IPAK/IPKP of raw item answers with the survey's scale (DOMAIN.md §3 [?]).

    Items of the instrument nobody answered are left out of the mean and listed in
    ``missing`` (issue 10), never dropped silently.
    """
    from integritas.surveys.ikm import perception_summary

    rows = list(answers)
    if not rows:
        return PeriodResult(0)
    codes = [str(i["code"]) for i in survey.items]
    totals: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for row in rows:
        for code, value in row.items():
            if value is None:
                continue
            totals[code] += value
            counts[code] += 1
    summary = perception_summary(rows, scale=perception_scale(survey), items=codes)
    return PeriodResult(
        respondents=len(rows),
        value=summary.index,
        tallies=tuple((c, totals[c], counts[c]) for c in codes),
        missing=summary.missing_items,
    )


def result_from_tallies(
    survey: Survey, respondents: int, tallies: Mapping[str, Sequence[int]]
) -> PeriodResult:
    """Rebuild a :class:`PeriodResult` exactly from stored ``{code: [total, answered]}``
    (a :class:`PublishedResult` snapshot). Raises ``SkmError`` as the pure module."""
    if survey.is_skm:
        return skm_result(
            respondents, [UnsurTally(code, int(t), int(n)) for code, (t, n) in tallies.items()]
        )
    triples = tuple((code, int(t), int(n)) for code, (t, n) in tallies.items())
    means = [Fraction(t, n) for _c, t, n in triples if n]
    # Items of the instrument with no answer (stored as [0, 0], or absent from an older
    # publication) are reported, as in the live result.
    answered = {c for c, _t, n in triples if n}
    missing = tuple(str(i["code"]) for i in survey.items if str(i["code"]) not in answered)
    if not means:
        return PeriodResult(respondents, missing=missing)
    index = perception_scale(survey).to_index(sum(means, Fraction(0)) / len(means))
    return PeriodResult(respondents=respondents, value=index, tallies=triples, missing=missing)


def period_result(survey: Survey, period: str) -> PeriodResult:
    """Live result of ``survey`` in ``period`` from the stored responses.

    SKM: one SQL aggregate (Σ and count per unsur) fed to ``ikm.compute_ikm_from_tallies``.
    Raises ``SkmError`` when an unsur was answered by nobody.
    """
    responses = Response.objects.filter(survey=survey, period=period)
    if survey.is_skm:
        return skm_result(*tallies_from_row(responses.aggregate(**SKM_AGGREGATES)))
    return perception_result(survey, responses.values_list("item_answers", flat=True))


def ikm_by_group(
    responses: QuerySet[Response], keys: Sequence[str]
) -> dict[tuple[Any, ...], PeriodResult]:
    """SKM results per group: one ``GROUP BY keys`` query, the pure module per group.

    E.g. ``keys = ("survey__unit_id", "service_id", "period")`` gives IKM per unit, service
    and quarter (the benchmark's query). Groups whose IKM cannot be computed are skipped.
    """
    out: dict[tuple[Any, ...], PeriodResult] = {}
    for row in responses.values(*keys).annotate(**SKM_AGGREGATES).order_by(*keys):
        try:
            out[tuple(row[k] for k in keys)] = skm_result(*tallies_from_row(row))
        except SkmError:
            continue
    return out


def survey_trend(survey: Survey, periods: Sequence[str]) -> list[float | None]:
    """IKM (or index) per period in ``periods`` order; ``None`` where there is none."""
    if survey.is_skm:
        found = ikm_by_group(Response.objects.filter(survey=survey), ("period",))
        return [
            float(found[(p,)].value) if (p,) in found and found[(p,)].respondents else None
            for p in periods
        ]
    values: list[float | None] = []
    for p in periods:
        result = period_result(survey, p)
        values.append(float(result.value) if result.respondents else None)
    return values


@dataclass(frozen=True)
class AdequacyRow:
    """Sample adequacy of one service (or the whole survey) against Krejcie & Morgan."""

    name: str
    respondents: int
    population: int | None
    required: int | None

    @property
    def adequate(self) -> bool | None:
        """Whether enough people answered; ``None`` when the population is unknown."""
        return None if self.required is None else self.respondents >= self.required


def _required(population: int | None) -> int | None:
    return krejcie_morgan_sample_size(population) if population else None


def sample_adequacy(survey: Survey, period: str) -> list[AdequacyRow]:
    """Respondents per service in ``period`` against the Krejcie & Morgan sample size.

    Population per service (users per period) comes from :class:`Service`; for a survey of
    one service, or a unit-wide survey with its own population, one row for the survey too.
    """
    responses = Response.objects.filter(survey=survey, period=period)
    rows: list[AdequacyRow] = []
    if survey.service is not None:
        population = survey.service.population or survey.population
        rows.append(
            AdequacyRow(survey.service.name, responses.count(), population, _required(population))
        )
        return rows
    by_service = dict(
        responses.values_list("service_id").annotate(n=Count("id")).values_list("service_id", "n")
    )
    for service in Service.objects.filter(unit=survey.unit).order_by("name"):
        if service.pk in by_service or service.is_active:
            n = by_service.get(service.pk, 0)
            rows.append(
                AdequacyRow(service.name, n, service.population, _required(service.population))
            )
    total = sum(by_service.values())
    rows.append(AdequacyRow(survey.title, total, survey.population, _required(survey.population)))
    return rows


@dataclass
class ProfileTable:
    """Counts of one profile field: ``rows`` of ``(label, count)`` in choice order."""

    title: str
    rows: list[tuple[str, int]] = field(default_factory=list)


def respondent_profile(survey: Survey, period: str) -> list[ProfileTable]:
    """Respondent profile of a period: age band, sex, education, occupation, service used."""
    responses = Response.objects.filter(survey=survey, period=period)
    from django.utils.translation import gettext as _

    tables: list[ProfileTable] = []
    for field_name, title, choices in (
        ("age_band", _("Age"), AgeBand.choices),
        ("sex", _("Sex"), Sex.choices),
        ("education", _("Education"), Education.choices),
        ("occupation", _("Occupation"), Occupation.choices),
    ):
        counts = dict(
            responses.values_list(field_name).annotate(n=Count("id")).values_list(field_name, "n")
        )
        rows = [(str(label), counts.get(value, 0)) for value, label in choices]
        rows.append((_("Not stated"), counts.get("", 0)))
        tables.append(ProfileTable(str(title), rows))
    services = (
        responses.values_list("service__name").annotate(n=Count("id")).order_by("service__name")
    )
    tables.append(
        ProfileTable(
            _("Service used"),
            [(str(name) if name else _("Not stated"), int(n)) for name, n in services],
        )
    )
    return tables


@dataclass(frozen=True)
class ComparisonRow:
    """One survey's value in a period, for the comparison across units."""

    label: str
    unit: str
    value: float
    respondents: int
    mutu: str


def unit_comparison(
    *, viewer: Viewer, period: str, kind: str = SurveyKind.SKM
) -> list[ComparisonRow]:
    """IKM (or index) of every visible survey of ``kind`` in ``period``, highest first.

    Live values for units in the viewer's ``surveys.view`` scope; published snapshots only
    for the rest of its ``surveys.view_published`` scope.
    """
    surveys = list(survey_list(viewer=viewer).filter(kind=kind))
    full = [s for s in surveys if can_see_unpublished(viewer, s)]
    rows: list[ComparisonRow] = []
    if kind == SurveyKind.SKM and full:
        live = ikm_by_group(Response.objects.filter(survey__in=full, period=period), ("survey_id",))
        for survey in full:
            result = live.get((survey.pk,))
            if result is not None and result.respondents:
                rows.append(
                    ComparisonRow(
                        _survey_label(survey),
                        survey.unit.name,
                        float(result.value),
                        result.respondents,
                        result.mutu,
                    )
                )
    else:
        for survey in full:
            result = period_result(survey, period)
            if result.respondents:
                rows.append(
                    ComparisonRow(
                        _survey_label(survey),
                        survey.unit.name,
                        float(result.value),
                        result.respondents,
                        result.mutu,
                    )
                )
    hidden = [s for s in surveys if s not in full]
    published = PublishedResult.objects.filter(survey__in=hidden, period=period).select_related(
        "survey__unit", "survey__service"
    )
    for pub in published:
        rows.append(
            ComparisonRow(
                _survey_label(pub.survey),
                pub.survey.unit.name,
                float(pub.value),
                pub.respondents,
                pub.mutu,
            )
        )
    return sorted(rows, key=lambda r: -r.value)


def _survey_label(survey: Survey) -> str:
    unit = survey.unit.short_name or survey.unit.name
    return f"{unit} — {survey.service.name}" if survey.service else unit


# ---------------------------------------------------------------------------------------------
# Responses export, plans, kiosks
# ---------------------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "period",
    "submitted_on",
    "channel",
    "service__name",
    "age_band",
    "sex",
    "education",
    "occupation",
    *[c.lower() for c in UNSUR_CODES],
    "item_answers",
    "suggestion",
)


def responses_for_export(
    *, viewer: Viewer, survey: Survey, period: str | None
) -> QuerySet[Response]:
    """Anonymous responses of ``survey`` (one period or all) for the export.

    Requires ``surveys.view`` on the unit (observers see aggregates, not raw answers). Ordered
    by period, date, then the random id — never by submission order. No id is exported.
    """
    if not can_see_unpublished(viewer, survey):
        raise Http404
    responses = Response.objects.filter(survey=survey).select_related("service")
    if period:
        responses = responses.filter(period=period)
    return responses.order_by("period", "submitted_on", "id")


def plan_list(*, viewer: Viewer, survey: Survey) -> QuerySet[ImprovementPlan]:
    """Improvement plans of ``survey`` (only published ones for observers)."""
    plans = ImprovementPlan.objects.filter(survey=survey).select_related("survey")
    if not can_see_unpublished(viewer, survey):
        plans = plans.filter(published_at__isnull=False)
    return plans.order_by("-period", "unsur")


def plan_get(*, viewer: Viewer, survey: Survey, public_id: str) -> ImprovementPlan:
    """One plan of ``survey`` visible to the viewer; 404 otherwise."""
    return get_visible_or_404(plan_list(viewer=viewer, survey=survey), public_id=public_id)


def kiosk_list(*, viewer: Viewer, survey: Survey) -> QuerySet[KioskDevice]:
    """Kiosks of ``survey`` (for those who may manage it)."""
    if not _manages(viewer, survey):
        return KioskDevice.objects.none()
    return KioskDevice.objects.filter(survey=survey).order_by("name")


def kiosk_get(*, viewer: Viewer, survey: Survey, public_id: str) -> KioskDevice:
    """One kiosk of ``survey`` for those who may manage it; 404 otherwise."""
    return get_visible_or_404(kiosk_list(viewer=viewer, survey=survey), public_id=public_id)


# ---------------------------------------------------------------------------------------------
# Citizen-facing reads (no viewer: public by design, published data only)
# ---------------------------------------------------------------------------------------------


def public_survey(slug: str) -> Survey:
    """The survey behind a public slug; ``Http404`` when unknown."""
    survey = Survey.objects.select_related("unit", "service").filter(slug=slug).first()
    if survey is None:
        raise Http404
    return survey


def open_surveys(*, now: dt.datetime) -> list[Survey]:
    """Every survey open for answers at ``now``, by unit then title (the public index)."""
    return [
        s
        for s in Survey.objects.filter(is_active=True)
        .select_related("unit", "service")
        .order_by("unit__name", "title")
        if answering.window_state(
            is_active=s.is_active, opens_at=s.opens_at, closes_at=s.closes_at, now=now
        )
        == "open"
    ]


def public_kiosk(survey: Survey, token: str) -> KioskDevice:
    """The active kiosk of ``survey`` with this token; ``Http404`` otherwise."""
    kiosk = KioskDevice.objects.filter(
        survey=survey, token_hash=answering.token_hash(token), is_active=True
    ).first()
    if kiosk is None:
        raise Http404
    return kiosk


def published_result(survey: Survey, period: str | None) -> PublishedResult:
    """The published result of ``period`` (latest published when None); 404 if unpublished."""
    published = PublishedResult.objects.filter(survey=survey)
    found = (
        published.filter(period=period).first() if period else published.order_by("-period").first()
    )
    if found is None:
        raise Http404
    return found


def survey_services(survey: Survey) -> QuerySet[Service]:
    """Active services a respondent may pick on a unit-wide survey."""
    if survey.service is not None:
        return Service.objects.none()
    return Service.objects.filter(unit=survey.unit, is_active=True).order_by("name")


# ---------------------------------------------------------------------------------------------
# LKE feeds (core.feeds): IPAK, IPKP and SKM frequency/publication for a unit and a year
# ---------------------------------------------------------------------------------------------


def _subtree_surveys(unit: Organisation, kind: str) -> QuerySet[Survey]:
    return Survey.objects.filter(Q(unit__path__startswith=unit.path), kind=kind)


def perception_feed(unit: Organisation, year: int, kind: str) -> FeedValue | None:
    """IPAK (SPAK) or IPKP (SPKP) of ``unit``'s subtree in ``year`` on 0–4 (DOMAIN.md §3).

    Each survey's index uses its own scale; several surveys are combined by the mean of their
    indexes weighted by respondents. ``None`` when no response. Source text e.g.
    ``"SPAK 2025: 412 responden"``.
    """
    total = Fraction(0)
    respondents = 0
    surveys = 0
    for survey in _subtree_surveys(unit, kind):
        answers = list(
            Response.objects.filter(survey=survey, period__startswith=f"{year}").values_list(
                "item_answers", flat=True
            )
        )
        if not answers:
            continue
        result = perception_result(survey, answers)
        total += result.value * result.respondents
        respondents += result.respondents
        surveys += 1
    if respondents == 0:
        return None
    label = "SPAK" if kind == SurveyKind.SPAK else "SPKP"
    return FeedValue(
        value=total / respondents,
        source=f"{label} {year}: {respondents} responden",
        details={"surveys": str(surveys), "respondents": str(respondents)},
    )


def skm_per_year_feed(unit: Organisation, year: int) -> FeedValue | None:
    """How many SKM periods of ``year`` have responses in ``unit``'s subtree, and how many of
    them are published (LKE questions on SKM frequency and publication; DOMAIN.md §2).

    ``value`` = number of periods surveyed; ``numerator``/``denominator`` = published /
    surveyed. ``None`` when no SKM response that year.
    """
    surveys = _subtree_surveys(unit, SurveyKind.SKM)
    surveyed = set(
        Response.objects.filter(survey__in=surveys, period__startswith=f"{year}")
        .values_list("period", flat=True)
        .distinct()
    )
    if not surveyed:
        return None
    published = set(
        PublishedResult.objects.filter(survey__in=surveys, period__in=surveyed)
        .values_list("period", flat=True)
        .distinct()
    )
    quarters = sorted(p for p in surveyed if parse_period(p)[1] == "Q")
    return FeedValue(
        value=Decimal(len(surveyed)),
        source=f"SKM {year}: {len(surveyed)} periode, {len(published)} dipublikasikan",
        numerator=len(published),
        denominator=len(surveyed),
        details={
            "periods": ", ".join(sorted(surveyed)),
            "quarters": str(len(quarters)),
            "published": "ya" if published and published == surveyed else "tidak",
        },
    )


def open_plans_count(survey: Survey) -> int:
    """Plans of ``survey`` not yet done or cancelled."""
    return ImprovementPlan.objects.filter(
        survey=survey, status__in=[PlanStatus.PLANNED, PlanStatus.IN_PROGRESS]
    ).count()


def survey_questions(survey: Survey) -> list[Question]:
    """The questions of ``survey`` in order, with their answer choices.

    SKM: the nine unsur with the regulation's question and answer wording (PermenPANRB
    14/2017, Lampiran); SPAK/SPKP: the survey's items on its scale.
    """
    if survey.is_skm:
        return [
            Question(
                u.code,
                u.name,
                SKM_QUESTIONS[u.code],
                tuple((v, label) for v, label in enumerate(u.labels, start=1)),
            )
            for u in UNSUR
        ]
    labels = perception_labels(survey.scale_min, survey.scale_max)
    choices = tuple(zip(range(survey.scale_min, survey.scale_max + 1), labels, strict=True))
    return [Question(str(i["code"]), str(i["code"]), str(i["text"]), choices) for i in survey.items]
