"""core.widgets.Select draws what Django's template-rendered Select draws."""

import re

import pytest
from django import forms

from rectify.core.widgets import Select


def _tight(html) -> str:
    """Django's templates put newlines and indents between tags; the markup is the same."""
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [
    ("", "全部"),
    ("a", '甲 <乙> & "丙"'),
    (1, "一"),
    ("组", [("x", "组内一"), ("y", "组内二")]),
]


@pytest.mark.parametrize("value", [None, "", "a", "1", 1, "y", "missing"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_f", "class": "c", "required": True, "disabled": False}]
)
def test_select_is_djangos_select(value, attrs):
    ours = Select(choices=CHOICES).render("f", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("f", value, attrs=attrs)
    assert _tight(ours) == _tight(django)


def test_a_bound_filter_form_renders_the_same(db):
    class Form(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, required=False, widget=Select)
        same = forms.ChoiceField(choices=CHOICES, required=False)

    form = Form({"pick": "x", "same": "x"})
    assert form.is_valid()
    assert _tight(form["pick"]).replace("pick", "F") == _tight(form["same"]).replace("same", "F")


def test_values_choices_are_the_instance_choices(cast, inspection):
    """Person, unit and inspection choices read as values equal the model-instance choices."""
    from rectify.inspections.models import Inspection
    from rectify.measures.forms import InspectionChoiceField, PersonChoiceField, UnitChoiceField
    from rectify.orgs.models import OrgUnit, User

    User.objects.filter(pk=cast.office.pk).update(display_name="", first_name="甲", last_name="乙")
    for field_class, queryset in [
        (PersonChoiceField, User.objects.order_by("pk")),
        (UnitChoiceField, OrgUnit.objects.order_by("pk")),
        (InspectionChoiceField, Inspection.objects.order_by("pk")),
    ]:
        fast = field_class(queryset=queryset, required=False, empty_label="全部", widget=Select)
        plain = forms.ModelChoiceField(queryset=queryset, required=False, empty_label="全部")
        plain.label_from_instance = lambda obj, f=field_class: (
            obj.label if f is UnitChoiceField else str(obj)
        )
        assert len(list(fast.choices)) > 1
        assert [(str(v), str(label)) for v, label in fast.choices] == [
            (str(v), str(label)) for v, label in plain.choices
        ]
        first = str(queryset.first().pk)
        assert _tight(fast.widget.render("f", first)) == _tight(
            forms.Select(choices=list(plain.choices)).render("f", first)
        )
