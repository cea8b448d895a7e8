"""The inspection picker shared by the three lists (问题清单 / 任务清单 / 责任清单)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rectify.measures.enums import MeasureStatus
from rectify.measures.selectors import inspection_list_for


class InspectionPickForm(forms.Form):
    inspection = forms.ModelChoiceField(
        label=_("Inspection"), queryset=None, required=False, empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = inspection_list_for(user=user)

    def chosen(self):
        """The picked inspection, else the most recent one the user may see (or None)."""
        if self.is_bound and self.is_valid() and self.cleaned_data["inspection"]:
            return self.cleaned_data["inspection"]
        return self.fields["inspection"].queryset.first()


class TaskFilterForm(InspectionPickForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *MeasureStatus.choices]
    )
