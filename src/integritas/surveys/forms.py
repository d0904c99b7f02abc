"""Forms of the surveys app: the public answer sheet and the staff forms.

Forms only parse input; the rules (answer ranges, windows, permissions) are in services.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.core.models import Organisation
from integritas.surveys.choices import (
    AgeBand,
    Education,
    Occupation,
    PeriodScheme,
    Sex,
    SurveyKind,
)
from integritas.surveys.instruments import Question
from integritas.surveys.models import Service

KEY_FIELD = "kunci"


def new_form_key() -> str:
    """The one-time key put in a freshly rendered form (``core.idempotency`` key)."""
    return secrets.token_urlsafe(18)


def _blank(choices: Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("— choose —")), *choices]


class ResponseForm(forms.Form):
    """The public answer sheet: one radio group per question, the profile, a suggestion.

    ``questions`` come from ``selectors.survey_questions``; ``services`` are offered on a
    unit-wide survey. The hidden ``kunci`` is the idempotency key of this rendering.
    """

    age_band = forms.ChoiceField(label=_("Age"), choices=_blank(AgeBand.choices), required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, required=False, widget=forms.RadioSelect
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=_blank(Education.choices), required=False
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), choices=_blank(Occupation.choices), required=False
    )
    suggestion = forms.CharField(
        label=_("Suggestions (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not write your name or other personal data."),
    )
    kunci = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        services: QuerySet[Service] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[q.code] = forms.TypedChoiceField(
                label=q.title,
                choices=[(str(v), label) for v, label in q.choices],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose an answer.")},
            )
        if services is not None and services.exists():
            self.fields["service"] = forms.ChoiceField(
                label=_("Service used"),
                choices=_blank([(s.public_id, s.name) for s in services]),
                required=False,
            )

    def question_fields(self) -> list[tuple[Question, forms.BoundField]]:
        """Each question with its bound field, for the template's fieldsets."""
        return [(q, self[q.code]) for q in self.questions]

    def answers(self) -> dict[str, object]:
        """Cleaned answers ``{code: value}``."""
        return {q.code: self.cleaned_data.get(q.code) for q in self.questions}

    def profile(self) -> dict[str, object]:
        """Cleaned profile (blank fields left out)."""
        keys = ("age_band", "sex", "education", "occupation", "service")
        return {k: self.cleaned_data[k] for k in keys if self.cleaned_data.get(k)}


class ServiceChoiceField(forms.ModelChoiceField[Service]):
    """A service shown with its unit."""

    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.unit.name} — {obj.name}"


class SurveyCreateForm(forms.Form):
    """A new survey of a unit the viewer manages."""

    kind = forms.ChoiceField(label=_("Instrument"), choices=SurveyKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Service unit"), queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    service = ServiceChoiceField(
        label=_("Service (optional)"),
        queryset=Service.objects.none(),
        required=False,
        to_field_name="public_id",
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(
        label=_("Opens on (local date)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Closes on (local date, optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    scheme = forms.ChoiceField(
        label=_("Period"), choices=PeriodScheme.choices, initial=PeriodScheme.QUARTER
    )
    scale_max = forms.TypedChoiceField(
        label=_("SPAK/SPKP answer scale"),
        choices=[("4", "1–4"), ("6", "1–6")],
        coerce=int,
        initial="6",
    )
    population = forms.IntegerField(label=_("Users per period"), required=False, min_value=1)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Organisation],
        services: QuerySet[Service],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        service_field = self.fields["service"]
        assert isinstance(service_field, forms.ModelChoiceField)
        service_field.queryset = services


class ServiceCreateForm(forms.Form):
    """A new jenis layanan of a unit."""

    unit = forms.ModelChoiceField(
        label=_("Service unit"), queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    name = forms.CharField(label=_("Service name"), max_length=200)
    population = forms.IntegerField(label=_("Users per period"), required=False, min_value=1)

    def __init__(self, *args: Any, units: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units


class SurveySettingsForm(forms.Form):
    """Closing date and per-channel rate limits of a survey."""

    closes_on = forms.DateField(
        label=_("Closes on (local date, optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    web_limit_per_hour = forms.IntegerField(
        label=_("Web responses per hour (0 = no limit)"), min_value=0
    )
    api_limit_per_hour = forms.IntegerField(
        label=_("API responses per hour (0 = no limit)"), min_value=0
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)


class ImportForm(forms.Form):
    """Upload of paper or other-tool responses (CSV or XLSX, one row per respondent)."""

    file = forms.FileField(label=_("File (CSV or XLSX)"))
    period = forms.CharField(
        label=_("Period for rows without a date (e.g. 2025-Q3)"), required=False, max_length=8
    )


class PlanForm(forms.Form):
    """A new improvement plan (rencana tindak lanjut)."""

    period = forms.CharField(widget=forms.HiddenInput, max_length=8)
    unsur = forms.ChoiceField(label=_("Element"), required=False)
    action = forms.CharField(
        label=_("Planned action"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.CharField(label=_("Responsible"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, codes: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unsur = self.fields["unsur"]
        assert isinstance(unsur, forms.ChoiceField)
        unsur.choices = [("", _("The weakest element of the period")), *codes]


class KioskForm(forms.Form):
    """A new kiosk tablet."""

    name = forms.CharField(label=_("Kiosk name"), max_length=100)
    limit_per_hour = forms.IntegerField(
        label=_("Responses per hour (0 = no limit)"), min_value=0, initial=120
    )
