"""Portal forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CommentForm(forms.Form):
    """An observer's comment."""

    body = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ModerationForm(forms.Form):
    """The note sent with a moderation decision (publish or reject)."""

    note = forms.CharField(label=_("Note"), max_length=300, required=False)
