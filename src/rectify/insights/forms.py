from django import forms

from .models import GATE_FIELDS, GateConfig


class GatesForm(forms.ModelForm):
    class Meta:
        model = GateConfig
        fields = GATE_FIELDS
