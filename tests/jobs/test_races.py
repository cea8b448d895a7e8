"""Several workers at once, for real: threads with their own PostgreSQL connections.

(The in-memory SQLite test database cannot be shared between threads; the same conditional
UPDATEs are checked with a stale read on both databases in test_queue and test_schedules.)
"""

import datetime as dt
import threading
import zoneinfo

import pytest
from django.db import connection, connections

from rectify.jobs import registry
from rectify.jobs.models import Job
from rectify.jobs.queue import job_claim_next, schedules_run_due
from rectify.jobs.services import job_enqueue

from . import tasks

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("no_immediate")]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections (PostgreSQL); SQLite here is in-memory")


def _race(worker, n: int = 2) -> list:
    """Run `worker(name)` in n threads released together; return what each returned."""
    barrier = threading.Barrier(n, timeout=10)
    results: dict[str, object] = {}

    def run(name):
        try:
            barrier.wait()
            results[name] = worker(name)
        except Exception as exc:  # reported by the assertion below
            results[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not [r for r in results.values() if isinstance(r, Exception)], results
    return list(results.values())


def test_two_workers_racing_claim_every_job_exactly_once():
    ids = {job_enqueue(task=tasks.add, args=[i, i]).pk for i in range(40)}

    def drain(name):
        claimed = []
        while (job := job_claim_next(worker_id=name)) is not None:
            claimed.append(job.pk)
        return claimed

    first, second = _race(drain)
    assert sorted(first + second) == sorted(ids)  # every job, none twice
    assert first and second, "both workers should have won some claims"
    by_worker = dict(Job.objects.values_list("pk", "worker_id"))
    assert len({by_worker[pk] for pk in first}) == len({by_worker[pk] for pk in second}) == 1
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}


def test_two_workers_racing_on_one_due_schedule_queue_one_run(monkeypatch):
    # The apps' own declarations set aside: discovered first, or the first discovery (in a
    # fresh process) would declare them into the emptied registry and they would run too.
    registry.discover()
    monkeypatch.setattr(registry, "_SCHEDULES", {})
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    registry.periodic("tests.race", task=tasks.add, when=registry.daily("06:00"), args=(1, 1))
    try:
        schedules_run_due(now=dt.datetime(2026, 3, 1, 5, tzinfo=shanghai))
        due = dt.datetime(2026, 3, 1, 6, 0, 1, tzinfo=shanghai)
        runs = _race(lambda name: len(schedules_run_due(now=due)), n=4)
    finally:
        registry.unregister("tests.race")
    assert sorted(runs) == [0, 0, 0, 1]
    assert Job.objects.filter(schedule="tests.race").count() == 1
