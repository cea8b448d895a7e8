from django import forms
from django.utils.translation import gettext_lazy as _

from rectify.core.dates import SaneDateField
from rectify.core.text import FINDING_TEXT_MAX, TextField
from rectify.orgs.models import User
from rectify.orgs.selectors import users_in_subtree

from .enums import DisciplineStep


class DisciplineRecordForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=DisciplineStep.choices)
    subject = forms.ModelChoiceField(
        label=_("Person talked to"), queryset=User.objects.none(), required=False
    )
    subject_name = TextField(label=_("or their name (not a user)"), max_length=100, required=False)
    held_on = SaneDateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    reason = TextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = TextField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_on = SaneDateField(
        label=_("Follow-up date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    referred_to = TextField(label=_("Referred to (问责)"), max_length=200, required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["subject"].queryset = users_in_subtree(unit=unit)


DECISION_ROWS = 5


class MeetingForm(forms.Form):
    """A meeting with up to five decisions (text, owner, deadline)."""

    title = TextField(label=_("Title"), max_length=200)
    held_on = SaneDateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    attendees = TextField(
        label=_("Attendees"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = TextField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FINDING_TEXT_MAX,
    )

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = users_in_subtree(unit=unit) if unit is not None else User.objects.none()
        for n in range(DECISION_ROWS):
            self.fields[f"d{n}_text"] = TextField(
                label=_("Decision %(n)s") % {"n": n + 1}, required=False, max_length=2000
            )
            self.fields[f"d{n}_owner"] = forms.ModelChoiceField(
                label=_("Owner"), queryset=people, required=False
            )
            self.fields[f"d{n}_deadline"] = SaneDateField(
                label=_("Deadline"),
                required=False,
                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            )

    def meeting_fields(self) -> list:
        return [self[name] for name in ("title", "held_on", "attendees", "minutes")]

    def decision_rows(self) -> list:
        return [
            (self[f"d{n}_text"], self[f"d{n}_owner"], self[f"d{n}_deadline"])
            for n in range(DECISION_ROWS)
        ]

    def decisions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"text": data[f"d{n}_text"], "owner": data[f"d{n}_owner"],
             "deadline": data[f"d{n}_deadline"]}
            for n in range(DECISION_ROWS)
            if data.get(f"d{n}_text")
        ]  # fmt: skip
