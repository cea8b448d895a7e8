"""Forms of the register of outside units (外单位): add, edit, merge."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rectify.core.text import TextField
from rectify.orgs.enums import OutsideUnitKind
from rectify.orgs.models import OutsideUnit


class OutsideUnitForm(forms.Form):
    name = TextField(label=_("Name"), max_length=200)
    short_name = TextField(label=_("Short name"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=OutsideUnitKind.choices, initial=OutsideUnitKind.PARTNER
    )


class OutsideUnitMergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(label=_("Duplicate"), queryset=OutsideUnit.objects.none())
    kept = forms.ModelChoiceField(label=_("Merge into"), queryset=OutsideUnit.objects.none())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = units
        self.fields["kept"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("kept") and data.get("kept") == data.get("duplicate"):
            raise forms.ValidationError(_("Choose two different units to merge."))
        return data
