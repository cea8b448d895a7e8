"""Widgets drawn in Python with Django's own markup.

Django renders a `<select>` through the template engine once per `<option>`: a filter form
with a few hundred people and units spent more time there than the ledger's query. `Select`
gives the same HTML as `forms.Select` (tests/core/test_widgets.py renders both) with one
escaped f-string per option.
"""

from html import escape
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, none for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _escaped(text) -> str:
    """As conditional_escape: safe strings as they are, anything else escaped."""
    return str(text) if isinstance(text, SafeData) else escape(str(text))


def _option(value, label, selected: bool) -> str:
    """As django/forms/widgets/select_option.html (a string: the select marks it safe)."""
    mark = " selected" if selected else ""
    return f'<option value="{_escaped(value)}"{mark}>{_escaped(label)}</option>'


class Select(forms.Select):
    """One `format_html` per option, straight from the choices (Django builds a dict of
    attributes per option first); selected as Django selects: the first option whose value
    is the widget's value."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        wanted = set(self.format_value(value))
        has_selected = False
        groups = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            nested = isinstance(option_label, (list, tuple))
            options = []
            for subvalue, sublabel in option_label if nested else [(option_value, option_label)]:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in wanted
                has_selected |= selected
                options.append(_option(subvalue, sublabel, selected))
            rendered = "".join(options)
            if nested:
                rendered = f'<optgroup label="{_escaped(option_value)}">{rendered}</optgroup>'
            groups.append(rendered)
        body = mark_safe("".join(groups))  # noqa: S308  # nosec B308 B703 - every value escaped above
        return format_html('<select name="{}"{}>{}</select>', name, _attrs(attrs), body)


class ValuesChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's choices as `(pk, label)` from one `values_list`, without a
    model instance per option (a city's people and units are a thousand options per page).

    The field names the columns (`label_columns`) and makes the label (`label_from_row`)."""

    def __iter__(self):
        field: Any = self.field  # a field declaring label_columns and label_from_row
        if field.empty_label is not None:
            yield ("", field.empty_label)
        for pk, *columns in self.queryset.values_list("pk", *field.label_columns):
            yield (pk, field.label_from_row(*columns))
