"""Demo data: two years (2025–2026) of quarterly SKM for services of four public-service units,
SPAK and SPKP for the same units, publications and improvement plans.

The MPP's business-licence service starts weak on U3 (waktu penyelesaian); the improvement
plan made for 2025-Q2 is done by the end of Q3 and U3 rises from 2025-Q4 on — the trend chart
shows it. Responses are generated with a fixed seed and stored with ``bulk_create`` (a few
thousand rows, so ``integritas demo`` stays fast); publications and plans go through the
audited services. Idempotent: a survey that already has responses is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping

from integritas.core import clock
from integritas.core.actors import System
from integritas.core.demo import DemoContext
from integritas.core.models import Organisation
from integritas.surveys import services
from integritas.surveys.choices import (
    AgeBand,
    Channel,
    Education,
    Occupation,
    Sex,
    SurveyKind,
)
from integritas.surveys.ikm import UNSUR_CODES
from integritas.surveys.instruments import period_bounds, period_of, periods_between
from integritas.surveys.models import ImprovementPlan, Response, Service, Survey

#: The demo loader acts as the system.
DEMO = System("demo")

FIRST_PERIOD = "2025-Q1"

# unit code → [(service name, users per quarter, base mean per unsur, responses per quarter)]
UNITS: dict[str, list[tuple[str, int, float, int]]] = {
    "MPP": [
        ("Perizinan Berusaha (NIB)", 1200, 3.35, 70),
        ("Persetujuan Bangunan Gedung", 300, 3.1, 45),
    ],
    "DAFDUK": [("KTP Elektronik", 2500, 3.2, 75), ("Kartu Keluarga", 1800, 3.3, 55)],
    "RAJAL": [("Pendaftaran Rawat Jalan", 5000, 3.0, 70)],
    "PKM-SKM": [("Pemeriksaan Umum", 900, 3.25, 50)],
}

#: Per-unsur offsets from the base mean (U4 biaya is usually free, U3 waktu the weakest).
OFFSETS: Mapping[str, float] = {
    "U1": 0.05,
    "U2": -0.05,
    "U3": -0.35,
    "U4": 0.45,
    "U5": 0.0,
    "U6": 0.1,
    "U7": 0.15,
    "U8": -0.1,
    "U9": 0.05,
}

#: The showcase: the MPP licence service's U3 before and after the follow-up plan.
SHOWCASE_SERVICE = "Perizinan Berusaha (NIB)"
SHOWCASE_LOW = {"2025-Q1": -0.9, "2025-Q2": -0.8, "2025-Q3": -0.45}


def _value(rng: random.Random, mean: float, low: int = 1, high: int = 4) -> int:
    return max(low, min(high, round(rng.gauss(mean, 0.55))))


def _profile(rng: random.Random) -> dict[str, str]:
    return {
        "age_band": rng.choice(AgeBand.values),
        "sex": rng.choice(Sex.values),
        "education": rng.choices(Education.values, weights=[1, 2, 5, 2, 4, 1])[0],
        "occupation": rng.choices(Occupation.values, weights=[2, 1, 5, 4, 2, 2])[0],
    }


def _dates(rng: random.Random, period: str, today: dt.date) -> dt.date:
    first, last = period_bounds(period)
    last = min(last, today)
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _skm_mean(service: str, code: str, period: str, base: float) -> float:
    mean = base + OFFSETS[code]
    if service == SHOWCASE_SERVICE and code == "U3":
        mean += SHOWCASE_LOW.get(period, 0.3)
    return mean


def _ensure_service(unit: Organisation, name: str, population: int) -> Service:
    return Service.objects.filter(unit=unit, name=name).first() or services.service_create(
        actor=DEMO, unit=unit, name=name, population=population
    )


def _ensure_survey(unit: Organisation, kind: str, title: str, service: Service | None) -> Survey:
    found = Survey.objects.filter(unit=unit, kind=kind, title=title).first()
    if found is not None:
        return found
    return services.survey_create(
        actor=DEMO,
        unit=unit,
        kind=kind,
        title=title,
        service=service,
        opens_on=dt.date(2025, 1, 1),
        scale_max=6 if kind == SurveyKind.SPAK else 4,
    )


def _skm_responses(
    survey: Survey,
    service: Service,
    base: float,
    per_period: int,
    periods: list[str],
    today: dt.date,
) -> list[Response]:
    rng = random.Random(f"skm:{service.name}")  # noqa: S311 - demo data, not security
    built: list[Response] = []
    for period in periods:
        count = per_period + rng.randrange(-8, 9)
        if period == periods[-1]:
            count = count // 2  # the current quarter is under way
        for _ in range(count):
            response = Response(
                survey=survey,
                period=period,
                submitted_on=_dates(rng, period, today),
                channel=rng.choices([Channel.WEB, Channel.KIOSK, Channel.PAPER], weights=[5, 3, 2])[
                    0
                ],
                service=service,
                **_profile(rng),
            )
            for code in UNSUR_CODES:
                setattr(
                    response, code.lower(), _value(rng, _skm_mean(service.name, code, period, base))
                )
            built.append(response)
    return built


def _perception_responses(
    survey: Survey, mean: float, periods: list[str], today: dt.date
) -> list[Response]:
    rng = random.Random(f"{survey.kind}:{survey.unit.code}")  # noqa: S311 - demo data
    codes = [str(i["code"]) for i in survey.items]
    built = []
    for index, period in enumerate(periods):
        for _ in range(18 + rng.randrange(0, 8)):
            answers = {
                c: _value(rng, mean + index * 0.05, survey.scale_min, survey.scale_max)
                for c in codes
            }
            built.append(
                Response(
                    survey=survey,
                    period=period,
                    submitted_on=_dates(rng, period, today),
                    channel=Channel.WEB,
                    item_answers=answers,
                    **_profile(rng),
                )
            )
    return built


def load_surveys(ctx: DemoContext) -> None:
    """SKM for six services of MPP, Disdukcapil, RSUD rawat jalan and Puskesmas Sukamaju
    (2025-Q1 to the current quarter), SPAK/SPKP for the same units, publications, plans."""
    today = clock.today(ctx.pemda)
    current = period_of(today)
    periods = periods_between(FIRST_PERIOD, max(current, FIRST_PERIOD))
    complete = periods[:-1]
    new_rows: list[Response] = []
    skm_surveys: list[tuple[Survey, Service]] = []
    for code, rows in UNITS.items():
        unit = ctx.orgs.get(code)
        if unit is None:
            continue
        for name, population, base, per_period in rows:
            service = _ensure_service(unit, name, population)
            survey = _ensure_survey(unit, SurveyKind.SKM, f"SKM {name}", service)
            skm_surveys.append((survey, service))
            if not Response.objects.filter(survey=survey).exists():
                new_rows += _skm_responses(survey, service, base, per_period, periods, today)
        for kind, title, mean in (
            (SurveyKind.SPAK, f"SPAK {unit.name}", 5.0),
            (SurveyKind.SPKP, f"SPKP {unit.name}", 3.2),
        ):
            survey = _ensure_survey(unit, kind, title, None)
            if not Response.objects.filter(survey=survey).exists():
                new_rows += _perception_responses(survey, mean, periods, today)
    Response.objects.bulk_create(new_rows, batch_size=2000)
    for survey, service in skm_surveys:
        published = set(survey.publications.values_list("period", flat=True))
        for period in complete:
            if period not in published:
                services.result_publish(actor=DEMO, survey=survey, period=period)
        if not ImprovementPlan.objects.filter(survey=survey).exists():
            _demo_plans(survey, service, complete)


def _demo_plans(survey: Survey, service: Service, complete: list[str]) -> None:
    if "2025-Q2" in complete:
        plan = services.plan_create(
            actor=DEMO,
            survey=survey,
            period="2025-Q2",
            action=(
                "Menambah petugas verifikasi berkas dan menerapkan antrean daring agar waktu "
                "penyelesaian sesuai standar pelayanan."
                if service.name == SHOWCASE_SERVICE
                else "Memperbaiki informasi dan alur layanan pada unsur terlemah."
            ),
            owner="Kepala UPT / Koordinator Layanan",
            due_date=dt.date(2025, 9, 30),
        )
        services.plan_transition(actor=DEMO, plan=plan, action="start")
        services.plan_transition(actor=DEMO, plan=plan, action="complete")
        services.plan_publish(actor=DEMO, plan=plan)
    if len(complete) >= 2:
        latest = complete[-1]
        plan = services.plan_create(
            actor=DEMO,
            survey=survey,
            period=latest,
            action="Menindaklanjuti saran responden pada unsur terlemah periode ini.",
            owner="Koordinator Layanan",
            due_date=period_bounds(latest)[1] + dt.timedelta(days=90),
        )
        services.plan_transition(actor=DEMO, plan=plan, action="start")
