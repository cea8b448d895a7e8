"""Optimistic locking: one conditional UPDATE that must change exactly one row."""

import datetime as dt

import pytest
from django.utils import translation

from rectify.core.errors import ConflictError, DomainError, TransitionNotAllowed
from rectify.core.locking import update_versioned
from rectify.inspections.models import Inspection
from rectify.measures.models import Measure


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English, whatever translations the catalogue has."""
    with translation.override("en"):
        yield


def test_update_writes_fields_and_bumps_the_version(measure):
    before = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    Measure.objects.filter(pk=measure.pk).update(updated_at=before)
    update_versioned(measure, expected_version=1, text="召开专题会议", target="全部拆除")

    assert (measure.text, measure.target, measure.version) == ("召开专题会议", "全部拆除", 2)
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.text, stored.target, stored.version) == ("召开专题会议", "全部拆除", 2)
    assert stored.updated_at > before
    update_versioned(measure, expected_version=2, text="第二次")
    assert Measure.objects.get(pk=measure.pk).version == 3


def test_stale_version_raises_conflict_and_writes_nothing(measure):
    update_versioned(measure, expected_version=1, text="第一次修改")
    stale = Measure.objects.get(pk=measure.pk)
    stale.version = 1

    with pytest.raises(ConflictError) as conflict:
        update_versioned(stale, expected_version=1, text="过期的修改")

    assert "Someone else changed this record" in str(conflict.value)
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.text, stored.version) == ("第一次修改", 2)
    assert stale.text != "过期的修改"  # the instance is not touched either


def test_a_deleted_row_is_a_conflict(measure):
    Measure.objects.filter(pk=measure.pk).delete()
    with pytest.raises(ConflictError):
        update_versioned(measure, expected_version=1, text="x")


def test_works_for_any_versioned_model(inspection):
    update_versioned(inspection, expected_version=1, title="区委第二巡察组巡察")
    assert Inspection.objects.get(pk=inspection.pk).version == 2


def test_domain_errors_format_their_parameters():
    error = TransitionNotAllowed(
        "“%(action)s” refused while “%(status)s”.", action="销号", status="x"
    )
    assert str(error) == "“销号” refused while “x”."
    assert error.params == {"action": "销号", "status": "x"}
    assert str(DomainError()) == "The operation was refused."
    assert str(DomainError("100% done")) == "100% done"  # no params: no % formatting
