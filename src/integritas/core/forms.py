"""Forms of the core app (sign-in with optional TOTP, organisations, calendar overrides)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from integritas.core.choices import OrganisationKind, OverrideKind


class StaffLoginForm(AuthenticationForm):
    """Username and password, plus a TOTP code for staff who enrolled a device.

    The token is checked only after the password, so a wrong password never reveals whether
    the account uses TOTP. Failures count toward the django-axes lockout.
    """

    otp_token = forms.CharField(
        label=_("Authenticator code (if you set one up)"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.otp_device: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            token = (cleaned.get("otp_token") or "").strip()
            device = match_token(user, token) if token else None
            if device is None:
                # A wrong code counts toward the django-axes lockout like a wrong password.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": self.cleaned_data.get("username", "")},
                    request=self.request,
                )
                raise ValidationError(
                    _("Enter the current code from your authenticator app."), code="otp"
                )
            self.otp_device = device
        return cleaned


class TotpConfirmForm(forms.Form):
    """Confirms TOTP enrolment with the first code the app shows."""

    token = forms.CharField(label=_("Code from the app"), max_length=8)


class OrganisationForm(forms.Form):
    """Create a child organisation."""

    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    is_public_service = forms.BooleanField(label=_("Public-service unit"), required=False)


class MoveForm(forms.Form):
    """Move an organisation under another parent."""

    new_parent = forms.CharField(label=_("New parent (public id)"), max_length=32)


class OverrideForm(forms.Form):
    """Add a calendar override for a Pemda."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=OverrideKind.choices)
    reason = forms.CharField(label=_("Reason (decree)"), max_length=200)


class UserCreateForm(forms.Form):
    """Create a staff account (the password is set by the administrator, then changed)."""

    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    nip = forms.CharField(label=_("NIP (18 digits, optional)"), max_length=18, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        min_length=10,
    )


class RoleGrantForm(forms.Form):
    """Give a person a role over an organisation subtree."""

    role = forms.ChoiceField(label=_("Role"), choices=[])
    organisation = forms.CharField(label=_("Organisation (public id)"), max_length=32)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from integritas.core.choices import Role

        self.fields["role"].choices = Role.choices  # type: ignore[attr-defined]  # ChoiceField has choices


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: by field where it names one of the
    form's fields, else as a form-wide error (the one place views turn service errors into
    what a person sees beside the field)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def upload_errors(form: forms.BaseForm, field: str) -> list[str]:
    """Why the file sent in ``field`` was refused ([] when none was sent or it passed).

    For views that answer a refused form with one message of their own ("choose a file"): a
    file that was sent but refused must say why — an empty file is called empty (issue 11),
    not missing.
    """
    if form.files.get(field) is None or field not in form.errors:
        return []
    return [
        str(_("The file is empty.")) if error.code == "empty" else str(message)
        for error in form.errors.as_data()[field]
        for message in error.messages
    ]
