"""Services of the ZI process: transitions, permissions, concurrency, evidence, TPI, feeds."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.test import override_settings

from integritas.assessment import services
from integritas.assessment.choices import AssessmentStatus as S
from integritas.assessment.lke_template import Template
from integritas.assessment.models import (
    Answer,
    Assessment,
    Evidence,
    Review,
    ScoreSnapshot,
    UnitResponse,
)
from integritas.assessment.scoring import Answer as EngineAnswer
from integritas.assessment.scoring import Choice, IndexValue
from integritas.assessment.tests.factories import (
    best_answers,
    fill_answers,
    fill_reviews,
    make_assessment,
    pdf_bytes,
)
from integritas.assessment.values import Values
from integritas.assessment.workbook import write_workbook
from integritas.conftest import Tree
from integritas.core.actors import Public, System
from integritas.core.choices import Role
from integritas.core.feeds import FeedValue
from integritas.core.models import AuditEvent, User
from integritas.core.tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def mpp(tree: Tree) -> Assessment:
    return make_assessment(tree.mpp)


@pytest.fixture
def tim_zi(tree: Tree) -> User:
    return tree.users["tim_zi"]


@pytest.fixture
def tpi(tree: Tree) -> User:
    return tree.users["tpi"]


def _submitted(a: Assessment, template: Template, tim_zi: User) -> Assessment:
    fill_answers(a, best_answers(template), by=tim_zi)
    return services.assessment_submit(actor=tim_zi, assessment=a)


# --------------------------------------------------------------------------- create


def test_one_assessment_per_unit_and_year(tree: Tree, tim_zi: User) -> None:
    a = services.assessment_create(actor=tim_zi, organisation=tree.mpp, year=2025)
    assert a.status == S.DRAFT and a.template_id == "permenpanrb-90-2021"
    with pytest.raises(ValidationError) as exc:
        services.assessment_create(actor=tim_zi, organisation=tree.mpp, year=2025)
    assert exc.value.code == "duplicate"
    assert Assessment.objects.filter(organisation=tree.mpp).count() == 1
    assert AuditEvent.objects.filter(action="assessment.create").count() == 1


def test_tim_zi_cannot_open_another_units_assessment(tree: Tree, tim_zi: User) -> None:
    with pytest.raises(PermissionDenied):
        services.assessment_create(actor=tim_zi, organisation=tree.puskesmas, year=2025)


def test_the_pemda_root_has_no_assessment(tree: Tree) -> None:
    with pytest.raises(ValidationError):
        services.assessment_create(actor=tree.users["admin"], organisation=tree.pemda, year=2025)


def test_unknown_template_refused(tree: Tree) -> None:
    with pytest.raises(ValidationError):
        services.assessment_create(
            actor=System("test"), organisation=tree.mpp, year=2025, template_id="permenpanrb-1-1999"
        )


def test_prior_award_sets_holds_wbk(tree: Tree) -> None:
    old = make_assessment(tree.mpp, year=2023)
    Assessment.objects.filter(pk=old.pk).update(status=S.AWARDED_WBK)
    assert make_assessment(tree.mpp, year=2025).holds_wbk is True
    assert make_assessment(tree.puskesmas, year=2025).holds_wbk is None


# --------------------------------------------------------------------------- answers


def test_answer_save_versions_and_audits(mpp: Assessment, tim_zi: User) -> None:
    row = services.answer_save(
        actor=tim_zi,
        assessment=mpp,
        code="PPA1A",
        values=Values(option=" ya "),
        note="SK Tim ZI",
        expected_version=0,
    )
    assert (row.option, row.version, row.updated_by) == ("Ya", 1, tim_zi)
    row = services.answer_save(
        actor=tim_zi,
        assessment=mpp,
        code="PPA1A",
        values=Values(option="Tidak"),
        note="",
        expected_version=1,
    )
    assert (row.option, row.version) == ("Tidak", 2)
    events = AuditEvent.objects.filter(action="assessment.answer_save").order_by("seq")
    assert [(e.after or {}).get("option") for e in events] == ["Ya", "Tidak"]
    assert (events[1].before or {}).get("option") == "Ya"


def test_stale_save_is_refused_and_nothing_is_overwritten(
    tree: Tree, mpp: Assessment, tim_zi: User
) -> None:
    colleague = UserFactory(username="rekan", full_name="Rekan Tim ZI")
    grant(colleague, Role.TIM_ZI, tree.dpmptsp)
    services.answer_save(
        actor=tim_zi,
        assessment=mpp,
        code="PPA2B",
        values=Values(option="A"),
        note="",
        expected_version=0,
    )
    # The colleague opened the page at version 1 too and saves first.
    services.answer_save(
        actor=colleague,
        assessment=mpp,
        code="PPA2B",
        values=Values(option="B"),
        note="kolega",
        expected_version=1,
    )
    with pytest.raises(ValidationError) as exc:
        services.answer_save(
            actor=tim_zi,
            assessment=mpp,
            code="PPA2B",
            values=Values(option="C"),
            note="",
            expected_version=1,
        )
    assert exc.value.code == "stale"
    assert "Rekan Tim ZI" in exc.value.messages[0]
    assert "Tidak ada yang tertimpa" in exc.value.messages[0]  # Indonesian by default
    row = Answer.objects.get(assessment=mpp, code="PPA2B")
    assert (row.option, row.note, row.version) == ("B", "kolega", 2)


def test_first_answer_with_a_nonzero_version_is_stale(mpp: Assessment, tim_zi: User) -> None:
    with pytest.raises(ValidationError) as exc:
        services.answer_save(
            actor=tim_zi,
            assessment=mpp,
            code="PPA1A",
            values=Values(option="Ya"),
            note="",
            expected_version=3,
        )
    assert exc.value.code == "stale"


@pytest.mark.parametrize(
    ("code", "values", "fragment"),
    [
        ("PPA1A", Values(option="B"), "Ya, Tidak"),  # Ya/Tidak item
        ("PPA2B", Values(option="F"), "A, B, C."),
        ("PRE2A", Values(inputs={"finished": "5", "to_follow_up": "-1"}), "negatif"),
        ("PRE2A", Values(inputs={"finished": "5"}), "lengkapi"),
        ("HBA", Values(index_value=Decimal("4.5")), "0 dan 4"),
    ],
)
def test_invalid_values_are_refused(
    mpp: Assessment, tim_zi: User, code: str, values: Values, fragment: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.answer_save(
            actor=tim_zi, assessment=mpp, code=code, values=values, note="", expected_version=0
        )
    assert fragment in exc.value.messages[0]
    assert not Answer.objects.filter(assessment=mpp, code=code).exists()


@pytest.mark.parametrize("role", ["tpi", "pimpinan", "pengamat", "admin"])
def test_only_the_tim_zi_answers(tree: Tree, mpp: Assessment, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.answer_save(
            actor=tree.users[role],
            assessment=mpp,
            code="PPA1A",
            values=Values(option="Ya"),
            note="",
            expected_version=0,
        )


def test_tim_zi_of_another_opd_cannot_answer(tree: Tree) -> None:
    other = make_assessment(tree.puskesmas)
    with pytest.raises(PermissionDenied):
        services.answer_save(
            actor=tree.users["tim_zi"],
            assessment=other,
            code="PPA1A",
            values=Values(option="Ya"),
            note="",
            expected_version=0,
        )


# --------------------------------------------------------------------------- submit


def test_submit_with_unanswered_items_is_refused_and_nothing_changes(
    mpp: Assessment, tim_zi: User, template: Template
) -> None:
    answers = best_answers(template)
    del answers["PPB3B"], answers["HPA"]
    fill_answers(mpp, answers)
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=tim_zi, assessment=mpp)
    assert exc.value.code == "unanswered"
    assert "PPB3B, HPA" in exc.value.messages[0]
    assert "2 butir" in exc.value.messages[0]
    mpp.refresh_from_db()
    assert mpp.status == S.DRAFT and mpp.submitted_at is None
    assert not ScoreSnapshot.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.submit").exists()


def test_submit_snapshots_the_self_score(mpp: Assessment, tim_zi: User, template: Template) -> None:
    a = _submitted(mpp, template, tim_zi)
    assert a.status == S.SUBMITTED and a.submitted_at is not None
    snap = ScoreSnapshot.objects.get(assessment=a)
    # Every best answer scores the full weight: total 100 = pengungkit 60 + hasil 40 (DOMAIN §1).
    assert (snap.step, snap.basis) == ("submitted", "self")
    assert (snap.total, snap.pengungkit, snap.hasil) == (Decimal(100), Decimal(60), Decimal(40))
    assert snap.wbk_met and snap.actor == tim_zi
    with pytest.raises(ValidationError):
        services.answer_save(
            actor=tim_zi,
            assessment=a,
            code="PPA1A",
            values=Values(option="Tidak"),
            note="",
            expected_version=1,
        )


def test_ipak_index_converts_as_domain_says(
    mpp: Assessment, tim_zi: User, template: Template
) -> None:
    answers = best_answers(template)
    answers["HBA"] = IndexValue(Fraction(36, 10))  # DOMAIN §1: 3.60 → 15.75
    answers["HPA"] = IndexValue(Fraction(32, 10))  # 3.20 → 14.00
    fill_answers(mpp, answers)
    services.assessment_submit(actor=tim_zi, assessment=mpp)
    snap = ScoreSnapshot.objects.get(assessment=mpp)
    assert snap.detail["hasil_items"]["HBA"] == "15.7500"
    assert snap.detail["hasil_items"]["HPA"] == "14.0000"
    assert snap.hasil == Decimal("34.7500")


# --------------------------------------------------------------------------- evidence


def test_evidence_versions_and_checksum(mpp: Assessment, tim_zi: User) -> None:
    first = services.evidence_upload(
        actor=tim_zi,
        assessment=mpp,
        code="PPA1A",
        title="SK Tim ZI",
        stream=io.BytesIO(pdf_bytes()),
        filename="sk.pdf",
    )
    second = services.evidence_upload(
        actor=tim_zi,
        assessment=mpp,
        code="PPA1A",
        title="SK  Tim ZI",
        stream=io.BytesIO(pdf_bytes()),
        filename="sk-revisi.pdf",
    )
    other = services.evidence_upload(
        actor=tim_zi,
        assessment=mpp,
        code="PPA1A",
        title="Notulen rapat",
        stream=io.BytesIO(pdf_bytes()),
        filename="notulen.pdf",
    )
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert Evidence.objects.filter(assessment=mpp, code="PPA1A").count() == 3
    for ev in (first, second):
        with default_storage.open(ev.storage_name, "rb") as fh:
            data = fh.read()
        assert hashlib.sha256(data).hexdigest() == ev.sha256
        assert b"Someone" not in data  # PDF metadata removed by core.uploads
        assert ev.mime == "application/pdf"
    assert AuditEvent.objects.filter(action="assessment.evidence_upload").count() == 3


def test_evidence_of_a_forbidden_type_is_refused(mpp: Assessment, tim_zi: User) -> None:
    with pytest.raises(ValidationError) as exc:
        services.evidence_upload(
            actor=tim_zi,
            assessment=mpp,
            code="PPA1A",
            title="Skrip",
            stream=io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200),
            filename="bukti.pdf",
        )
    assert exc.value.code == "upload_type"
    assert "tidak diterima" in exc.value.messages[0]
    assert not Evidence.objects.exists()


@override_settings(INTEGRITAS_EVIDENCE_MAX_BYTES=1024)
def test_evidence_over_the_size_limit_is_refused(mpp: Assessment, tim_zi: User) -> None:
    with pytest.raises(ValidationError) as exc:
        services.evidence_upload(
            actor=tim_zi,
            assessment=mpp,
            code="PPA1A",
            title="Besar",
            stream=io.BytesIO(pdf_bytes() + b"%" * 2048),
            filename="besar.pdf",
        )
    assert exc.value.code == "upload_too_large"
    assert not Evidence.objects.exists()


def test_evidence_needs_the_unit_role(tree: Tree, mpp: Assessment) -> None:
    with pytest.raises(PermissionDenied):
        services.evidence_upload(
            actor=tree.users["tpi"],
            assessment=mpp,
            code="PPA1A",
            title="x",
            stream=io.BytesIO(pdf_bytes()),
            filename="x.pdf",
        )


# --------------------------------------------------------------------------- TPI


def test_review_needs_an_assignment(
    mpp: Assessment, tim_zi: User, tpi: User, template: Template
) -> None:
    _submitted(mpp, template, tim_zi)
    with pytest.raises(PermissionDenied):
        services.review_save(
            actor=tpi, assessment=mpp, code="PPA1A", values=Values(option="Ya"), note=""
        )


def test_tpi_assignment_needs_a_tpi_member(tree: Tree, mpp: Assessment, tpi: User) -> None:
    with pytest.raises(ValidationError):
        services.tpi_assign(actor=tpi, assessment=mpp, user=tree.users["tim_zi"], is_lead=False)
    with pytest.raises(PermissionDenied):
        services.tpi_assign(actor=tree.users["tim_zi"], assessment=mpp, user=tpi, is_lead=True)


def test_review_consolidate_and_lock(
    tree: Tree, mpp: Assessment, tim_zi: User, tpi: User, template: Template
) -> None:
    member = UserFactory(username="anggota", full_name="Anggota TPI")
    grant(member, Role.TPI, tree.pemda)
    services.tpi_assign(actor=tpi, assessment=mpp, user=tpi, is_lead=True)
    services.tpi_assign(actor=tpi, assessment=mpp, user=member, is_lead=False)
    _submitted(mpp, template, tim_zi)

    assert services.review_copy_self(actor=member, assessment=mpp) == 110
    services.review_save(
        actor=member, assessment=mpp, code="PPA2B", values=Values(option="C"), note="Bukti kurang"
    )
    assert services.review_copy_self(actor=tpi, assessment=mpp) == 110
    # The members disagree on PPA2B only, so the lead consolidates 109 items at once.
    assert services.consolidate_agreeing(actor=tpi, assessment=mpp) == 109

    with pytest.raises(ValidationError) as exc:
        services.assessment_lock(actor=tpi, assessment=mpp)
    assert exc.value.code == "unconsolidated" and "PPA2B" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.consolidate_save(
            actor=member, assessment=mpp, code="PPA2B", values=Values(option="C"), note=""
        )
    services.consolidate_save(
        actor=tpi, assessment=mpp, code="PPA2B", values=Values(option="C"), note="Bukti kurang"
    )
    with pytest.raises(PermissionDenied):
        services.assessment_lock(actor=member, assessment=mpp)
    a = services.assessment_lock(actor=tpi, assessment=mpp)
    assert a.status == S.LOCKED and a.locked_by == tpi
    snaps = {(s.step, s.basis): s for s in ScoreSnapshot.objects.filter(assessment=a)}
    assert snaps[("locked", "self")].total == Decimal(100)
    # PPA2B is an A/B/C item and C = 0 (DOMAIN §1 answer values): the TPI total loses the
    # question's share of its sub-area, weight / number of questions.
    sub = template.sub_area_of("PPA2B")
    share = Decimal(sub.weight.numerator) / sub.weight.denominator / len(sub.questions)
    expected = Decimal(100) - share
    assert abs(snaps[("locked", "tpi")].total - expected) < Decimal("0.0001")
    with pytest.raises(ValidationError):
        services.review_save(
            actor=tpi, assessment=a, code="PPA1A", values=Values(option="Ya"), note=""
        )
    with pytest.raises(ValidationError):
        services.response_add(actor=tim_zi, assessment=a, code="PPA2B", text="terlambat")


def test_unit_responds_to_tpi_notes_before_lock(
    mpp: Assessment, tim_zi: User, tpi: User, template: Template
) -> None:
    _submitted(mpp, template, tim_zi)
    r = services.response_add(
        actor=tim_zi, assessment=mpp, code="PPA2B", text="Bukti diunggah ulang"
    )
    assert UnitResponse.objects.get(pk=r.pk).author == tim_zi
    with pytest.raises(PermissionDenied):
        services.response_add(actor=tpi, assessment=mpp, code="PPA2B", text="x")


def _locked(
    mpp: Assessment,
    tim_zi: User,
    tpi: User,
    template: Template,
    answers: dict[str, EngineAnswer] | None = None,
) -> Assessment:
    services.tpi_assign(actor=tpi, assessment=mpp, user=tpi, is_lead=True)
    _submitted(mpp, template, tim_zi)
    fill_reviews(mpp, answers or best_answers(template), reviewer=tpi, consolidated=True)
    return services.assessment_lock(actor=tpi, assessment=mpp)


def test_proposal_tpn_result_and_revocation(
    tree: Tree, mpp: Assessment, tim_zi: User, tpi: User, template: Template
) -> None:
    a = _locked(mpp, tim_zi, tpi, template)
    with pytest.raises(ValidationError) as exc:  # WBBM needs WBK held first (holds_wbk unknown)
        services.assessment_decide_proposal(actor=tpi, assessment=a, propose=True, predicate="WBBM")
    assert exc.value.code == "unmet" and "WBK" in exc.value.messages[0]
    with pytest.raises(ValidationError):  # the TPN result comes after a proposal
        services.assessment_record_tpn(
            actor=tpi, assessment=a, predicate="WBK", decided_on=dt.date(2025, 12, 1), decree="1"
        )
    a = services.assessment_decide_proposal(actor=tpi, assessment=a, propose=True, predicate="WBK")
    assert a.status == S.PROPOSED
    with pytest.raises(PermissionDenied):
        services.assessment_record_tpn(
            actor=tim_zi, assessment=a, predicate="WBK", decided_on=dt.date(2025, 12, 1), decree="1"
        )
    with pytest.raises(ValidationError):
        services.assessment_record_tpn(
            actor=tpi, assessment=a, predicate="WBK", decided_on=dt.date(2025, 12, 1), decree=" "
        )
    a = services.assessment_record_tpn(
        actor=tree.users["admin"],
        assessment=a,
        predicate="WBK",
        decided_on=dt.date(2025, 12, 10),
        decree="B/123/M.RB.06/2025",
    )
    assert (a.status, a.tpn_predicate, a.tpn_decree) == (S.AWARDED_WBK, "WBK", "B/123/M.RB.06/2025")
    with pytest.raises(ValidationError):
        services.assessment_revoke(
            actor=tpi, assessment=a, revoked_on=dt.date(2025, 12, 1), decree="X", reason="y"
        )
    a = services.assessment_revoke(
        actor=tpi,
        assessment=a,
        revoked_on=dt.date(2026, 1, 5),
        decree="B/9/2026",
        reason="Pungutan liar terbukti",
    )
    assert a.status == S.REVOKED
    steps = list(ScoreSnapshot.objects.filter(assessment=a).values_list("step", flat=True))
    assert steps == ["submitted", "locked", "locked", "proposed", "tpn_result", "revoked"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "assessment.lock",
        "assessment.proposal",
        "assessment.tpn_result",
        "assessment.revoke",
    } <= actions


def test_not_proposing_needs_a_reason(
    mpp: Assessment, tim_zi: User, tpi: User, template: Template
) -> None:
    a = _locked(mpp, tim_zi, tpi, template)
    with pytest.raises(ValidationError):
        services.assessment_decide_proposal(actor=tpi, assessment=a, propose=False)
    a = services.assessment_decide_proposal(
        actor=tpi, assessment=a, propose=False, note="Belum ada inovasi pelayanan"
    )
    assert a.status == S.NOT_PROPOSED
    with pytest.raises(ValidationError):
        services.assessment_decide_proposal(actor=tpi, assessment=a, propose=True, predicate="WBK")


def test_wbk_proposal_refused_below_threshold(
    mpp: Assessment, tim_zi: User, tpi: User, template: Template
) -> None:
    answers = best_answers(template)
    answers["HBA"] = IndexValue(Fraction(3))  # 3/4 × 17.5 = 13.125 < IPAK minimum 15.75
    a = _locked(mpp, tim_zi, tpi, template, answers)
    with pytest.raises(ValidationError) as exc:
        services.assessment_decide_proposal(actor=tpi, assessment=a, propose=True, predicate="WBK")
    assert "IPAK" in exc.value.messages[0]
    a.refresh_from_db()
    assert a.status == S.LOCKED


# --------------------------------------------------------------------------- feeds and overrides


def test_feeds_prefill_and_tpi_override(
    monkeypatch: pytest.MonkeyPatch, tree: Tree, tim_zi: User, tpi: User
) -> None:
    def fake_feed(code: str, unit: object, year: int) -> FeedValue | None:
        if code == "lke.ipak":
            return FeedValue(value=Fraction(36, 10), source="SPAK 2025: 412 responden")
        if code == "lke.complaint_ratio":
            return FeedValue(
                value=Fraction(157, 170), source="Pengaduan 2025", numerator=157, denominator=170
            )
        return None

    monkeypatch.setattr(services.answers, "get_feed", fake_feed)
    a = make_assessment(tree.mpp)
    ipak = Answer.objects.get(assessment=a, code="HBA")
    assert (ipak.index_value, ipak.source) == (Decimal("3.6000"), "SPAK 2025: 412 responden")
    ratio = Answer.objects.get(assessment=a, code="PRE2A")
    assert ratio.inputs == {"finished": "157", "to_follow_up": "170"}
    assert not Answer.objects.filter(assessment=a, code="HPA").exists()  # no data: unit enters it

    with pytest.raises(ValidationError) as exc:
        services.answer_save(
            actor=tim_zi,
            assessment=a,
            code="HBA",
            values=Values(index_value=Decimal(4)),
            note="",
            expected_version=1,
        )
    assert exc.value.code == "fed"
    with pytest.raises(ValidationError) as exc:
        services.input_override(
            actor=tpi, assessment=a, code="HBA", values=Values(index_value=Decimal("3.2")), note=" "
        )
    assert exc.value.code == "note_required"
    with pytest.raises(PermissionDenied):
        services.input_override(
            actor=tim_zi,
            assessment=a,
            code="HBA",
            values=Values(index_value=Decimal("3.2")),
            note="x",
        )
    row = services.input_override(
        actor=tpi,
        assessment=a,
        code="HBA",
        values=Values(index_value=Decimal("3.2")),
        note="Survei ulang oleh Inspektorat",
    )
    assert (row.index_value, row.overridden_by, row.version) == (Decimal("3.2"), tpi, 2)
    event = AuditEvent.objects.get(action="assessment.input_override")
    assert (event.before or {}).get("index_value") == "3.6000"
    assert (event.after or {}).get("override_note") == "Survei ulang oleh Inspektorat"
    # A refresh does not undo the TPI's override.
    services.assessment_refresh_feeds(actor=tim_zi, assessment=a)
    assert Answer.objects.get(assessment=a, code="HBA").index_value == Decimal("3.2")
    # Nor can the unit change the TPI's figure.
    with pytest.raises(ValidationError) as exc:
        services.answer_save(
            actor=tim_zi,
            assessment=a,
            code="HBA",
            values=Values(index_value=Decimal(4)),
            note="",
            expected_version=2,
        )
    assert exc.value.code == "fed"


# --------------------------------------------------------------------------- workbook import


def test_import_round_trip_and_bad_file(mpp: Assessment, tim_zi: User, template: Template) -> None:
    from integritas.assessment.demo_data import real_2024_pattern

    buf = io.BytesIO()
    write_workbook(template, real_2024_pattern(), buf, notes={"PPA1A": "SK Kepala UPT"})
    buf.seek(0)
    result = services.answers_import(actor=tim_zi, assessment=mpp, stream=buf)
    assert result.written == 110
    stored = {r.code: r for r in Answer.objects.filter(assessment=mpp)}
    assert stored["PPA1A"].note == "SK Kepala UPT"
    assert stored["PPB3A"].option == "C"
    assert stored["PRE2A"].inputs["finished"] == "157"
    before = {c: (r.option, r.version) for c, r in stored.items()}

    # A workbook with an answer outside the options: refused naming the cell; nothing changes.
    import openpyxl

    buf.seek(0)
    wb = openpyxl.load_workbook(buf)
    ws = wb["LKE"]
    for row in ws.iter_rows(min_row=1):
        if row[4].value == "a." and row[9].value == "Ya/Tidak":
            row[10].value = "Mungkin"
            bad_row = row[10].row
            break
    bad = io.BytesIO()
    wb.save(bad)
    bad.seek(0)
    with pytest.raises(ValidationError) as exc:
        services.answers_import(actor=tim_zi, assessment=mpp, stream=bad)
    assert f"K{bad_row}" in exc.value.messages[0]
    after = {r.code: (r.option, r.version) for r in Answer.objects.filter(assessment=mpp)}
    assert after == before
    with pytest.raises(ValidationError):
        services.answers_import(actor=tim_zi, assessment=mpp, stream=io.BytesIO(b"not a workbook"))
    assert Answer.objects.filter(assessment=mpp).count() == 110


def test_answers_are_choices_and_engine_values(mpp: Assessment, tim_zi: User) -> None:
    services.answer_save(
        actor=tim_zi,
        assessment=mpp,
        code="PPA1B",
        values=Values(option="Ya", answer_type="Ya/Tidak"),
        note="",
        expected_version=0,
    )
    row = Answer.objects.get(assessment=mpp, code="PPA1B")
    assert (row.option, row.answer_type) == ("Ya", "Ya/Tidak")
    assert Review.objects.count() == 0
    assert Choice("Ya", "Ya/Tidak") == Choice(row.option, row.answer_type)


def test_feeds_refresh_job_runs_as_the_system(monkeypatch: pytest.MonkeyPatch, tree: Tree) -> None:
    from integritas.assessment import tasks

    a = make_assessment(tree.mpp)
    assert not Answer.objects.filter(assessment=a, code="HBA").exists()

    def fake_feed(code: str, unit: object, year: int) -> FeedValue | None:
        if code == "lke.ipak":
            return FeedValue(value=Fraction(36, 10), source="SPAK 2025: 412 responden")
        return None

    monkeypatch.setattr(services.answers, "get_feed", fake_feed)
    assert tasks.refresh_open_feeds.call() == 1
    assert Answer.objects.get(assessment=a, code="HBA").index_value == Decimal("3.6000")
    event = AuditEvent.objects.filter(action="assessment.feed_fill").latest("seq")
    assert event.actor_id is None and event.actor_label == "system:lke.refresh_feeds"


def test_no_service_takes_a_public_actor_as_staff(tree: Tree) -> None:
    a = make_assessment(tree.mpp)
    with pytest.raises(PermissionDenied):
        services.assessment_submit(actor=Public("web"), assessment=a)
    with pytest.raises(PermissionDenied):
        services.answers_bulk_save(actor=Public("web"), assessment=a, answers={})


# --------------------------------------------------------------------------- zero denominators

#: The real 2024 sheet's total, hand-computed in test_workbook (92.42).
REAL_TOTAL = Fraction(11723, 480) + Fraction(42829, 1530) + 40
NO_OBLIGED = {"obliged": 0, "head": 0, "officials": 0, "others": 0, "reported": 0}


def _no_lhkpn_filers(tree: Tree) -> Assessment:
    """The real 2024 answers, but no official obliged to file LHKPN (PRE3A's denominator 0)."""
    from integritas.assessment.demo_data import real_2024_pattern
    from integritas.assessment.scoring import NumericInputs

    a = make_assessment(tree.mpp, year=2024)
    answers = dict(real_2024_pattern())
    answers["PRE3A"] = NumericInputs({k: Fraction(v) for k, v in NO_OBLIGED.items()})
    fill_answers(a, answers)
    return a


def test_zero_denominator_rule_is_a_pemda_setting(tree: Tree) -> None:
    from integritas.assessment.choices import ScoreBasis
    from integritas.assessment.scoring import NoData

    a = _no_lhkpn_filers(tree)
    # Template default "zero": PRE3A (sub-area PRE3, weight 2, two questions) scores 0 instead
    # of the sheet's 10/10 = 1, i.e. 2/2 × 1 = 1 point less than the real sheet's 92.42.
    result = services.score_of(a, ScoreBasis.SELF).result
    assert result.no_data == (NoData("PRE3A", "zero", Fraction(0), True),)
    assert result.total == REAL_TOTAL - 1
    with pytest.raises(PermissionDenied):
        services.lke_settings_save(
            actor=tree.users["tim_zi"], pemda=tree.pemda, zero_denominator="one"
        )
    with pytest.raises(ValidationError):
        services.lke_settings_save(
            actor=tree.users["admin"], pemda=tree.dpmptsp, zero_denominator="one"
        )
    services.lke_settings_save(actor=tree.users["admin"], pemda=tree.pemda, zero_denominator="one")
    event = AuditEvent.objects.get(action="assessment.settings")
    assert event.after == {"zero_denominator": "one"}
    result = services.score_of(a, ScoreBasis.SELF).result
    assert result.no_data == (NoData("PRE3A", "one", Fraction(1), True),)
    assert result.total == REAL_TOTAL
    # The rule is recorded in the score history.
    services.assessment_submit(actor=tree.users["tim_zi"], assessment=a)
    snap = ScoreSnapshot.objects.get(assessment=a)
    assert snap.detail["zero_denominator"] == "one"
    assert snap.detail["no_data"] == [{"code": "PRE3A", "rule": "one", "value": "1/1", "note": ""}]


def test_under_the_tpi_rule_the_tpi_decides_with_a_note(tree: Tree) -> None:
    from integritas.assessment.choices import ScoreBasis
    from integritas.assessment.scoring import NoData

    a = _no_lhkpn_filers(tree)
    tpi = tree.users["tpi"]
    services.lke_settings_save(actor=tpi, pemda=tree.pemda, zero_denominator="tpi")
    result = services.score_of(a, ScoreBasis.SELF).result
    assert result.no_data == (NoData("PRE3A", "tpi", Fraction(0), False),)  # undecided: 0
    with pytest.raises(ValidationError) as err:
        services.input_override(
            actor=tpi, assessment=a, code="PRE3A", values=Values(ratio=Decimal("0.5")), note=" "
        )
    assert err.value.error_list[0].code == "note_required"
    with pytest.raises(ValidationError):
        services.input_override(
            actor=tpi, assessment=a, code="PRE3A", values=Values(ratio=Decimal("1.5")), note="x"
        )
    with pytest.raises(PermissionDenied):
        services.input_override(
            actor=tree.users["tim_zi"],
            assessment=a,
            code="PRE3A",
            values=Values(ratio=Decimal("0.5")),
            note="x",
        )
    note = "Tidak ada pejabat wajib LHKPN; dinilai separuh."
    row = services.input_override(
        actor=tpi, assessment=a, code="PRE3A", values=Values(ratio=Decimal("0.5")), note=note
    )
    assert row.inputs == {k: "0" for k in NO_OBLIGED}  # the unit's counts stay
    result = services.score_of(a, ScoreBasis.SELF).result
    assert result.no_data == (NoData("PRE3A", "tpi", Fraction(1, 2), True, note),)
    # PRE3 weight 2, two questions: ½ of 2/2 = 0.5 point instead of the sheet's 1.
    assert result.total == REAL_TOTAL - Fraction(1, 2)
    # Not a no-data item (and not fed): no decision to take there.
    with pytest.raises(ValidationError):
        services.input_override(
            actor=tpi, assessment=a, code="PRE3B", values=Values(ratio=Decimal("0.5")), note="x"
        )
