"""Pengawasan forms: record an LHP, publish it, note a follow-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.models import Organisation, User
from integritas.core.permissions import scope_filter
from integritas.pengawasan.permissions import MANAGE


class LhpForm(forms.Form):
    """Record an LHP summary with one recommendation per line."""

    organisation = forms.ModelChoiceField(
        label=_("Audited organisation"), queryset=Organisation.objects.none()
    )
    number = forms.CharField(label=_("Report number"), max_length=100)
    date = forms.DateField(label=_("Report date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary for the public"), widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendations = forms.CharField(
        label=_("Recommendations (one per line)"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(
            scope_filter(viewer, MANAGE, "path"), depth__gte=1
        ).order_by("path")

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data in the shape ``services.lhp_create`` takes."""
        data = dict(self.cleaned_data)
        data["recommendations"] = data["recommendations"].splitlines()
        return data


class PublishForm(forms.Form):
    """Publish an LHP summary, optionally from a later public date (observers see it now)."""

    public_from = forms.DateField(
        label=_("Public from (empty: now)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class FollowUpForm(forms.Form):
    """The follow-up note sent with every TLHP action."""

    note = forms.CharField(label=_("Note"), max_length=500, required=False)
