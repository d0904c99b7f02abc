"""Forms of the whistleblowing app (public report, follow-up, staff actions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integritas.core.uploads import SafeUpload, check_upload
from integritas.whistleblowing.choices import Category, ForwardedTo, ReportStatus

MAX_FILES = 3
MAX_FILE_BYTES = 5 * 1024 * 1024
FILE_KINDS = frozenset({"jpeg", "png", "webp", "pdf", "docx", "xlsx"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Up to three files, checked by type from their bytes and stripped of metadata."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[SafeUpload]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise ValidationError(_("At most three files."), code="too_many")
        cleaned = []
        for upload in files:
            cleaned.append(
                check_upload(upload, name=upload.name, allowed=FILE_KINDS, max_bytes=MAX_FILE_BYTES)
            )
        return cleaned


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices)
    what = forms.CharField(
        label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000
    )
    who = forms.CharField(
        label=_("Who was involved (names and positions)?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4_000,
        required=False,
    )
    when = forms.CharField(label=_("When?"), max_length=200, required=False)
    where = forms.CharField(label=_("Where?"), max_length=500, required=False)
    how_known = forms.CharField(
        label=_("How do you know?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4_000,
        required=False,
    )
    evidence = EvidenceField(label=_("Evidence files (optional)"), required=False)
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("How to reach you (optional)"), max_length=200, required=False
    )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt number"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class ReporterMessageForm(ReceiptForm):
    text = forms.CharField(
        label=_("Message to the handler"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        required=False,
    )
    evidence = EvidenceField(label=_("More evidence (optional)"), required=False)


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message to the reporter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )


class ConcludeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (ReportStatus.PROVEN.value, ReportStatus.PROVEN.label),
            (ReportStatus.NOT_PROVEN.value, ReportStatus.NOT_PROVEN.label),
        ],
    )


class ForwardForm(forms.Form):
    forwarded_to = forms.ChoiceField(label=_("Forward to"), choices=ForwardedTo.choices)


class RotateForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)


class GrantForm(forms.Form):
    user = forms.CharField(label=_("Handler"))


class DiscloseForm(forms.Form):
    handler = forms.CharField(label=_("Handler"))
    reason = forms.CharField(
        label=_("Reason for revealing the identity"), widget=forms.Textarea(attrs={"rows": 2})
    )
