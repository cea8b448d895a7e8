"""Forms of the measure pages: ledger filters, progress reports, plans, deadlines."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.core.dates import SaneDateField
from rectify.core.text import MEASURE_TEXT_MAX, PROGRESS_TEXT_MAX, TARGET_MAX, TextField
from rectify.core.widgets import Select, ValuesChoiceIterator
from rectify.orgs.models import OrgUnit, OutsideUnit, User
from rectify.orgs.selectors import department_choices_for, users_in_subtree

from . import selectors
from .enums import Light, MeasureCategory, MeasureKind, MeasureStatus
from .selectors import inspection_list_for

EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.gif,.webp,.doc,.docx,.xls,.xlsx,.pptx,.ofd,.txt"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    """A person by `str(user)`, read as values (core.widgets.ValuesChoiceIterator)."""

    iterator = ValuesChoiceIterator
    label_columns = ("display_name", "first_name", "last_name", "username")

    def label_from_instance(self, obj):
        return str(obj)

    @staticmethod
    def label_from_row(display_name, first_name, last_name, username) -> str:
        # As User.__str__: the display name, else the full name, else the username.
        return display_name or f"{first_name} {last_name}".strip() or username


class UnitChoiceField(forms.ModelChoiceField):
    """A unit by its short name, read as values (core.widgets.ValuesChoiceIterator)."""

    iterator = ValuesChoiceIterator
    label_columns = ("short_name", "name")

    def label_from_instance(self, obj):
        return obj.label

    @staticmethod
    def label_from_row(short_name, name) -> str:
        return short_name or name


class InspectionChoiceField(forms.ModelChoiceField):
    """An inspection by its title, read as values (core.widgets.ValuesChoiceIterator)."""

    iterator = ValuesChoiceIterator
    label_columns = ("title",)

    @staticmethod
    def label_from_row(title) -> str:
        return title


class LedgerFilterForm(forms.Form):
    """台账筛选: every field optional; invalid values are reported and ignored."""

    q = TextField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words in the text")}),
    )
    # The selects are drawn in Python (core.widgets.Select: Django's markup, no template per
    # option): the people and units of a city are hundreds of options on every ledger page.
    inspection = InspectionChoiceField(
        label=_("Inspection"), queryset=None, required=False, empty_label=_("All"), widget=Select
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *MeasureStatus.choices],
        widget=Select,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All")), *MeasureKind.choices],
        widget=Select,
    )
    department = UnitChoiceField(
        label=_("Department"), queryset=None, required=False, empty_label=_("All"), widget=Select
    )
    person = PersonChoiceField(
        label=_("Person"), queryset=None, required=False, empty_label=_("All"), widget=Select
    )
    deadline_from = SaneDateField(label=_("Deadline from"), required=False, widget=DateInput())
    deadline_to = SaneDateField(label=_("Deadline to"), required=False, widget=DateInput())
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    no_deadline = forms.BooleanField(label=_("No deadline set"), required=False)
    no_owner = forms.BooleanField(label=_("No department or person"), required=False)
    light = forms.ChoiceField(
        label=_("Warning light"),
        required=False,
        choices=[("", _("Any light")), *Light.choices],
        widget=Select,
    )
    # Set by links from the finding tree: the measures of one finding and its sub-findings.
    finding = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # Set by the column headers: the tree order (empty), or by deadline either way.
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[("", ""), ("deadline", "deadline"), ("-deadline", "-deadline")],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = inspection_list_for(user=user).order_by("-pk")
        self.fields["department"].queryset = department_choices_for(user)
        self.fields["person"].queryset = selectors.measure_people_for(user=user)

    def filter_kwargs(self) -> dict:
        """Keyword arguments for `measure_filter` from the fields that validated."""
        data = getattr(self, "cleaned_data", {})
        return {
            "inspection": data["inspection"].pk if data.get("inspection") else None,
            "status": data.get("status") or "",
            "kind": data.get("kind") or "",
            "department": data["department"].pk if data.get("department") else None,
            "person": data["person"].pk if data.get("person") else None,
            "deadline_after": data.get("deadline_from"),
            "deadline_before": data.get("deadline_to"),
            "overdue": bool(data.get("overdue")),
            "q": data.get("q") or "",
            "finding": data.get("finding"),
            "light": data.get("light") or "",
            "no_deadline": bool(data.get("no_deadline")),
            "no_owner": bool(data.get("no_owner")),
        }

    @property
    def is_filtered(self) -> bool:
        return any(v for v in self.filter_kwargs().values())


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProgressReportForm(forms.Form):
    """整改进展: text, date, evidence files, and a new value for each indicator."""

    text = TextField(
        label=_("Progress made"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=PROGRESS_TEXT_MAX,
        error_messages={"required": _("Describe the progress made.")},
    )
    report_date = SaneDateField(
        label=_("Report date"), required=False, widget=DateInput(), initial=timezone.localdate
    )
    files = MultipleFileField(
        label=_("Evidence files (佐证材料)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_(
            "PDF, images, Office documents, OFD or plain text; several files may be chosen."
        ),
    )

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_fields = []
        for indicator in measure.indicators.all():
            name = f"indicator_{indicator.pk}"
            current = indicator.current_value
            self.fields[name] = forms.DecimalField(
                label=f"{indicator.name}" + (f"（{indicator.unit}）" if indicator.unit else ""),
                required=False,
                max_digits=14,
                decimal_places=2,
                min_value=0,
                widget=forms.NumberInput(
                    attrs={"step": "any", "placeholder": "" if current is None else str(current)}
                ),
                help_text=_("Leave empty to keep the current value."),
            )
            self.indicator_fields.append(name)

    @property
    def indicator_bound_fields(self):
        return [self[name] for name in self.indicator_fields]

    def clean_report_date(self):
        value = self.cleaned_data.get("report_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The report date cannot be in the future."))
        return value

    def indicator_values(self) -> dict:
        out = {}
        for name in self.indicator_fields:
            value = self.cleaned_data.get(name)
            if value is not None:
                out[int(name.removeprefix("indicator_"))] = value
        return out


class ExtensionRequestForm(forms.Form):
    new_deadline = SaneDateField(label=_("New deadline"), widget=DateInput())
    reason = TextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ExtensionDecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        coerce=lambda v: v == "1", choices=[("1", _("Approve")), ("0", _("Refuse"))]
    )
    note = TextField(
        label=_("Decision note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class SuggestionForm(forms.Form):
    accept = forms.TypedChoiceField(
        coerce=lambda v: v == "1", choices=[("1", _("Confirm")), ("0", _("Dismiss"))]
    )


class NoteForm(forms.Form):
    note = TextField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class VersionedForm(forms.Form):
    """A form for a versioned record: carries the version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MeasurePlanForm(VersionedForm):
    """整改方案: what the office may edit on a measure (not status, not deadline)."""

    text = TextField(
        label=_("Measure"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MEASURE_TEXT_MAX
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasureKind.choices)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=MeasureCategory.choices,
        required=False,
        help_text=_("Decides what a sign-off request must show (the inspection's gates)."),
    )
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
    co_departments = forms.ModelMultipleChoiceField(
        label=_("Co-departments"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_outside_units = forms.ModelMultipleChoiceField(
        label=_("Co-operating outside units"),
        queryset=OutsideUnit.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the register of outside units (外单位)."),
    )
    responsible_person = PersonChoiceField(
        label=_("Responsible person"), queryset=None, required=False
    )
    reason = TextField(
        label=_("Reason for the change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required once the plan is approved: every change becomes a new version."),
    )

    def __init__(self, *args, measure, **kwargs):
        unit = measure.finding.inspection.inspected_unit
        super().__init__(*args, **kwargs)
        people = users_in_subtree(unit=unit)
        units = OrgUnit.objects.subtree_of([unit]).exclude(pk=unit.pk)
        self.fields["responsible_leader"].queryset = people
        self.fields["responsible_person"].queryset = people
        self.fields["lead_department"].queryset = units
        self.fields["co_departments"].queryset = units

    @classmethod
    def initial_for(cls, measure) -> dict:
        return {
            "version": measure.version,
            "text": measure.text,
            "kind": measure.kind,
            "category": measure.category,
            "target": measure.target,
            "responsible_leader": measure.responsible_leader_id,
            "lead_department": measure.lead_department_id,
            "co_departments": [unit.pk for unit in measure.co_departments.all()],
            "co_outside_units": [unit.pk for unit in measure.co_outside_units.all()],
            "responsible_person": measure.responsible_person_id,
        }

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        data.pop("co_departments")
        data.pop("co_outside_units")
        data.pop("reason")
        if not data.get("category"):
            data.pop("category", None)  # a form posted without it keeps the category
        return data


class DeadlineSetForm(VersionedForm):
    new_deadline = SaneDateField(
        label=_("New deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a long-term measure without a date."),
    )
    reason = TextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


# 销号: request, review, reopen


class SignoffRequestForm(forms.Form):
    note = TextField(
        label=_("Summary for the reviewer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SignoffReviewForm(forms.Form):
    opinion = TextField(
        label=_("Review opinion"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning the request."),
    )


class ReopenForm(forms.Form):
    reason = TextField(
        label=_("What the re-check found"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what the re-check found.")},
    )
