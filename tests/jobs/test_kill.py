"""A worker killed (SIGKILL) in the middle of an Excel export: its heartbeats stop, the lease
runs out, the reaper queues the job again, and another worker finishes the export. A job
that has used up its attempts fails instead, with a message on the owner's export page.

The killed worker is a real `rectify worker` process (tests/jobs/worker_harness.py) on the
test database: PostgreSQL as it is, SQLite copied to a file and back (an in-memory database
cannot be shared with another process).
"""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

import rectify
from rectify.jobs.models import Job
from rectify.jobs.queue import job_claim_next, jobs_reap_expired
from rectify.jobs.worker import Worker
from rectify.reports.exports import export_job_create
from rectify.reports.models import ExportJob
from tests.factories import FindingFactory, MeasureFactory

HARNESS = Path(__file__).with_name("worker_harness.py")
SRC = Path(rectify.__file__).resolve().parents[1]
LEASE_SECONDS = 2


class SharedDatabase:
    """The test database as the worker process sees it."""

    def __init__(self, tmp_path: Path):
        self.sqlite = connection.vendor == "sqlite"
        self.path = tmp_path / "shared.sqlite3"

    def url(self) -> str:
        if self.sqlite:
            return f"sqlite:///{self.path}"
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
        return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"

    def publish(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            with sqlite3.connect(self.path) as target:
                connection.connection.backup(target)

    def take_back(self) -> None:
        if self.sqlite:
            with sqlite3.connect(self.path) as source:
                source.backup(connection.connection)

    def job(self, pk: int) -> dict:
        fields = ["status", "worker_id", "attempts", "heartbeat_at", "lease_expires_at"]
        if not self.sqlite:
            return Job.objects.filter(pk=pk).values(*fields).get()
        with sqlite3.connect(self.path, timeout=10) as db:
            row = db.execute(
                f"SELECT {', '.join(fields)} FROM jobs_job WHERE id=?", [pk]
            ).fetchone()
        values = dict(zip(fields, row, strict=True))
        for name in ("heartbeat_at", "lease_expires_at"):
            if values[name]:
                values[name] = parse_datetime(values[name]).replace(tzinfo=dt.UTC)
        return values


def wait_for(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s; worker log:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)


@pytest.fixture
def export(cast, units, inspection):
    finding = FindingFactory(inspection=inspection)
    MeasureFactory.create_batch(5, finding=finding, lead_department=units.enforcement)
    return export_job_create(owner=cast.office, filters={}, total=5)


def start_worker(shared: SharedDatabase, tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    marker, log = tmp_path / "mid-export", tmp_path / "worker.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), str(SRC.parent)]),
        "DATABASE_URL": shared.url(),
        "RECTIFY_TESTING": "true",
        "RECTIFY_DATA_DIR": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "RECTIFY_JOBS_LEASE_SECONDS": str(LEASE_SECONDS),
        "HARNESS_MARKER": str(marker),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(HARNESS), "--worker-id", "doomed"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, marker, log


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_immediate")
def test_a_worker_killed_mid_export_leaves_a_job_that_is_retried(
    export, cast, client, settings, tmp_path
):
    settings.RECTIFY_JOBS_RETRY_SECONDS = 1
    shared = SharedDatabase(tmp_path)
    shared.publish()
    process, marker, log = start_worker(shared, tmp_path)
    try:
        wait_for(marker.exists, 30, "the worker did not reach the middle of the export", log)
        running = shared.job(export.job_id)
        assert (running["status"], running["worker_id"], running["attempts"]) == (
            "running",
            "doomed",
            1,
        )
        wait_for(
            lambda: shared.job(export.job_id)["heartbeat_at"] > running["heartbeat_at"],
            LEASE_SECONDS * 2,
            "the lease was not renewed",
            log,
        )
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL

    dead = shared.job(export.job_id)
    assert dead["status"] == "running"  # nobody knows yet
    wait_for(
        lambda: timezone.now() > dead["lease_expires_at"],
        LEASE_SECONDS + 1,
        "the lease did not run out",
        log,
    )
    shared.take_back()
    assert jobs_reap_expired() == [(export.job_id, "queued")]
    job = Job.objects.get(pk=export.job_id)
    assert (job.status, job.attempts, job.error_code) == ("queued", 1, "lease_expired")
    assert "doomed" in job.error

    client.force_login(cast.office)
    page = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()
    assert "后台任务进程在运行此任务时停止了（第 1 次尝试，共 3 次）。" in page
    assert "重试" in page

    time.sleep(1.1)  # the back-off
    Worker(
        worker_id="second", queue_names=["default"], excluded_queue_names=[], interval=0, batch=True
    ).run()
    export.refresh_from_db()
    export.job.refresh_from_db()
    assert (export.status, export.rows, export.job.attempts) == ("done", 5, 2)
    assert (export.job.worker_id, export.job.error_code) == ("second", "")


@pytest.mark.usefixtures("no_immediate")
@pytest.mark.django_db
def test_a_job_out_of_attempts_fails_with_a_message_on_the_export_page(export, cast, client, later):
    Job.objects.filter(pk=export.job_id).update(max_attempts=1)
    job_claim_next(worker_id="doomed")
    assert jobs_reap_expired(now=later(settings_lease() + 1)) == [(export.job_id, "failed")]

    client.force_login(cast.office)
    page = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()
    assert "导出失败。请重试；如仍失败，请联系系统管理员。" in page
    assert "后台任务进程在运行此任务时停止了（第 1 次尝试，共 1 次）。" in page
    assert "hx-trigger" not in page  # no more polling
    download = client.get(reverse("reports:export_download", args=[export.pk]))
    assert download.status_code == 404
    assert ExportJob.objects.get(pk=export.pk).status == "failed"


def settings_lease() -> int:
    from django.conf import settings

    return settings.RECTIFY_JOBS_LEASE_SECONDS
