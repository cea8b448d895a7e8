from django import forms
from django.utils.translation import gettext_lazy as _

from rectify.inspections.models import Finding
from rectify.measures.models import Measure
from rectify.orgs.models import OrgUnit

from .enums import OpinionCategory
from .selectors import triage_targets
from .services.opinions import MAX_TEXT


class OpinionForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=OpinionCategory.choices)
    text = forms.CharField(
        label=_("Your opinion or suggestion"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=100, required=False)
    contact = forms.CharField(
        label=_("Phone or e-mail (optional)"),
        max_length=100,
        required=False,
        help_text=_("Only the rectification office and the discipline office can read these."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A photo, PDF or office document."),
    )
    about = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    pow_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    pow_nonce = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    question_token = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("Answer in digits"),
        required=False,
        max_length=10,
        help_text=_("Not needed when the page's script has checked your browser."),
    )


class StatusForm(forms.Form):
    reference = forms.CharField(label=_("Reference number"), max_length=20)
    code = forms.CharField(label=_("Query code"), max_length=12)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DraftForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed (for a correction)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TriageForm(forms.Form):
    ACTIONS = [
        ("link", _("Link to a problem or measure")),
        ("open_finding", _("Open a new problem from it")),
        ("forward", _("Forward")),
        ("close", _("Close with a reason")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    finding = forms.ModelChoiceField(queryset=Finding.objects.none(), required=False)
    measure = forms.ModelChoiceField(queryset=Measure.objects.none(), required=False)
    title = forms.CharField(required=False, max_length=250)
    to = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, opinion, **kwargs):
        super().__init__(*args, **kwargs)
        findings, measures, units = triage_targets(opinion)
        self.fields["finding"].queryset = findings
        self.fields["measure"].queryset = measures
        self.fields["to"].queryset = units
