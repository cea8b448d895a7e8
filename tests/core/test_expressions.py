"""core.expressions: `__any` and InKeys give what `__in` gives, on both databases."""

from array import array

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rectify.core.expressions import InKeys
from rectify.measures.models import Measure
from tests.factories import MeasureFactory


def test_any_is_in(db):
    measures = MeasureFactory.create_batch(4)
    wanted = [measures[0].pk, measures[2].pk]
    assert set(Measure.objects.filter(pk__any=wanted)) == set(Measure.objects.filter(pk__in=wanted))
    by_finding = Measure.objects.filter(finding__any=[measures[1].finding_id])
    assert set(by_finding) == set(Measure.objects.filter(finding_id__in=[measures[1].finding_id]))
    assert not Measure.objects.filter(pk__any=[]).exists()  # as `__in=[]`: nothing


def test_any_takes_an_array_whole(db):
    measures = MeasureFactory.create_batch(3)
    keys = array("q", [measures[0].pk, measures[2].pk])
    with CaptureQueriesContext(connection) as queries:
        got = set(Measure.objects.filter(pk__any=keys))
    assert got == {measures[0], measures[2]}
    if connection.vendor == "postgresql":  # the keys go as one parameter, not one each
        assert "= ANY(" in queries[0]["sql"] and "::bigint[]" in queries[0]["sql"]


def test_in_keys_is_in(db):
    measures = MeasureFactory.create_batch(3)
    keys = Measure.objects.filter(pk__in=[measures[0].pk, measures[1].pk]).values("pk")
    got = Measure.objects.filter(InKeys("pk", keys))
    assert set(got) == {measures[0], measures[1]}
