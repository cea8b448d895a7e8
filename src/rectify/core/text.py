"""Text at the boundary: every form field, API field and import cleans text with
``lib.text.clean_input`` and refuses too long text with a clear message (never a silent
cut). Form fields render ``data-maxlength`` (not ``maxlength``, which makes browsers cut
pasted text without a word) and app.js shows a counter under the field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rectify.lib.text import clean_input

from .errors import ValidationFailed

# Limits of the free texts that reach documents (characters, after cleaning).
MEASURE_TEXT_MAX = 2000
TARGET_MAX = 2000
PROGRESS_TEXT_MAX = 5000
NOTE_MAX = 2000
FINDING_TEXT_MAX = 20000
LONG_TEXT_MAX = 100000


def checked_text(value: str | None, *, limit: int, label: str) -> str:
    """``value`` cleaned and stripped; a ValidationFailed naming ``label`` when too long."""
    text = clean_input(value or "").strip()
    if len(text) > limit:
        raise ValidationFailed(
            _("%(label)s has %(count)d characters; at most %(limit)d are allowed."),
            label=label,
            count=len(text),
            limit=limit,
        )
    return text


def checked_model_texts(model, changes: dict) -> dict:
    """``changes`` with every text of a character or text field of ``model`` through
    ``checked_text``, limited by the field's ``max_length`` (``LONG_TEXT_MAX`` for a
    TextField) and named by its verbose name; the string values of a JSON field (contacts)
    are cleaned too. Other values are left as they are."""
    cleaned = dict(changes)
    for name, value in changes.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        label = capfirst(str(field.verbose_name))
        if isinstance(value, str) and isinstance(field, (models.CharField, models.TextField)):
            limit = field.max_length or LONG_TEXT_MAX
            cleaned[name] = checked_text(value, limit=limit, label=label)
        elif isinstance(value, dict) and isinstance(field, models.JSONField):
            cleaned[name] = {
                key: checked_text(item, limit=NOTE_MAX, label=label)
                if isinstance(item, str)
                else item
                for key, item in value.items()
            }
    return cleaned


class TextField(forms.CharField):
    """A CharField that cleans its text and always has a length limit (default 2 000)."""

    def __init__(self, *, max_length: int | None = NOTE_MAX, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = clean_input(value)
        return value.strip() if self.strip else value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "maxlength" in attrs:
            attrs["data-maxlength"] = attrs.pop("maxlength")
        return attrs
