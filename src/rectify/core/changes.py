"""One helper for an audited change: write the fields that changed, return what changed.

`model_update` compares, writes only the changed fields (a conditional UPDATE on `version`
for versioned models, so a stale edit is refused), lets the model add the denormalised
fields that follow from them (`derived_values`, e.g. a measure's `sort_key` after a move),
and returns the diff as JSON-safe `{field: [before, after]}` for the service's audit entry.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from .errors import ConflictError
from .locking import update_versioned

Diff = dict[str, list[Any]]


def jsonable(value: Any) -> Any:
    """A JSON-safe copy of a field value (dates as ISO text, decimals as text, rows as ids)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def model_update(
    *, instance: models.Model, changes: dict[str, Any], expected_version: int | None = None
) -> Diff:
    """Write the fields of `changes` that differ; return `{field: [before, after]}`."""
    diff = {
        name: [jsonable(getattr(instance, name)), jsonable(value)]
        for name, value in changes.items()
        if getattr(instance, name) != value
    }
    versioned = any(f.name == "version" for f in instance._meta.concrete_fields)
    if not diff:
        current = getattr(instance, "version", None)
        if versioned and expected_version is not None and expected_version != current:
            raise ConflictError()  # nothing to write, but the form was made from an old row
        return {}
    values = {name: changes[name] for name in diff}
    derive = getattr(instance, "derived_values", None)
    if derive is not None:
        values.update(derive(values))
    if versioned:
        version = getattr(instance, "version") if expected_version is None else expected_version  # noqa: B009
        update_versioned(instance, expected_version=version, **values)
    else:
        for name, value in values.items():
            setattr(instance, name, value)
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            values["updated_at"] = timezone.now()
            setattr(instance, "updated_at", values["updated_at"])  # noqa: B010
        # Fields the model's save() derives (a finding's tree key) are written with them.
        instance.save(update_fields=[*values, *getattr(instance, "DERIVED_FIELDS", ())])
    return diff


def before_after(diff: Diff) -> tuple[dict[str, Any], dict[str, Any]]:
    """The diff as the audit entry's `before` and `after`."""
    return {k: v[0] for k, v in diff.items()}, {k: v[1] for k, v in diff.items()}
