"""Two `rectify worker` processes on one database (as in a city's deployment: two workers
sharing one PostgreSQL) claim every job exactly once.

The workers are real subprocesses (`python -m rectify worker`), started before the jobs fall
due so that both are polling when they do; each job appends its number to a file, so a job
run twice would show twice. SQLite is shared through a file as in test_kill.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone

from . import tasks
from .test_kill import SRC, SharedDatabase

JOBS = 40


def start(shared: SharedDatabase, tmp_path: Path, name: str) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / f"{name}.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), str(SRC.parent)]),
        "DATABASE_URL": shared.url(),
        "RECTIFY_TESTING": "true",
        "RECTIFY_DATA_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "rectify", "worker", "--worker-id", name]
    command += ["--no-startup-delay", "--no-reload", "--interval", "0.05"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, log


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_immediate")
def test_two_worker_processes_claim_every_job_exactly_once(tmp_path):
    ran = tmp_path / "ran.txt"
    due = timezone.now() + dt.timedelta(seconds=6)  # both workers are up and polling by then
    pks = [tasks.tally.using(run_after=due).enqueue(str(ran), n).id for n in range(JOBS)]
    shared = SharedDatabase(tmp_path)
    shared.publish()
    workers = [start(shared, tmp_path, name) for name in ("web1-worker", "web2-worker")]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if ran.exists() and len(ran.read_text().split()) >= JOBS:
                break
            assert all(p.poll() is None for p, _ in workers), [
                log.read_text() for _, log in workers
            ]
            time.sleep(0.2)
        time.sleep(0.5)  # a job run twice would append again now
    finally:
        for process, _ in workers:
            process.send_signal(signal.SIGTERM)
        for process, _ in workers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    logs = "\n".join(log.read_text()[-1500:] for _, log in workers)
    assert Counter(ran.read_text().split()) == Counter(str(n) for n in range(JOBS)), logs
    jobs = [shared.job(int(pk)) for pk in pks]
    assert {(j["status"], j["attempts"]) for j in jobs} == {("succeeded", 1)}, logs
    by_worker = Counter(j["worker_id"] for j in jobs)
    assert set(by_worker) == {"web1-worker", "web2-worker"}, by_worker
