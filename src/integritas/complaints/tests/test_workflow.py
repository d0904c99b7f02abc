"""Workflow: transitions, permissions, clocks, reopen-vs-close races, notifications, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from integritas.complaints import services, tasks
from integritas.complaints.choices import Channel, EventKind, IdentityMode, ReferralAgency, Status
from integritas.complaints.models import Complaint
from integritas.complaints.notifications import MemorySender
from integritas.complaints.tests.conftest import People
from integritas.complaints.tests.factories import (
    SECRET_EMAIL,
    SECRET_PHONE,
    answered,
    at,
    forwarded,
    make_complaint,
)
from integritas.conftest import Tree
from integritas.core.actors import Public, System
from integritas.core.models import AuditEvent

PUBLIC = Public("web")
SYSTEM = System("test")

pytestmark = pytest.mark.django_db


def freeze(monkeypatch: pytest.MonkeyPatch, when: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: when)


def test_full_flow_with_clocks_on_real_dates(
    monkeypatch: pytest.MonkeyPatch, tree: Tree, people: People
) -> None:
    freeze(monkeypatch, at(2025, 3, 27, 10))  # Thu before Nyepi and Idul Fitri 2025
    c = make_complaint()
    assert c.forward_due == dt.datetime(2025, 4, 10, 16, 59, 59, 999999, tzinfo=dt.UTC)
    freeze(monkeypatch, at(2025, 4, 9, 9))
    c = forwarded(c, manager=people.manager, to=tree.puskesmas)
    assert c.status == Status.FORWARDED and c.organisation == tree.puskesmas
    assert c.forward_met is True
    # 5 working days from Wed 9 Apr 2025: 10, 11, 14, 15, 16 Apr.
    assert c.answer_due == dt.datetime(2025, 4, 16, 16, 59, 59, 999999, tzinfo=dt.UTC)
    freeze(monkeypatch, at(2025, 4, 17, 9))  # one day late
    c = services.complaint_follow_up(
        actor=people.dinkes, complaint=c, message="Sedang kami periksa."
    )
    c = services.complaint_answer(
        actor=people.dinkes, complaint=c, message="Loket tambahan dibuka mulai Senin."
    )
    assert c.status == Status.ANSWERED and c.answer_met is False
    # 10 working days from Thu 17 Apr 2025: 21–25, 28, 29, 30 Apr, 2, 5 May (18 Apr Good Friday, 1 May).
    assert c.autoclose_due == dt.datetime(2025, 5, 5, 16, 59, 59, 999999, tzinfo=dt.UTC)
    actions = list(
        AuditEvent.objects.filter(
            target_type="complaints.complaint", target_id=str(c.pk)
        ).values_list("action", flat=True)
    )
    assert actions == [
        "complaint.submit",
        "complaint.verify",
        "complaint.forward",
        "complaint.follow_up",
        "complaint.answer",
    ]


@pytest.mark.parametrize(
    ("actor_key", "expected"),
    [
        ("dinkes", PermissionDenied),
        ("pimpinan", PermissionDenied),
        ("nobody", PermissionDenied),
        ("pengamat", PermissionDenied),
    ],
)
def test_state_changes_by_a_user_without_the_role_are_refused(
    tree: Tree, people: People, actor_key: str, expected: type[Exception]
) -> None:
    c = make_complaint()
    actor = people.dinkes if actor_key == "dinkes" else tree.users[actor_key]
    with pytest.raises(expected):
        services.complaint_verify(actor=actor, complaint=c)
    with pytest.raises(expected):
        services.complaint_reject(actor=actor, complaint=c, reason="Bukan pengaduan sama sekali")
    c.refresh_from_db()
    assert c.status == Status.RECEIVED


def test_another_opd_cannot_answer(tree: Tree, people: People) -> None:
    c = forwarded(make_complaint(), manager=people.manager, to=tree.dinkes)
    with pytest.raises(PermissionDenied):
        services.complaint_answer(
            actor=people.dpmptsp, complaint=c, message="Jawaban dari OPD yang salah."
        )
    with pytest.raises(PermissionDenied):
        services.complaint_forward(actor=people.dinkes, complaint=c, organisation=tree.dpmptsp)


def test_transitions_are_checked(tree: Tree, people: People) -> None:
    c = make_complaint()
    with pytest.raises(ValidationError) as info:
        services.complaint_answer(
            actor=people.manager, complaint=c, message="Jawaban terlalu dini sekali."
        )
    assert "tidak dapat dilakukan" in info.value.messages[0]
    with pytest.raises(ValidationError):
        services.complaint_forward(
            actor=people.manager, complaint=c, organisation=tree.dinkes
        )  # not verified
    rejected = services.complaint_reject(
        actor=people.manager, complaint=c, reason="Ini pertanyaan, bukan pengaduan."
    )
    with pytest.raises(ValidationError):
        services.complaint_reopen(
            actor=PUBLIC, complaint=rejected, message="Saya ingin membuka lagi."
        )
    with pytest.raises(ValidationError):
        services.complaint_forward(actor=people.manager, complaint=c, organisation=tree.pemda)


def test_duplicate_referral_return_and_lapor(tree: Tree, people: People) -> None:
    original = make_complaint()
    dup = services.complaint_mark_duplicate(
        actor=people.manager, complaint=make_complaint(), original=original
    )
    assert dup.status == Status.DUPLICATE and dup.duplicate_of == original
    with pytest.raises(ValidationError):
        services.complaint_mark_duplicate(
            actor=people.manager, complaint=original, original=original
        )
    ref = services.complaint_refer(
        actor=people.manager,
        complaint=make_complaint(),
        agency=ReferralAgency.OMBUDSMAN,
        reference="B/123/OMB/2026",
    )
    assert ref.status == Status.REFERRED and ref.referral_reference == "B/123/OMB/2026"
    with pytest.raises(ValidationError):
        services.complaint_refer(
            actor=people.manager,
            complaint=make_complaint(),
            agency=ReferralAgency.KPK,
            reference="",
        )
    c = forwarded(make_complaint(), manager=people.manager, to=tree.dinkes)
    back = services.complaint_return(
        actor=people.dinkes, complaint=c, reason="Ini urusan perizinan, bukan kesehatan."
    )
    assert back.status == Status.VERIFIED and back.organisation == tree.pemda
    assert back.events.filter(kind=EventKind.INTERNAL_NOTE).count() == 1
    lap = services.complaint_set_lapor_id(
        actor=people.manager, complaint=back, lapor_id="LAPOR-4455667"
    )
    assert lap.lapor_id == "LAPOR-4455667"
    with pytest.raises(ValidationError):
        services.complaint_set_lapor_id(
            actor=people.manager, complaint=back, lapor_id="=HYPERLINK(x)"
        )


def test_staff_entry_needs_the_manager(tree: Tree, people: People) -> None:
    c = make_complaint(actor=people.manager, channel=Channel.PHONE, nik="3299014107900001")
    assert c.channel == Channel.PHONE
    with pytest.raises(PermissionDenied):
        make_complaint(actor=people.dinkes, channel=Channel.LETTER)


def test_bulk_forward_all_or_nothing(tree: Tree, people: People) -> None:
    a, b = make_complaint(), make_complaint()
    assert (
        services.complaint_bulk_forward(
            actor=people.manager, complaints=[a, b], organisation=tree.dinkes
        )
        == 2
    )
    assert set(Complaint.objects.values_list("status", flat=True)) == {Status.FORWARDED}
    c = make_complaint()
    rejected = services.complaint_reject(
        actor=people.manager, complaint=make_complaint(), reason="Iklan, bukan pengaduan."
    )
    with pytest.raises(ValidationError) as info:
        services.complaint_bulk_forward(
            actor=people.manager, complaints=[c, rejected], organisation=tree.dinkes
        )
    assert rejected.tracking_code in info.value.messages[0]
    c.refresh_from_db()
    assert c.status == Status.RECEIVED  # rolled back with the failing one


def _answered(tree: Tree, people: People) -> Complaint:
    return answered(make_complaint(), manager=people.manager, handler=people.dinkes, to=tree.dinkes)


def test_close_then_reopen_ends_reopened(tree: Tree, people: People) -> None:
    c = _answered(tree, people)
    services.complaint_close(actor=people.manager, complaint=c)
    c = services.complaint_reopen(
        actor=PUBLIC, complaint=c, message="Loket tambahan tidak pernah dibuka."
    )
    assert c.status == Status.REOPENED and c.closed_at is None and c.reopen_count == 1
    actions = list(
        AuditEvent.objects.filter(
            target_type="complaints.complaint", target_id=str(c.pk)
        ).values_list("action", flat=True)
    )
    assert actions[-2:] == ["complaint.close", "complaint.reopen"]


def test_reopen_then_close_ends_reopened(tree: Tree, people: People) -> None:
    c = _answered(tree, people)
    stale = Complaint.objects.get(pk=c.pk)  # the manager's page was loaded before the reopen
    services.complaint_reopen(
        actor=PUBLIC, complaint=c, message="Loket tambahan tidak pernah dibuka."
    )
    with pytest.raises(ValidationError):
        services.complaint_close(actor=people.manager, complaint=stale)
    assert (
        services.complaint_autoclose(
            actor=SYSTEM, complaint=stale, now=timezone.now() + dt.timedelta(days=60)
        )
        is False
    )
    stale.refresh_from_db()
    assert stale.status == Status.REOPENED
    actions = list(
        AuditEvent.objects.filter(
            target_type="complaints.complaint", target_id=str(c.pk)
        ).values_list("action", flat=True)
    )
    assert actions[-2:] == ["complaint.reopen", "complaint.autoclose_skipped"]


def test_autoclose_then_reopen_within_the_window(
    monkeypatch: pytest.MonkeyPatch, tree: Tree, people: People
) -> None:
    freeze(monkeypatch, at(2025, 12, 15, 14))
    c = _answered(tree, people)
    assert c.autoclose_due == dt.datetime(2025, 12, 31, 16, 59, 59, 999999, tzinfo=dt.UTC)
    assert tasks.run_due_autocloses(now=at(2025, 12, 31, 20)) == 0  # still 31 Dec in WIB
    assert tasks.run_due_autocloses(now=at(2026, 1, 2, 8)) == 1
    c.refresh_from_db()
    assert c.status == Status.CLOSED
    # the reopen window (10 working days) ended with the same day as the auto-close
    with pytest.raises(ValidationError) as info:
        services.complaint_reopen(
            actor=PUBLIC, complaint=c, message="Masih belum beres juga.", now=at(2026, 1, 2, 8)
        )
    assert "sudah lewat" in info.value.messages[0]
    assert (
        services.complaint_reopen(
            actor=PUBLIC, complaint=c, message="Masih belum beres juga.", now=at(2025, 12, 31, 9)
        ).status
        == Status.REOPENED
    )


def test_reply_stops_the_automatic_close_and_rating_once(tree: Tree, people: People) -> None:
    c = _answered(tree, people)
    services.complaint_reply(
        actor=PUBLIC, complaint=c, message="Terima kasih, tetapi saya masih menunggu."
    )
    c.refresh_from_db()
    assert c.autoclose_due is None
    assert tasks.run_due_autocloses(now=timezone.now() + dt.timedelta(days=60)) == 0
    c = services.complaint_rate(actor=PUBLIC, complaint=c, score=4, comment="Cukup cepat")
    assert c.rating == 4
    with pytest.raises(ValidationError):
        services.complaint_rate(actor=PUBLIC, complaint=c, score=5)
    with pytest.raises(ValidationError):
        services.complaint_rate(actor=PUBLIC, complaint=make_complaint(), score=5)


def test_notifications_on_commit_carry_only_code_and_link(
    tree: Tree, people: People, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        c = make_complaint(
            identity_mode=IdentityMode.RAHASIA,
            subject="Pungli <b>rahasia</b> di loket",
            description="Petugas bernama Pak X meminta uang Rp50.000 di loket 3.",
        )
    assert MemorySender.outbox == [
        (
            SECRET_PHONE,
            f"Pengaduan {c.tracking_code} memiliki perkembangan. Periksa dengan kode Anda di https://pengaduan.contoh.id/pengaduan/lacak/",
        )
    ]
    to_complainant = [m for m in mail.outbox if m.to == [SECRET_EMAIL]]
    assert len(to_complainant) == 1
    body = to_complainant[0].body + str(getattr(to_complainant[0], "alternatives", [("",)])[0][0])
    assert c.tracking_code in body and "Pungli" not in body and "Pak X" not in body
    staff = [m for m in mail.outbox if m.to != [SECRET_EMAIL]]
    assert staff and all(c.tracking_code not in m.body and "Pungli" not in m.body for m in staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        forwarded(c, manager=people.manager, to=tree.dinkes)
    assert any(m.to == [people.dinkes.email] for m in mail.outbox)  # the OPD is told
    assert all(people.manager.email not in m.to for m in mail.outbox if m.to != [SECRET_EMAIL])


def test_nothing_is_sent_when_the_transaction_fails(
    tree: Tree, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        make_complaint(description="")
    assert mail.outbox == [] and MemorySender.outbox == []


def test_console_sender_is_the_default(tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    from integritas.complaints.notifications import get_sender

    with override_settings(
        COMPLAINTS_MESSAGE_SENDER="integritas.complaints.notifications.ConsoleSender"
    ):
        get_sender().send(to="+62811", text="KODE")
    assert "KODE" in capsys.readouterr().out


def test_reminders_and_the_command(
    monkeypatch: pytest.MonkeyPatch, tree: Tree, people: People
) -> None:
    freeze(monkeypatch, at(2025, 4, 8, 9))
    c = make_complaint()  # forward due Fri 11 Apr 2025
    assert tasks.send_reminders(now=at(2025, 4, 9, 9)) == 0
    assert tasks.send_reminders(now=at(2025, 4, 10, 9)) == 1  # due within a working day
    assert tasks.send_reminders(now=at(2025, 4, 10, 15)) == 0  # once per local day
    assert c.events.filter(kind=EventKind.REMINDER, is_public=False).count() == 1
    call_command("complaints_due", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard output


def test_settings_change_the_clocks(
    monkeypatch: pytest.MonkeyPatch, tree: Tree, people: People
) -> None:
    services.complaint_settings_set(
        actor=people.manager,
        pemda=tree.pemda,
        forward_days=1,
        answer_days=2,
        autoclose_days=3,
        reopen_days=4,
    )
    freeze(monkeypatch, at(2025, 5, 2))  # Friday
    c = make_complaint()
    assert c.forward_due == dt.datetime(2025, 5, 5, 16, 59, 59, 999999, tzinfo=dt.UTC)
    with pytest.raises(PermissionDenied):
        services.complaint_settings_set(
            actor=people.dinkes,
            pemda=tree.pemda,
            forward_days=1,
            answer_days=2,
            autoclose_days=3,
            reopen_days=4,
        )
    with pytest.raises(ValidationError):
        services.complaint_settings_set(
            actor=people.manager,
            pemda=tree.pemda,
            forward_days=0,
            answer_days=2,
            autoclose_days=3,
            reopen_days=4,
        )
