"""Forms of the pages that create a round and arrange its findings and measures by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rectify.core.dates import SaneDateField
from rectify.core.text import FINDING_TEXT_MAX, MEASURE_TEXT_MAX, NOTE_MAX, TARGET_MAX, TextField
from rectify.inspections.enums import FindingKind, InspectionKind
from rectify.inspections.models import Finding, Inspection
from rectify.inspections.selectors import inspecting_units
from rectify.measures.enums import MeasureKind
from rectify.measures.forms import DateInput, PersonChoiceField, UnitChoiceField
from rectify.orgs.models import OrgUnit, OutsideUnit
from rectify.orgs.selectors import users_in_subtree


class InspectionCreateForm(forms.Form):
    title = TextField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    inspecting_outside = forms.ModelChoiceField(
        label=_("Inspecting body"),
        queryset=OutsideUnit.objects.none(),
        required=False,
        empty_label=_("(not in the register yet: type it below)"),
        help_text=_("From the register of outside units."),
    )
    inspecting_body = TextField(
        label=_("Inspecting body, as named in the feedback"),
        max_length=200,
        required=False,
        help_text=_("A name not in the register is added to it."),
    )
    inspected_unit = UnitChoiceField(label=_("Inspected unit"), queryset=None)
    inspecting_unit = forms.ModelChoiceField(
        label=_("Inspecting unit (its reviewers sign off)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("(none yet)"),
        help_text=_("The inspecting body among your units whose reviewers sign off measures."),
    )
    period_start = SaneDateField(label=_("Inspection start"), required=False, widget=DateInput())
    period_end = SaneDateField(label=_("Inspection end"), required=False, widget=DateInput())
    feedback_date = SaneDateField(label=_("Feedback date"), required=False, widget=DateInput())
    report_due_date = SaneDateField(label=_("Report due date"), required=False, widget=DateInput())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected_unit"].queryset = OrgUnit.objects.subtree_of(units)
        self.fields["inspecting_outside"].queryset = OutsideUnit.objects.order_by("name")
        self.fields["inspecting_unit"].queryset = inspecting_units()
        if len(units) == 1:
            self.fields["inspected_unit"].initial = units[0].pk

    def clean(self):
        data = super().clean()
        body, picked = (data.get("inspecting_body") or "").strip(), data.get("inspecting_outside")
        if not body and picked is None:
            self.add_error("inspecting_body", _("Pick the inspecting body or type its name."))
        elif not body:
            data["inspecting_body"] = picked.name
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The inspection ends before it starts."))
        feedback, due = data.get("feedback_date"), data.get("report_due_date")
        if feedback and due and due < feedback:
            self.add_error("report_due_date", _("The report is due before the feedback."))
        return data


class InspectingUnitForm(forms.Form):
    """Set or change a round's inspecting unit; a change of one already named needs a reason."""

    inspecting_unit = forms.ModelChoiceField(
        label=_("Inspecting unit (its reviewers sign off)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    reason = TextField(
        label=_("Reason for the change"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when another unit was named before."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, inspection: Inspection, **kwargs):
        kwargs.setdefault(
            "initial",
            {"inspecting_unit": inspection.inspecting_unit_id, "version": inspection.version},
        )
        super().__init__(*args, **kwargs)
        self.fields["inspecting_unit"].queryset = inspecting_units()


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Level"), choices=FindingKind.choices)
    label = TextField(label=_("Label"), max_length=40, required=False)
    title = TextField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    text = TextField(
        label=_("Original text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FINDING_TEXT_MAX,
    )
    parent = forms.ModelChoiceField(
        label=_("Under"), queryset=None, required=False, empty_label=_("(top level)")
    )

    def __init__(self, *args, inspection: Inspection, finding: Finding | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = inspection.findings.exclude(kind=FindingKind.ITEM).in_tree_order()
        if finding is not None:  # not under itself or its own subtree
            parents = parents.exclude(sort_key__startswith=finding.sort_key)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda f: (
            "　" * f.depth + f"{f.label}{f.title}"[:60]
        )


class MeasureCreateForm(forms.Form):
    label = TextField(label=_("Label"), max_length=20, required=False)
    text = TextField(
        label=_("Measure"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MEASURE_TEXT_MAX
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=MeasureKind.choices, initial=MeasureKind.TIME_BOUND
    )
    deadline = SaneDateField(label=_("Deadline"), required=False, widget=DateInput())
    target = TextField(
        label=_("Target"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TARGET_MAX,
    )
    responsible_leader = PersonChoiceField(
        label=_("Responsible leader"), queryset=None, required=False
    )
    lead_department = UnitChoiceField(label=_("Lead department"), queryset=None, required=False)
    responsible_person = PersonChoiceField(
        label=_("Responsible person"), queryset=None, required=False
    )

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        unit = inspection.inspected_unit
        people = users_in_subtree(unit=unit)
        self.fields["responsible_leader"].queryset = people
        self.fields["responsible_person"].queryset = people
        self.fields["lead_department"].queryset = OrgUnit.objects.subtree_of([unit]).exclude(
            pk=unit.pk
        )
        self.feedback_date = inspection.feedback_date

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and self.feedback_date and deadline < self.feedback_date:
            raise forms.ValidationError(_("The deadline is before the feedback date."))
        return deadline


class ReasonForm(forms.Form):
    note = TextField(label=_("Reason"), required=False, max_length=2000)


class WithdrawForm(forms.Form):
    reason = TextField(label=_("Reason"), max_length=2000)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
