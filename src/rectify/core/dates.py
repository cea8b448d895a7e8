"""Dates a person may enter: within a sane range, so a slip of the keyboard (year 0001,
year 9999) is refused with a message instead of reaching the ledger and its documents."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed

EARLIEST = dt.date(2000, 1, 1)
YEARS_AHEAD = 30


def latest() -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def date_out_of_range(value: dt.date | None) -> bool:
    return value is not None and not (EARLIEST <= value <= latest())


def _message() -> str:
    return str(
        _("Enter a date between %(first)s and %(last)s.")
        % {"first": EARLIEST.isoformat(), "last": latest().isoformat()}
    )


def check_date(value: dt.date | None) -> dt.date | None:
    """``value`` when it lies in the sane range; a ValidationFailed otherwise."""
    if date_out_of_range(value):
        raise ValidationFailed(_message())
    return value


class SaneDateField(forms.DateField):
    def validate(self, value):
        super().validate(value)
        if date_out_of_range(value):
            raise ValidationError(_message(), code="date_range")
