"""The Pemda's LKE settings: how ratio items without data score (issue 10, DOMAIN.md §1)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integritas.assessment import permissions as perms
from integritas.assessment.choices import ZeroDenominator
from integritas.assessment.models import LkeSettings
from integritas.core.actors import Actor
from integritas.core.audit import audited
from integritas.core.models import Organisation
from integritas.core.permissions import require

SETTINGS_FIELDS = ["zero_denominator"]


@transaction.atomic
def lke_settings_save(*, actor: Actor, pemda: Organisation, zero_denominator: str) -> LkeSettings:
    """Set the Pemda's zero-denominator rule (``zero``, ``one``, ``tpi``; blank = template).

    Only for a Pemda (the root organisation); an administrator or the TPI of that Pemda.
    Audited; scores computed from then on (and their snapshots) use the new rule.
    """
    if pemda.parent_id is not None:
        raise ValidationError(_("LKE settings belong to a Pemda."), code="not_pemda")
    require(perms.can_change_settings(actor, pemda))
    if zero_denominator and zero_denominator not in ZeroDenominator.values:
        raise ValidationError(_("Unknown rule for items without data."), code="invalid")
    row = LkeSettings.objects.select_for_update().filter(organisation=pemda).first() or LkeSettings(
        organisation=pemda
    )
    with audited(
        row,
        actor=actor,
        action="assessment.settings",
        fields=SETTINGS_FIELDS,
        organisation=pemda,
    ):
        row.zero_denominator = zero_denominator
    return row
