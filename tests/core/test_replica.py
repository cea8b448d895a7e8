"""The read-replica router: report reads go to the `replica` alias, writes and reads inside a
transaction to the primary. Tests give `replica` as a mirror of the test database (a second
connection to it), so what each alias was asked is what the test checks."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from rectify.core.replica import replica_reads
from rectify.measures.models import Measure
from rectify.reports.exports import export_job_create
from rectify.reports.ledger_file import export_job_run
from rectify.reports.models import ExportJob
from tests.factories import FindingFactory, MeasureFactory

BOTH = ["default", "replica"]


def tables(queries, verb: str) -> str:
    return " ".join(q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(verb))


@pytest.fixture
def replica(settings):
    settings.RECTIFY_REPLICA_READS = True  # as DATABASE_REPLICA_URL sets it


@pytest.fixture
def no_immediate(settings):
    """The export waits for a worker (run here by hand), as in production."""
    settings.TASKS = {
        "default": {"BACKEND": "rectify.jobs.backend.JobBackend", "OPTIONS": {"immediate": False}}
    }


@pytest.mark.django_db(transaction=True, databases=BOTH)
@pytest.mark.usefixtures("replica", "no_immediate")
def test_the_workers_excel_ledger_reads_the_replica_and_writes_the_primary(cast, units, inspection):
    finding = FindingFactory(inspection=inspection)
    MeasureFactory.create_batch(5, finding=finding, lead_department=units.enforcement)
    export = export_job_create(owner=cast.office, filters={}, total=5)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        export_job_run(export_id=export.pk)
    assert '"measures_measure"' in tables(on_replica.captured_queries, "SELECT")
    assert '"measures_measure"' not in tables(on_primary.captured_queries, "SELECT")
    assert not tables(on_replica.captured_queries, "UPDATE")
    assert not tables(on_replica.captured_queries, "INSERT")
    assert '"documents_exportjob"' in tables(on_primary.captured_queries, "UPDATE")
    assert ExportJob.objects.get(pk=export.pk).rows == 5


@pytest.mark.django_db(transaction=True, databases=BOTH)
@pytest.mark.usefixtures("replica")
def test_rectify_stats_reads_the_replica(inspection):
    MeasureFactory.create_batch(3, finding=FindingFactory(inspection=inspection))
    out = StringIO()
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        call_command("stats", str(inspection.pk), "--format", "json", stdout=out)
    assert json.loads(out.getvalue())[0]["measures"]["total"] == 3
    assert '"measures_measure"' in tables(on_replica.captured_queries, "SELECT")


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_reads_stay_on_the_primary_unless_asked_in_a_transaction_or_without_a_replica(settings):
    settings.RECTIFY_REPLICA_READS = True
    assert router.db_for_read(Measure) == "default"  # outside replica_reads
    with replica_reads():
        assert router.db_for_read(Measure) == "replica"
        assert router.db_for_write(Measure) == "default"
        with transaction.atomic():  # read-your-writes: a transaction reads the primary
            assert router.db_for_read(Measure) == "default"
    settings.RECTIFY_REPLICA_READS = False  # no DATABASE_REPLICA_URL
    with replica_reads():
        assert router.db_for_read(Measure) == "default"
    assert router.allow_migrate("replica", "measures") is False
    assert router.allow_migrate("default", "measures") is True
