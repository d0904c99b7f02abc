"""Portal forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.models import Organisation, User
from integritas.core.permissions import scope_filter


class AuditReportForm(forms.Form):
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
            scope_filter(viewer, "portal.manage_audit_reports", "path"), depth__gte=1
        ).order_by("path")

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data in the shape ``services.audit_report_create`` takes."""
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


class CommentForm(forms.Form):
    """An observer's comment."""

    body = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ModerationForm(forms.Form):
    """Publish or reject one comment."""

    comment = forms.CharField(max_length=32)
    decision = forms.ChoiceField(choices=[("approve", _("Publish")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
