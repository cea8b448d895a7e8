"""回头看: high-risk and sampled signed-off measures re-checked at 3 and 6 months; a rebound
reopens the measure with what the re-check found."""

import datetime as dt

import pytest

from rectify.core.errors import PermissionRefused
from rectify.measures.models import MeasureEvent
from rectify.supervision.models import Recheck
from rectify.supervision.recheck import add_months, in_sample
from rectify.supervision.services import recheck_record, supervise_run
from tests.factories import FindingFactory, MeasureFactory

pytestmark = pytest.mark.django_db
SIGNED = dt.datetime(2026, 1, 31, 10, 0, tzinfo=dt.UTC)


def signed_off(inspection, units, deadline=dt.date(2026, 3, 1)):
    return MeasureFactory(
        finding=FindingFactory(inspection=inspection),
        lead_department=units.enforcement,
        status="signed_off",
        signed_off_at=SIGNED,
        deadline=deadline,
    )


def rechecks(today):
    return [a for a in supervise_run(today=today) if a["kind"] == "recheck"]


def test_months_are_added_to_the_end_of_shorter_months():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_high_risk_measures_are_always_rechecked_at_3_and_6_months(inspection, units, cast):
    late = signed_off(inspection, units, deadline=dt.date(2026, 1, 1))  # signed off late
    assert len(rechecks(dt.date(2026, 4, 29))) == 0
    assert [a["measure"] for a in rechecks(dt.date(2026, 4, 30))] == [late.pk]
    assert rechecks(dt.date(2026, 5, 1)) == []  # once
    assert [a["measure"] for a in rechecks(dt.date(2026, 7, 31))] == [late.pk]
    assert list(Recheck.objects.values_list("months", "high_risk", "due_on")) == [
        (3, True, dt.date(2026, 4, 30)),
        (6, True, dt.date(2026, 7, 31)),
    ]


def test_the_rest_is_sampled_by_a_stable_draw(inspection, units, settings):
    settings.RECTIFY_RECHECK_SHARE = 50
    measures = [signed_off(inspection, units) for _ in range(40)]
    chosen = {a["measure"] for a in rechecks(dt.date(2026, 5, 1))}
    assert chosen == {m.pk for m in measures if in_sample(m.pk)}
    assert 5 < len(chosen) < 35  # about half, not all, not none


def test_a_rebound_reopens_the_measure(inspection, units, cast):
    measure = signed_off(inspection, units, deadline=dt.date(2026, 1, 1))
    rechecks(dt.date(2026, 5, 1))
    recheck = Recheck.objects.get()
    with pytest.raises(PermissionRefused):
        recheck_record(recheck=recheck, actor=cast.reporter, held=False, note="反弹")
    recheck_record(recheck=recheck, actor=cast.office, held=False, note="原拆除点位出现新的搭建")
    measure.refresh_from_db()
    assert measure.status == "in_progress"
    event = MeasureEvent.objects.get(measure=measure, transition="reopen")
    assert "原拆除点位出现新的搭建" in event.note
