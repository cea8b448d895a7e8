"""A worker killed (SIGKILL) mid-export and mid-supervision-run: the job layer's lease runs
out, and a NEW `rectify worker` process reaps it and runs it again (done once, nothing
half-written), or, out of attempts, marks it failed and tells the user on the job's page.

Both workers are real processes on the test database (tests/jobs/test_kill.SharedDatabase:
PostgreSQL as it is, SQLite copied to a file and back)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import rectify
from rectify.audit.models import AuditEntry
from rectify.jobs.models import Job
from rectify.reports.exports import export_job_create
from rectify.reports.models import ExportJob
from rectify.supervision.jobs import supervise_daily_task
from rectify.supervision.services import supervise_run
from tests.factories import FindingFactory, MeasureFactory
from tests.jobs.test_kill import SharedDatabase, wait_for

HARNESS = Path(__file__).with_name("worker_harness.py")
SRC = Path(rectify.__file__).resolve().parents[1]
LEASE_SECONDS = 2


@pytest.fixture
def no_immediate(settings):
    settings.TASKS = {
        "default": {"BACKEND": "rectify.jobs.backend.JobBackend", "OPTIONS": {"immediate": False}}
    }
    settings.RECTIFY_JOBS_RETRY_SECONDS = 0


def _worker(shared, tmp_path, worker_id, *, hang="", extra=()):
    log = tmp_path / f"{worker_id}.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), str(SRC.parent)]),
        "DATABASE_URL": shared.url(),
        "RECTIFY_TESTING": "true",
        "RECTIFY_DATA_DIR": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "RECTIFY_JOBS_LEASE_SECONDS": str(LEASE_SECONDS),
        "RECTIFY_JOBS_RETRY_SECONDS": "0",
        "HARNESS_HANG": hang,
        "HARNESS_MARKER": str(tmp_path / "marker"),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(HARNESS), "--worker-id", worker_id, *extra],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, log


def _kill_mid_job(shared, tmp_path, job_id, hang) -> None:
    doomed, log = _worker(shared, tmp_path, "doomed", hang=hang)
    try:
        wait_for((tmp_path / "marker").exists, 30, f"the worker did not reach mid-{hang}", log)
        assert shared.job(job_id)["status"] == "running"
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
    finally:
        if doomed.poll() is None:
            doomed.kill()
            doomed.wait()
    assert doomed.returncode == -signal.SIGKILL
    dead = shared.job(job_id)
    assert (dead["status"], dead["worker_id"]) == ("running", "doomed")  # nobody knows yet
    wait_for(lambda: timezone.now() > dead["lease_expires_at"], LEASE_SECONDS + 2, "lease", log)


def _second_worker(shared, tmp_path) -> None:
    second, log = _worker(shared, tmp_path, "second", extra=["--batch"])
    assert second.wait(timeout=60) == 0, log.read_text()[-3000:]
    assert "its worker stopped" in log.read_text()  # the new worker reaped the lease


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_immediate")
def test_a_supervision_run_killed_mid_way_is_run_again_by_a_new_worker_once(
    cast, units, inspection, tmp_path
):
    finding = FindingFactory(inspection=inspection)
    MeasureFactory.create_batch(
        3, finding=finding, overdue=True, lead_department=units.enforcement,
        responsible_person=cast.reporter,
    )  # fmt: skip
    today = timezone.localdate()
    planned = supervise_run(today=today, dry_run=True)
    assert planned
    job_id = int(supervise_daily_task.enqueue(today=today.isoformat()).id)
    shared = SharedDatabase(tmp_path)
    shared.publish()

    _kill_mid_job(shared, tmp_path, job_id, "supervision")
    _second_worker(shared, tmp_path)
    shared.take_back()

    job = Job.objects.get(pk=job_id)
    assert (job.status, job.attempts, job.worker_id) == ("succeeded", 2, "second")
    assert supervise_run(today=today, dry_run=True) == []  # every act done
    assert AuditEntry.objects.filter(code="supervision.run").count() == 1  # and done once


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_immediate")
def test_an_export_killed_on_its_last_attempt_fails_and_the_owner_is_told(
    cast, units, inspection, client, tmp_path
):
    finding = FindingFactory(inspection=inspection)
    MeasureFactory.create_batch(5, finding=finding, lead_department=units.enforcement)
    export = export_job_create(owner=cast.office, filters={}, total=5)
    Job.objects.filter(pk=export.job_id).update(max_attempts=1)
    shared = SharedDatabase(tmp_path)
    shared.publish()

    _kill_mid_job(shared, tmp_path, export.job_id, "export")
    _second_worker(shared, tmp_path)
    shared.take_back()

    job = Job.objects.get(pk=export.job_id)
    assert (job.status, job.error_code) == ("failed", "lease_expired")
    assert ExportJob.objects.get(pk=export.pk).status == "failed"
    client.force_login(cast.office)
    page = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()
    assert "导出失败。请重试；如仍失败，请联系系统管理员。" in page
    assert "后台任务进程在运行此任务时停止了（第 1 次尝试，共 1 次）。" in page
    client.force_login(cast.sysadmin)
    jobs_page = client.get(reverse("jobs:list"), {"status": "failed"}).content.decode()
    assert "后台任务进程在运行此任务时停止了" in jobs_page
