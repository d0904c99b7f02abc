"""Forms of the gratification app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.gratification.choices import (
    Decision,
    KeptAt,
    ObjectKind,
    Occasion,
    Relation,
    ReportForm,
)


class GratificationForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=ReportForm.choices)
    giver = forms.CharField(label=_("Giver"), max_length=200)
    relation = forms.ChoiceField(label=_("Relation to the giver"), choices=Relation.choices)
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    object_kind = forms.ChoiceField(label=_("Object kind"), choices=ObjectKind.choices)
    description = forms.CharField(
        label=_("Description of the object"), widget=forms.Textarea(attrs={"rows": 3})
    )
    value = forms.IntegerField(label=_("Estimated value (whole Rupiah)"), min_value=0)
    received_on = forms.DateField(
        label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Place received"), max_length=200)
    kept_at = forms.ChoiceField(label=_("Where the object is kept"), choices=KeptAt.choices)


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Supporting document (PDF, image, Word or Excel)"),
        help_text=_("Metadata is removed before storage; the content itself is kept as is."),
    )


class ForwardForm(forms.Form):
    gol_number = forms.CharField(label=_("GOL submission number"), max_length=60)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("KPK decision"), choices=Decision.choices)
    decree = forms.CharField(label=_("KPK decree number"), max_length=100)
