"""Forms of the assessment pages: input shapes only (rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.assessment.choices import Predicate, ZeroDenominator
from integritas.core import clock
from integritas.core.models import Organisation, User


class CreateForm(forms.Form):
    """Open an assessment for a unit and year."""

    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    year = forms.IntegerField(label=_("Year"), min_value=2010, max_value=2100)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]  # ModelChoiceField
        # The Pemda's local year (every unit carries its Pemda's zone); WIB without units.
        first = units.first() if units is not None else None
        self.fields["year"].initial = clock.today(first).year


class EvidenceForm(forms.Form):
    """Upload one evidence file for an item."""

    title = forms.CharField(label=_("Document"), max_length=200)
    file = forms.FileField(label=_("File (PDF, image or Office document)"))


class ImportForm(forms.Form):
    """Upload a filled LKE workbook."""

    file = forms.FileField(label=_("LKE workbook (.xlsx)"))


class AssignForm(forms.Form):
    """Assign a TPI member to the assessment."""

    user = forms.ModelChoiceField(
        label=_("TPI member"), queryset=User.objects.none(), to_field_name="public_id"
    )
    is_lead = forms.BooleanField(label=_("TPI lead"), required=False)

    def __init__(self, *args: Any, candidates: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pks = [u.pk for u in candidates or []]
        self.fields["user"].queryset = User.objects.filter(pk__in=pks).order_by("full_name")  # type: ignore[attr-defined]  # ModelChoiceField


class ProposalForm(forms.Form):
    """The TPI's decision after the lock."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("propose", _("Propose to the TPN")), ("not_propose", _("Do not propose"))],
        widget=forms.RadioSelect,
    )
    predicate = forms.ChoiceField(
        label=_("Predicate"), choices=[("", "-"), *Predicate.choices], required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TpnForm(forms.Form):
    """The TPN result of a proposed unit."""

    predicate = forms.ChoiceField(
        label=_("Result"),
        choices=[*Predicate.choices, ("", _("Not awarded"))],
        required=False,
    )
    decided_on = forms.DateField(
        label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decree = forms.CharField(label=_("Decree number"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RevokeForm(forms.Form):
    """Revocation of an awarded predicate."""

    revoked_on = forms.DateField(
        label=_("Revocation date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decree = forms.CharField(label=_("Decree number"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class SettingsForm(forms.Form):
    """The Pemda's LKE settings."""

    zero_denominator = forms.ChoiceField(
        label=_("Ratio items without data (denominator 0)"),
        choices=[("", _("As the LKE template says")), *ZeroDenominator.choices],
        required=False,
        widget=forms.RadioSelect,
    )
