"""Periodic schedules: declared by the app that owns the task, run once when due, and not
again until their next time, whoever else is looking."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from rectify.jobs import registry
from rectify.jobs.models import Job, Schedule
from rectify.jobs.queue import schedules_run_due

from . import tasks

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def only_this_tests_schedules(monkeypatch):
    """The apps' own declarations (supervision's daily run …) are set aside: these tests
    declare the schedules they watch. Discovered first, so a first discovery later in this
    process cannot declare them into the emptied registry."""
    registry.discover()
    monkeypatch.setattr(registry, "_SCHEDULES", {})


@pytest.fixture
def daily_run():
    """As an app declares a daily run at 06:00 in its own jobs.py."""
    registry.periodic("tests.daily_run", task=tasks.add, when=registry.daily("06:00"), args=(1, 2))
    yield
    registry.unregister("tests.daily_run")


def test_daily_and_every_compute_the_next_local_time():
    six = registry.daily("06:00")
    assert six.next_after(at(1, 5, 59)) == at(1, 6)
    assert six.next_after(at(1, 6)) == at(2, 6)  # exactly due: the next one is tomorrow
    assert six.next_after(at(1, 23, 30)) == at(2, 6)
    utc_evening = dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)  # 06:30 on the 2nd there
    assert six.next_after(utc_evening) == at(3, 6)
    assert registry.every(minutes=15).next_after(at(1, 6)) == at(1, 6, 15)
    assert str(six) == "daily 06:00" and str(registry.every(hours=1)) == "every 3600s"
    with translation.override("zh-hans"):
        assert six.describe() == "每天 06:00"
        assert registry.every(minutes=15).describe() == "每 15 分钟"
        assert registry.every(seconds=90).describe() == "每 90 秒"
    with pytest.raises(ValueError):
        registry.daily("25:00")
    with pytest.raises(ValueError):
        registry.every(milliseconds=10)


def test_apps_declare_schedules_and_labels_in_their_own_jobs_module():
    # rectify/reports/jobs.py is found by discovery; the jobs app does not import reports.
    with translation.override("zh-hans"):
        assert registry.label_for("rectify.reports.tasks.ledger_export_task") == "Excel 台账导出"
    assert registry.label_for("tests.jobs.tasks.add") == "add"


def test_a_schedule_runs_once_when_due_and_not_again_until_next_due(daily_run):
    assert schedules_run_due(now=at(1, 5)) == []
    row = Schedule.objects.get(name="tests.daily_run")
    assert (row.next_run_at, row.spec, row.task_path) == (
        at(1, 6),
        "daily 06:00",
        "tests.jobs.tasks.add",
    )
    assert schedules_run_due(now=at(1, 5, 59, 59)) == []

    [job] = schedules_run_due(now=at(1, 6, 0, 30))
    assert (job.task_path, job.args, job.schedule, job.status) == (
        "tests.jobs.tasks.add",
        [1, 2],
        "tests.daily_run",
        "queued",
    )
    row.refresh_from_db()
    assert (row.next_run_at, row.last_run_at, row.last_job) == (at(2, 6), at(1, 6, 0, 30), job)
    assert schedules_run_due(now=at(1, 6, 1)) == []
    assert schedules_run_due(now=at(1, 23)) == []

    [second] = schedules_run_due(now=at(2, 6, 0, 5))
    assert second.pk != job.pk
    assert Job.objects.filter(schedule="tests.daily_run").count() == 2


def test_missed_runs_happen_once_when_a_worker_is_back(daily_run):
    schedules_run_due(now=at(1, 5))
    assert len(schedules_run_due(now=at(5, 9))) == 1  # four 06:00s missed: one run
    assert Schedule.objects.get().next_run_at == at(6, 6)


def test_two_workers_with_the_same_view_of_a_due_schedule_queue_one_run(daily_run):
    schedules_run_due(now=at(1, 5))
    stale = Schedule.objects.get()  # what a second worker read before the first wrote
    assert len(schedules_run_due(now=at(1, 6, 0, 1))) == 1
    from rectify.core.errors import ConflictError
    from rectify.core.locking import update_versioned

    with pytest.raises(ConflictError):
        update_versioned(stale, expected_version=stale.version, next_run_at=at(2, 6))
    assert Job.objects.count() == 1


def test_a_changed_declaration_is_retimed_and_a_removed_one_stops(daily_run):
    schedules_run_due(now=at(1, 5))
    registry.periodic("tests.daily_run", task=tasks.add, when=registry.daily("07:30"))
    assert schedules_run_due(now=at(1, 6, 30)) == []
    assert Schedule.objects.get().next_run_at == at(1, 7, 30)
    registry.unregister("tests.daily_run")
    assert schedules_run_due(now=at(3, 8)) == []
    assert Job.objects.count() == 0
