"""Forms of the complaints app: input shapes only; the rules live in ``services``."""

from __future__ import annotations

import secrets
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.complaints.choices import (
    STAFF_CHANNELS,
    Category,
    Channel,
    IdentityMode,
    ReferralAgency,
    Status,
)
from integritas.complaints.models import DESCRIPTION_MAX, MESSAGE_MAX, SUBJECT_MAX
from integritas.complaints.selectors import InboxFilters
from integritas.complaints.sla import (
    DEFAULT_ANSWER_DAYS,
    DEFAULT_AUTOCLOSE_DAYS,
    DEFAULT_FORWARD_DAYS,
    DEFAULT_REOPEN_DAYS,
)


def new_form_key() -> str:
    """A one-time key for a rendered form (its idempotency key)."""
    return secrets.token_urlsafe(24)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files (checked later by ``core.uploads.check_upload``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ComplaintForm(forms.Form):
    """The public complaint form (no account): what happened, and who may know who you are."""

    subject = forms.CharField(
        label=_("Subject"),
        required=False,  # emptiness is checked by the service, with the same message as the API
        widget=forms.TextInput(attrs={"maxlength": SUBJECT_MAX, "autocomplete": "off"}),
        help_text=_("A short title, 5 to 200 characters."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": DESCRIPTION_MAX}),
        help_text=_("Where, when, who was involved, what you expect. 20 to 5000 characters."),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, initial=Category.OTHER
    )
    organisation = forms.ChoiceField(label=_("Office concerned (if you know)"), required=False)
    identity_mode = forms.ChoiceField(
        label=_("Your identity"),
        choices=IdentityMode.choices,
        widget=forms.RadioSelect,
        initial=IdentityMode.RAHASIA,
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    email = forms.CharField(
        label=_("E-mail (for updates)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone / WhatsApp (for updates)"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        help_text=_(
            "JPG, PNG, WEBP or PDF, up to 5 files of 5 MB. Location and author data are removed."
        ),
    )
    form_key = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(
        self, *args: Any, organisations: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            ("", _("I do not know")),
            *list(organisations or []),
        ]
        if not self.is_bound:
            self.fields["form_key"].initial = new_form_key()


class StaffComplaintForm(ComplaintForm):
    """Entry of a complaint received in person, by phone, letter, e-mail or social media."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=[(c.value, c.label) for c in STAFF_CHANNELS]
    )
    nik = forms.CharField(label=_("NIK"), required=False, max_length=16)
    lapor_id = forms.CharField(label=_("SP4N-LAPOR! tracking id"), required=False, max_length=40)

    field_order = ["channel", "lapor_id"]


class TrackForm(forms.Form):
    """Enter a tracking code."""

    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX})
    )


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[
            (5, _("5 — very good")),
            (4, _("4 — good")),
            (3, _("3 — fair")),
            (2, _("2 — poor")),
            (1, _("1 — very poor")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InboxFilterForm(forms.Form):
    """Inbox filters (GET)."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *list(Status.choices)]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("Any")), *list(Category.choices)]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any")), *list(Channel.choices)]
    )
    sla = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            ("", _("Any")),
            ("overdue", _("Overdue")),
            ("due_soon", _("Due within a working day")),
            ("on_time", _("On time")),
        ],
    )
    q = forms.CharField(label=_("Tracking code or subject"), required=False, max_length=200)

    def filters(self) -> InboxFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return InboxFilters(
            status=data.get("status", ""),
            category=data.get("category", ""),
            channel=data.get("channel", ""),
            sla=data.get("sla", ""),
            q=data.get("q", ""),
        )


class ForwardForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Forward to"))
    message = forms.CharField(
        label=_("Message to the complainant (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, targets: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = list(targets or [])


class VerifyForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    message = forms.CharField(
        label=_("Message to the complainant (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReferForm(forms.Form):
    agency = forms.ChoiceField(label=_("Refer to"), choices=ReferralAgency.choices)
    reference = forms.CharField(
        label=_("Reference (letter number or their tracking id)"), max_length=200
    )
    message = forms.CharField(
        label=_("Message to the complainant (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DuplicateForm(forms.Form):
    original = forms.ChoiceField(label=_("Duplicate of"))

    def __init__(
        self, *args: Any, candidates: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["original"]).choices = list(candidates or [])


class LaporForm(forms.Form):
    lapor_id = forms.CharField(label=_("SP4N-LAPOR! tracking id"), required=False, max_length=40)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File (JPG, PNG, WEBP or PDF)"))


class SettingsForm(forms.Form):
    forward_days = forms.IntegerField(
        label=_("Working days to verify and forward"),
        min_value=1,
        max_value=60,
        initial=DEFAULT_FORWARD_DAYS,
    )
    answer_days = forms.IntegerField(
        label=_("Working days to follow up and answer"),
        min_value=1,
        max_value=60,
        initial=DEFAULT_ANSWER_DAYS,
    )
    autoclose_days = forms.IntegerField(
        label=_("Working days before automatic closing"),
        min_value=1,
        max_value=60,
        initial=DEFAULT_AUTOCLOSE_DAYS,
    )
    reopen_days = forms.IntegerField(
        label=_("Working days in which the complainant may reopen"),
        min_value=1,
        max_value=60,
        initial=DEFAULT_REOPEN_DAYS,
    )


def _message_field(label: Any, *, required: bool = False, rows: int = 2) -> forms.CharField:
    attrs: dict[str, Any] = {"rows": rows, "maxlength": MESSAGE_MAX}
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs=attrs))


class OptionalMessageForm(forms.Form):
    """Follow-up and close: an optional message to the complainant."""

    message = _message_field(_("Message to the complainant (optional)"))


class AnswerForm(forms.Form):
    message = _message_field(_("Answer"), required=True, rows=5)


class RejectForm(forms.Form):
    message = _message_field(_("Reason (the complainant sees it)"))


class ReturnForm(forms.Form):
    message = _message_field(_("Reason (internal)"))


class NoteForm(forms.Form):
    message = _message_field(_("Note (staff only, never shown to the complainant)"), rows=3)


class PublicReplyForm(forms.Form):
    message = _message_field(_("Message (the complainant sees it)"), rows=3)


class ExportForm(forms.Form):
    """The export job's format (the inbox filters travel as the query string)."""

    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="xlsx")
