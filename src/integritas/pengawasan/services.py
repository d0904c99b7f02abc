"""Every write of the pengawasan app: LHP summaries, their publication and TLHP."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integritas.core import clock
from integritas.core.actors import Actor, actor_user
from integritas.core.audit import audited
from integritas.core.datasets import invalidate
from integritas.core.models import Organisation
from integritas.core.permissions import require
from integritas.pengawasan.models import Lhp, Rekomendasi
from integritas.pengawasan.permissions import can_record_lhp
from integritas.pengawasan.workflows import LHP, TLHP

#: The published datasets built from LHP and TLHP (invalidated by every write that shows).
DATASETS = ("lhp-ringkasan", "tlhp-per-opd", "tlhp-rekomendasi")
LHP_FIELDS = ("number", "date", "title", "status", "public_from")
TLHP_FIELDS = ("status", "follow_up_note")


@transaction.atomic
def lhp_create(
    *,
    actor: Actor,
    organisation: Organisation,
    number: str,
    date: dt.date,
    title: str,
    summary: str,
    recommendations: list[str],
) -> Lhp:
    """Record an LHP summary with its recommendations (a draft until published)."""
    require(can_record_lhp(actor, organisation))
    texts = [t.strip() for t in recommendations if t.strip()]
    if not texts:
        raise ValidationError(
            {"recommendations": _("An audit report needs at least one recommendation.")}
        )
    lhp = Lhp(organisation=organisation, created_by=actor_user(actor))
    with audited(
        lhp, actor=actor, action="lhp.create", fields=LHP_FIELDS, organisation=organisation
    ):
        lhp.number = number.strip()
        lhp.date = date
        lhp.title = title.strip()
        lhp.summary = summary.strip()
    for text in texts:
        rec = Rekomendasi(lhp=lhp)
        with audited(
            rec,
            actor=actor,
            action="rekomendasi.create",
            fields=("text", "status"),
            organisation=organisation,
        ):
            rec.text = text
    return lhp


@transaction.atomic
def lhp_publish(*, actor: Actor, lhp: Lhp, public_from: dt.date | None = None) -> Lhp:
    """Publish an LHP summary and its TLHP status: to observers now, to everyone from
    ``public_from`` (None: now)."""
    lhp = Lhp.objects.select_for_update().select_related("organisation").get(pk=lhp.pk)
    with audited(
        lhp,
        actor=actor,
        action=LHP.audit_action("publish"),
        fields=LHP_FIELDS,
        organisation=lhp.organisation,
    ):
        LHP.transition(lhp, "publish", actor=actor)
        lhp.published_at = clock.now()
        lhp.public_from = public_from
    invalidate(*DATASETS)
    return lhp


@transaction.atomic
def tlhp_update(
    *, actor: Actor, rekomendasi: Rekomendasi, action: str, note: str | None = None
) -> Rekomendasi:
    """Take follow-up action ``action`` on a recommendation (``start``, ``complete``,
    ``reopen``, or ``note`` to keep a note only); ``note`` replaces the follow-up note
    when given."""
    rec = (
        Rekomendasi.objects.select_for_update()
        .select_related("lhp", "lhp__organisation")
        .get(pk=rekomendasi.pk)
    )
    with audited(
        rec,
        actor=actor,
        action=TLHP.audit_action(action),
        fields=TLHP_FIELDS,
        organisation=rec.lhp.organisation,
    ):
        TLHP.transition(rec, action, actor=actor)
        if note is not None:
            rec.follow_up_note = note.strip()
    invalidate(*DATASETS)
    return rec
