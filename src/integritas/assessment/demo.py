"""Demo LKE data: units at every stage of the ZI process, built through the services.

Answers derive from the answer pattern of a real filled 2024 LKE shipped in
``demo_data/lke_2024_pattern.json`` (never read from ``shared/`` at run time), varied per unit
so no two units score alike. Stages: drafts (MPP nearly complete, Bidang Perizinan half way),
under TPI review (Puskesmas Sukamaju), locked (Instalasi Rawat Jalan), proposed (Dafduk),
WBK awarded (UPT PBB-P2), WBK then WBBM awarded (Capil), and a revoked WBK (UPT PKB).
A second TPI member ``tpi2`` is created through the core services so that member and lead
values differ. Idempotent: a unit that already has its assessment for the year is skipped.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Mapping
from fractions import Fraction

from django.core.exceptions import ValidationError

from integritas.assessment import services
from integritas.assessment.demo_data import real_2024_pattern
from integritas.assessment.lke_template import ANSWER_TYPES, NUMERIC, Template, load_template
from integritas.assessment.models import Assessment, Review
from integritas.assessment.scores import compute
from integritas.assessment.scoring import (
    Answer,
    Choice,
    IndexValue,
    NumericInputs,
    canonical_option,
    gap_analysis,
)
from integritas.assessment.values import engine_answer, values_from_engine
from integritas.core import services as core_services
from integritas.core.actors import System
from integritas.core.choices import Role
from integritas.core.demo import DemoContext, demo_password
from integritas.core.models import Organisation, User

TEMPLATE_ID = "permenpanrb-90-2021"
#: Items the MPP draft leaves unanswered (the end-to-end test answers them).
MPP_OPEN_ITEMS = ("PPB3B", "PPF2C", "PRB2A")

NOTES = {
    "PPA1A": "SK Kepala Unit tentang Tim Kerja Pembangunan ZI beserta notulen rapat pembentukan.",
    "PPA2A": "Rencana kerja pembangunan ZI tahun berjalan, ditandatangani Kepala Unit.",
    "PPB1A": "SOP pelayanan telah dievaluasi pada triwulan II; daftar SOP terlampir.",
    "PPE2A": "Laporan pengendalian gratifikasi disampaikan ke UPG Inspektorat.",
    "PPF2A": "Hasil SKM triwulan I–III dipublikasikan di papan informasi dan laman resmi.",
    "PRE2A": "Rekap pengaduan dari aplikasi pengaduan dan SP4N-LAPOR!.",
}
TPI_NOTES = [
    "Eviden notulen belum ditandatangani pimpinan rapat.",
    "Monitoring dan evaluasi baru dilakukan satu kali; belum berkala.",
    "Bukti publikasi belum mencakup seluruh jenis layanan.",
    "Laporan tindak lanjut belum dilampiri dokumentasi.",
]


def _choice_questions(template: Template) -> list[str]:
    return [q.code for q in template.questions() if q.answer_type != NUMERIC]


def _step(template: Template, answer: Answer, code: str, better: bool) -> Answer:
    """One option better or worse on the same scale (a choice item)."""
    assert isinstance(answer, Choice)
    q = template.question(code)
    scale = answer.answer_type or q.answer_type
    names = [n for n, _v in ANSWER_TYPES[scale]]  # best first
    i = names.index(canonical_option(answer.option))
    j = max(i - 1, 0) if better else min(i + 1, len(names) - 1)
    return Choice(names[j], answer.answer_type)


def _variant(
    template: Template, base: Mapping[str, Answer], *, seed: int, worse: int, better: int
) -> dict[str, Answer]:
    """The base answers with ``worse`` items one step down and ``better`` one step up."""
    rng = random.Random(seed)  # noqa: S311 - demo variety, not security
    out = dict(base)
    codes = _choice_questions(template)
    for code in rng.sample(codes, worse):
        out[code] = _step(template, out[code], code, better=False)
    for code in rng.sample(codes, better):
        out[code] = _step(template, out[code], code, better=True)
    ipak = Fraction(360 + rng.randint(0, 30), 100)
    ipkp = Fraction(355 + rng.randint(0, 35), 100)
    out["HBA"], out["HPA"] = IndexValue(ipak), IndexValue(ipkp)
    return out


def _meets(answers: Mapping[str, Answer], predicate: str, holds_wbk: bool | None) -> bool:
    return (
        compute(TEMPLATE_ID, answers, holds_wbk=holds_wbk, zero_denominator=None)
        .verdicts[predicate]
        .met
    )


def _wbk_answers(template: Template, seed: int) -> dict[str, Answer]:
    """A varied WBK-level answer set (the real pattern meets WBK; keep it so)."""
    for worse in (6, 4, 2, 0):
        answers = _variant(template, real_2024_pattern(), seed=seed, worse=worse, better=3)
        if _meets(answers, "WBK", None):
            return answers
    return dict(real_2024_pattern())


def _wbbm_answers(template: Template, seed: int) -> dict[str, Answer]:
    """WBK-level answers improved by the gap analysis's own WBBM plan, plus a margin."""
    answers = _variant(template, real_2024_pattern(), seed=seed, worse=0, better=8)
    answers["HBA"], answers["HPA"] = IndexValue(Fraction(378, 100)), IndexValue(Fraction(371, 100))
    plan = gap_analysis(template, answers, "WBBM", holds_wbk=True).plan
    for step in plan:
        q = template.question(step.code)
        if q.numeric is not None:
            rule = q.numeric
            assert rule.numerator is not None and rule.denominator is not None
            inputs = answers[step.code]
            assert isinstance(inputs, NumericInputs)
            den = inputs.values.get(rule.denominator, Fraction(9))
            answers[step.code] = NumericInputs(
                values={**inputs.values, rule.numerator: den, rule.denominator: den}
            )
        else:
            prev = answers[step.code]
            answers[step.code] = Choice(
                step.target, prev.answer_type if isinstance(prev, Choice) else None
            )
    return answers


def _tpi_view(
    template: Template,
    answers: Mapping[str, Answer],
    seed: int,
    *,
    keep: str | None = None,
    holds_wbk: bool | None = None,
) -> dict[str, Answer]:
    """The TPI's values: the unit's, with two items judged one step lower — unless that
    would lose ``keep`` (the predicate the unit is meant to reach in the demo)."""
    for attempt in range(5):
        rng = random.Random(seed * 7 + attempt)  # noqa: S311 - demo variety
        out = dict(answers)
        for code in rng.sample(_choice_questions(template), 2):
            out[code] = _step(template, out[code], code, better=False)
        if keep is None or _meets(out, keep, holds_wbk):
            return out
    return dict(answers)


def _tpi2(ctx: DemoContext) -> User:
    """A second TPI member (created once through the core services)."""
    user = User.objects.filter(username="tpi2").first()
    password = demo_password("tpi2")
    if user is None:
        user = core_services.user_create(
            actor=System("demo"),
            username="tpi2",
            full_name="Sri Wahyuni, S.E., M.Ak.",
            password=password,
            email="tpi2@sukamaju.example.id",
            nip="198204162008012011",
        )
    core_services.role_grant(actor=System("demo"), user=user, role=Role.TPI, organisation=ctx.pemda)
    ctx.users["tpi2"] = user
    if not any(u == "tpi2" for u, _p, _r in ctx.logins):
        ctx.logins.append(("tpi2", password, str(Role.TPI.label)))
    return user


def _pdf(title: str) -> io.BytesIO:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    out.seek(0)
    return out


def _open(unit: Organisation, year: int) -> Assessment | None:
    if Assessment.objects.filter(organisation=unit, year=year).exists():
        return None
    return services.assessment_create(actor=System("demo"), organisation=unit, year=year)


def _review(
    a: Assessment,
    template: Template,
    tpi_values: Mapping[str, Answer],
    *,
    lead: User,
    member: User,
    seed: int,
    finish: bool,
) -> None:
    """Both members start from the unit's answers; the member marks the differences with
    notes; the lead consolidates what they agree on and, with ``finish``, decides the rest."""
    services.tpi_assign(actor=lead, assessment=a, user=lead, is_lead=True)
    services.tpi_assign(actor=lead, assessment=a, user=member, is_lead=False)
    services.review_copy_self(actor=member, assessment=a)
    services.review_copy_self(actor=lead, assessment=a)
    mine = {
        r.code: engine_answer(r)
        for r in Review.objects.filter(assessment=a, reviewer=member, is_consolidated=False)
    }

    differing = [c for c, v in tpi_values.items() if mine.get(c) != v]
    for n, code in enumerate(differing):
        services.review_save(
            actor=member,
            assessment=a,
            code=code,
            values=values_from_engine(tpi_values[code]),
            note=TPI_NOTES[(seed + n) % len(TPI_NOTES)],
        )
    services.consolidate_agreeing(actor=lead, assessment=a)
    if finish:
        for n, code in enumerate(differing):
            services.consolidate_save(
                actor=lead,
                assessment=a,
                code=code,
                values=values_from_engine(tpi_values[code]),
                note=TPI_NOTES[(seed + n) % len(TPI_NOTES)],
            )
        services.assessment_lock(actor=lead, assessment=a)


def _through(
    ctx: DemoContext,
    template: Template,
    unit_code: str,
    year: int,
    answers: Mapping[str, Answer],
    *,
    seed: int,
    stage: str,
    tpn: tuple[str, dt.date, str] | None = None,
    revoke: tuple[dt.date, str, str] | None = None,
) -> Assessment | None:
    """Carry one unit's assessment to ``stage`` (submitted, locked, proposed, awarded)."""
    unit = ctx.orgs[unit_code]
    a = _open(unit, year)
    if a is None:
        return None
    lead, member = ctx.users["tpi"], _tpi2(ctx)
    services.answers_bulk_save(actor=System("demo"), assessment=a, answers=answers, notes=NOTES)
    services.assessment_submit(actor=System("demo"), assessment=a)
    keep = tpn[0] if tpn else ("WBK" if stage != "submitted" else None)
    _review(
        a,
        template,
        _tpi_view(template, answers, seed, keep=keep, holds_wbk=a.holds_wbk),
        lead=lead,
        member=member,
        seed=seed,
        finish=stage != "submitted",
    )
    if stage in {"submitted", "locked"}:
        return a
    predicate = tpn[0] if tpn else "WBK"
    try:
        services.assessment_decide_proposal(
            actor=lead, assessment=a, propose=True, predicate=predicate, note="Memenuhi syarat."
        )
    except ValidationError:
        services.assessment_decide_proposal(
            actor=lead, assessment=a, propose=False, note="Nilai TPI belum memenuhi syarat."
        )
        return a
    if tpn is not None:
        services.assessment_record_tpn(
            actor=lead, assessment=a, predicate=tpn[0], decided_on=tpn[1], decree=tpn[2]
        )
    if revoke is not None:
        services.assessment_revoke(
            actor=lead, assessment=a, revoked_on=revoke[0], decree=revoke[1], reason=revoke[2]
        )
    return a


def load_assessment(ctx: DemoContext) -> None:
    """LKE assessments at every stage (see the module docstring)."""
    template = load_template(TEMPLATE_ID)
    this_year = 2026
    timzi = ctx.users["timzi"]
    _tpi2(ctx)  # every run, so the printed logins are the same on a re-run

    # Drafts: MPP answered except three items; Bidang Perizinan about half way.
    mpp = _open(ctx.orgs["MPP"], this_year)
    if mpp is not None:
        answers = _wbk_answers(template, seed=11)
        for code in MPP_OPEN_ITEMS:
            answers.pop(code)
        services.answers_bulk_save(actor=timzi, assessment=mpp, answers=answers, notes=NOTES)
        services.tpi_assign(
            actor=System("demo"), assessment=mpp, user=ctx.users["tpi"], is_lead=True
        )
        services.tpi_assign(actor=System("demo"), assessment=mpp, user=_tpi2(ctx), is_lead=False)
        for code, title in [
            ("PPA1A", "SK Tim Kerja Pembangunan ZI"),
            ("PPA2A", "Rencana kerja ZI"),
        ]:
            services.evidence_upload(
                actor=timzi,
                assessment=mpp,
                code=code,
                title=title,
                stream=_pdf(title),
                filename=f"{code}.pdf",
            )
    perizinan = _open(ctx.orgs["PERIZINAN"], this_year)
    if perizinan is not None:
        base = _wbk_answers(template, seed=12)
        half = [q.code for q in template.questions()][:50]
        services.answers_bulk_save(
            actor=timzi, assessment=perizinan, answers={c: base[c] for c in half}
        )

    _through(
        ctx, template, "PKM-SKM", this_year, _wbk_answers(template, 21), seed=21, stage="submitted"
    )
    _through(ctx, template, "RAJAL", this_year, _wbk_answers(template, 22), seed=22, stage="locked")
    _through(
        ctx, template, "DAFDUK", this_year, _wbk_answers(template, 23), seed=23, stage="proposed"
    )
    _through(
        ctx,
        template,
        "PBB",
        2025,
        _wbk_answers(template, 24),
        seed=24,
        stage="awarded",
        tpn=("WBK", dt.date(2025, 12, 10), "B/1205/M.RB.06/2025"),
    )
    _through(
        ctx,
        template,
        "CAPIL",
        2024,
        _wbk_answers(template, 25),
        seed=25,
        stage="awarded",
        tpn=("WBK", dt.date(2024, 12, 12), "B/1310/M.RB.06/2024"),
    )
    _through(
        ctx,
        template,
        "CAPIL",
        2025,
        _wbbm_answers(template, 26),
        seed=26,
        stage="awarded",
        tpn=("WBBM", dt.date(2025, 12, 10), "B/1206/M.RB.06/2025"),
    )
    _through(
        ctx,
        template,
        "PKB",
        2025,
        _wbk_answers(template, 27),
        seed=27,
        stage="awarded",
        tpn=("WBK", dt.date(2025, 12, 10), "B/1207/M.RB.06/2025"),
        revoke=(
            dt.date(2026, 5, 20),
            "B/412/M.RB.06/2026",
            "Operasi tangkap tangan pungutan liar pada layanan uji berkala.",
        ),
    )
