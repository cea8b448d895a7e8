"""Forms of the 销号 workflow: request, review, reopen."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignoffRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Summary for the reviewer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SignoffReviewForm(forms.Form):
    opinion = forms.CharField(
        label=_("Review opinion"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning the request."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What the re-check found"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what the re-check found.")},
    )
