"""The workflow table: every (transition, status) pair is either in TRANSITIONS or refused.

The cases are generated from the table itself, so a new transition is covered automatically.
"""

import pytest

from rectify.audit.models import AuditEntry
from rectify.core.errors import ConflictError, TransitionNotAllowed
from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Measure, MeasureEvent
from rectify.measures.workflow import TRANSITIONS, allowed_transitions, transition
from rectify.orgs.enums import Role
from tests.factories import MeasureFactory, UserFactory

ALLOWED = [(name, source) for name, t in TRANSITIONS.items() for source in sorted(t.sources)]
REFUSED = [
    (name, status.value)
    for name, t in TRANSITIONS.items()
    for status in MeasureStatus
    if status not in t.sources
]


@pytest.fixture
def office(units):
    """整改办 alone: the table does not care who acts (services check that), only what."""
    return UserFactory(username="office", role=(Role.OFFICE, units.street))


def _measure_in(inspection, status) -> Measure:
    return MeasureFactory(finding__inspection=inspection, status=status)


@pytest.mark.parametrize(("name", "source"), ALLOWED)
def test_allowed_transition_moves_status_and_logs_event_and_audit(office, inspection, name, source):
    measure = _measure_in(inspection, source)
    target = TRANSITIONS[name].target

    event = transition(measure=measure, name=name, actor=office, note="台账核对")

    measure.refresh_from_db()
    assert measure.status == target
    assert measure.version == 2
    assert (event.transition, event.from_status, event.to_status) == (name, source, target)
    assert event.actor == office
    assert event.note == "台账核对"
    assert list(MeasureEvent.objects.filter(measure=measure)) == [event]
    entry = AuditEntry.objects.get(object_type="measures.measure", object_id=str(measure.pk))
    assert entry.code == f"measure.{name}"
    assert entry.actor == office
    assert entry.before == {"status": source}
    assert entry.after == {"status": target}
    assert entry.note == "台账核对"


@pytest.mark.parametrize(("name", "source"), REFUSED)
def test_refused_transition_names_action_and_status_and_writes_nothing(
    office, inspection, name, source
):
    measure = _measure_in(inspection, source)

    with pytest.raises(TransitionNotAllowed) as refused:
        transition(measure=measure, name=name, actor=office)

    message = str(refused.value)
    assert str(TRANSITIONS[name].label) in message
    assert str(MeasureStatus(source).label) in message
    measure.refresh_from_db()
    assert (measure.status, measure.version) == (source, 1)
    assert not MeasureEvent.objects.filter(measure=measure).exists()
    assert not AuditEntry.objects.exists()


def test_table_is_consistent_with_the_statuses():
    statuses = set(MeasureStatus)
    for name, spec in TRANSITIONS.items():
        assert spec.name == name
        assert spec.sources <= statuses
        assert spec.target in statuses
        assert spec.target not in spec.sources, f"{name} would be a no-op"
    # 销号制: nothing closes a measure except an approved sign-off.
    assert [t.name for t in TRANSITIONS.values() if t.target == MeasureStatus.SIGNED_OFF] == [
        "approve_signoff"
    ]
    # A closed measure only leaves its state through a re-check (回头看).
    assert [t.name for t in allowed_transitions(MeasureStatus.SIGNED_OFF)] == ["reopen"]


@pytest.mark.parametrize("status", list(MeasureStatus))
def test_allowed_transitions_lists_exactly_the_table_rows(status):
    expected = {name for name, t in TRANSITIONS.items() if status in t.sources}
    assert {t.name for t in allowed_transitions(status)} == expected


def test_stale_version_is_a_conflict_and_logs_nothing(office, inspection):
    measure = _measure_in(inspection, MeasureStatus.NOT_STARTED)
    Measure.objects.filter(pk=measure.pk).update(version=5)  # someone else wrote meanwhile

    with pytest.raises(ConflictError):
        transition(measure=measure, name="start", actor=office)

    measure.refresh_from_db()
    assert measure.status == MeasureStatus.NOT_STARTED
    assert not MeasureEvent.objects.exists()
    assert not AuditEntry.objects.exists()


def test_extra_fields_are_written_with_the_status(office, inspection):
    measure = _measure_in(inspection, MeasureStatus.SIGNOFF_REQUESTED)
    transition(
        measure=measure,
        name="return_signoff",
        actor=office,
        note="佐证材料不足",
        target="补充拆除前后对比照片",
    )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.RETURNED
    assert measure.target == "补充拆除前后对比照片"
