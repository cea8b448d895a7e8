"""The loop of `rectify worker`: reap expired leases, queue due schedules, run jobs.

Several workers may run against one database (PostgreSQL, or SQLite on one machine): every
claim is a conditional UPDATE, so each job and each scheduled run is taken by one of them.
"""

import logging
import random
import signal
import sys
import time

from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils import timezone

from .beats import worker_beat
from .queue import job_claim_next, jobs_reap_expired, schedules_run_due
from .runner import execute

logger = logging.getLogger(__name__)

HOUSEKEEPING_SECONDS = 5


class Worker:
    def __init__(
        self,
        *,
        worker_id: str,
        queue_names: list[str],
        excluded_queue_names: list[str],
        interval: float,
        batch: bool = False,
        max_tasks: int | None = None,
        startup_delay: bool = False,
    ):
        self.worker_id = worker_id
        self.queue_names = queue_names
        self.excluded = excluded_queue_names
        self.interval = interval
        self.batch = batch
        self.max_tasks = max_tasks
        self.startup_delay = startup_delay
        self.running = True
        self.running_job = False
        self.done = 0
        self._housekeeping_at = 0.0
        self.started_at = timezone.now()

    def shutdown(self, signum: int, frame) -> None:
        if not self.running:
            logger.warning("%s again: stopping now; the job's lease will expire", signum)
            sys.exit(1)
        logger.warning("%s: stopping after the current job", signal.strsignal(signum))
        self.running = False
        if not self.running_job:
            sys.exit(0)

    def configure_signals(self) -> None:
        for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), self.shutdown)

    def housekeeping(self, *, force: bool = False) -> None:
        """At most every few seconds: the heartbeat, the lease reaper, then the scheduler."""
        if not force and time.monotonic() < self._housekeeping_at:
            return
        self._housekeeping_at = time.monotonic() + HOUSEKEEPING_SECONDS
        worker_beat(worker_id=self.worker_id, started_at=self.started_at, jobs_done=self.done)
        now = timezone.now()
        for job_id, status in jobs_reap_expired(now=now):
            logger.warning("job %s: its worker stopped; now %s", job_id, status)
        for job in schedules_run_due(now=now):
            logger.info("schedule %s: queued job %s", job.schedule, job.pk)

    def step(self) -> bool:
        """One turn of the loop; True when a job was run."""
        close_old_connections()
        try:
            self.housekeeping(force=self.batch and self.done == 0)
            job = job_claim_next(
                worker_id=self.worker_id, queues=self.queue_names, exclude=self.excluded
            )
        except OperationalError as exc:
            if "is locked" not in str(exc):
                raise
            logger.warning("database busy: %s", exc)  # SQLite, longer than its timeout
            return False
        if job is None:
            return False
        self.running_job = True
        try:
            logger.info("job %s (%s) attempt %s", job.pk, job.task_path, job.attempts)
            execute(job)
        finally:
            self.running_job = False
            self.done += 1
            close_old_connections()
        return True

    def run(self) -> None:
        logger.info("worker %s: queues %s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads workers started together
        while self.running:
            ran = self.step()
            if self.max_tasks is not None and self.done >= self.max_tasks:
                logger.info("worker %s: ran %s jobs, exiting", self.worker_id, self.done)
                return
            if self.batch and not ran:
                logger.info("worker %s: nothing left to run, exiting", self.worker_id)
                return
            if self.running and not ran:
                time.sleep(self.interval)
