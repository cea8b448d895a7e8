"""Optimistic locking with one idiom: a conditional UPDATE that must change exactly one row."""

from django.db import models
from django.db.models import F
from django.utils import timezone

from .errors import ConflictError


def update_versioned(instance: models.Model, *, expected_version: int, **fields) -> None:
    """Write `fields` only if the row still has `expected_version`; bump the version."""
    model = type(instance)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        fields.setdefault("updated_at", timezone.now())
    changed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **fields
    )
    if changed != 1:
        raise ConflictError()
    for name, value in fields.items():
        setattr(instance, name, value)
    setattr(instance, "version", expected_version + 1)  # noqa: B010  (any versioned model)
