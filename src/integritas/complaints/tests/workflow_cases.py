"""The complaint workflow for the generated state × action × actor test (core/tests/test_workflows.py).

Complaints are brought into each state through the real services, acting as the platform
(``System``) for staff steps and as the complainant (``Public``) for the reopen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from integritas.complaints import services
from integritas.complaints.choices import ReferralAgency, Status
from integritas.complaints.models import Complaint
from integritas.complaints.workflows import STAFF_ACTIONS
from integritas.conftest import Tree
from integritas.core import clock
from integritas.core.actors import Actor, Public, System
from integritas.core.models import Organisation
from integritas.core.testing.workflows import WorkflowCase

S = Status
SYSTEM = System("test")
COMPLAINANT = Public("web")
MESSAGE = "Pesan yang cukup panjang untuk pelapor."


def _submit(pemda: Organisation) -> Complaint:
    return services.complaint_submit(
        actor=COMPLAINANT,
        pemda=pemda,
        subject="Antrean KTP terlalu lama",
        description="Saya menunggu lima jam di kantor tanpa kepastian layanan.",
        identity_mode="anonim",
    )


def make(tree: Tree, state: str) -> Complaint:
    """A complaint of ``tree``'s Pemda in ``state``, reached through the services."""
    c = _submit(tree.pemda)
    if state == S.RECEIVED:
        return c
    if state == S.REJECTED:
        return services.complaint_reject(actor=SYSTEM, complaint=c, reason=MESSAGE)
    if state == S.DUPLICATE:
        original = _submit(tree.pemda)
        return services.complaint_mark_duplicate(actor=SYSTEM, complaint=c, original=original)
    if state == S.REFERRED:
        return services.complaint_refer(
            actor=SYSTEM, complaint=c, agency=ReferralAgency.values[0], reference="B/12/2025"
        )
    c = services.complaint_verify(actor=SYSTEM, complaint=c)
    if state == S.VERIFIED:
        return c
    c = services.complaint_forward(actor=SYSTEM, complaint=c, organisation=tree.dinkes)
    if state == S.FORWARDED:
        return c
    c = services.complaint_follow_up(actor=SYSTEM, complaint=c)
    if state == S.FOLLOWED_UP:
        return c
    c = services.complaint_answer(actor=SYSTEM, complaint=c, message=MESSAGE)
    if state == S.ANSWERED:
        return c
    if state == S.CLOSED:
        return services.complaint_close(actor=SYSTEM, complaint=c)
    if state == S.REOPENED:
        return services.complaint_reopen(actor=COMPLAINANT, complaint=c, message=MESSAGE)
    raise AssertionError(f"no way to make a complaint {state!r}")


def _original_for(c: Complaint) -> Complaint:
    other = Complaint.objects.filter(pemda=c.pemda).exclude(pk=c.pk).order_by("pk").first()
    return other or _submit(c.pemda)


def perform(action: str, actor: Actor, c: Complaint) -> object:
    """Take ``action`` through its real service with plausible input."""
    a: Any = actor  # the complainant's and the platform's services are typed narrower
    if action == "verify":
        return services.complaint_verify(actor=actor, complaint=c)
    if action == "forward":
        unit = Organisation.objects.filter(parent=c.pemda).order_by("pk").first()
        assert unit is not None
        return services.complaint_forward(actor=actor, complaint=c, organisation=unit)
    if action == "follow_up":
        return services.complaint_follow_up(actor=actor, complaint=c)
    if action == "answer":
        return services.complaint_answer(actor=actor, complaint=c, message=MESSAGE)
    if action == "close":
        return services.complaint_close(actor=actor, complaint=c)
    if action == "public_reply":
        return services.complaint_public_reply(actor=actor, complaint=c, message=MESSAGE)
    if action == "note":
        return services.complaint_note(actor=actor, complaint=c, message=MESSAGE)
    if action == "return":
        return services.complaint_return(actor=actor, complaint=c, reason=MESSAGE)
    if action == "reject":
        return services.complaint_reject(actor=actor, complaint=c, reason=MESSAGE)
    if action == "mark_duplicate":
        return services.complaint_mark_duplicate(
            actor=actor, complaint=c, original=_original_for(c)
        )
    if action == "refer":
        return services.complaint_refer(
            actor=actor, complaint=c, agency=ReferralAgency.values[0], reference="B/12/2025"
        )
    if action == "set_lapor_id":
        return services.complaint_set_lapor_id(actor=actor, complaint=c, lapor_id="LAPOR-1")
    if action == "autoclose":
        later = clock.now() + dt.timedelta(days=90)
        if not services.complaint_autoclose(actor=a, complaint=c, now=later):
            raise ValidationError("not due", code="transition")
        return True
    if action == "reply":
        return services.complaint_reply(actor=a, complaint=c, message=MESSAGE)
    if action == "reopen":
        return services.complaint_reopen(actor=a, complaint=c, message=MESSAGE)
    if action == "rate":
        return services.complaint_rate(actor=a, complaint=c, score=4)
    raise AssertionError(f"unknown action {action!r}")


def url(c: Complaint, action: str) -> str | None:
    if action not in STAFF_ACTIONS:
        return None  # the complainant's actions live on the tracking page; autoclose has none
    return reverse("complaints:action", args=[c.public_id, action])


def form(action: str) -> dict[str, str]:
    return {
        "message": MESSAGE,
        "category": "other",
        "organisation": "",
        "original": "",
        "agency": ReferralAgency.values[0],
        "reference": "B/12/2025",
        "lapor_id": "LAPOR-1",
    }


CASES = [WorkflowCase(workflow="complaint", make=make, perform=perform, url=url, form=form)]
