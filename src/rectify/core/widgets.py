"""Widgets drawn in Python with Django's own markup.

Django renders a `<select>` through the template engine once per `<option>`: a filter form
with a few hundred people and units spent more time there than the ledger's query. `Select`
gives the same HTML as `forms.Select` (tests/core/test_widgets.py renders both) with one
`format_html` per option.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


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


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                "{}",
                (
                    (
                        format_html(
                            '<option value="{}"{}>{}</option>',
                            option["value"],
                            _attrs(option["attrs"]),
                            option["label"],
                        ),
                    )
                    for option in options
                ),
            )
            if group_name:
                rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
            groups.append(rendered)
        body = format_html_join("", "{}", ((g,) for g in groups))
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], _attrs(widget["attrs"]), body
        )
