from django import forms
from django.utils.translation import gettext_lazy as _

from rectify.orgs.models import User
from rectify.orgs.selectors import users_in_subtree

from .enums import DisciplineStep


class DisciplineRecordForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=DisciplineStep.choices)
    subject = forms.ModelChoiceField(
        label=_("Person talked to"), queryset=User.objects.none(), required=False
    )
    subject_name = forms.CharField(
        label=_("or their name (not a user)"), max_length=100, required=False
    )
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_on = forms.DateField(
        label=_("Follow-up date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    referred_to = forms.CharField(label=_("Referred to (问责)"), max_length=200, required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["subject"].queryset = users_in_subtree(unit=unit)
