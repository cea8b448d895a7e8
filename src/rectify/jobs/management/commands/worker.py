"""`rectify worker`: run background jobs, periodic schedules and the lease reaper.

The options are those of django-tasks-db's `db_worker`, which this command replaced. From
cron instead of a service: `* * * * * rectify worker --batch` runs what is due and exits.
"""

import logging
import math
import os
import socket
from argparse import ArgumentTypeError, BooleanOptionalAction

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, task_backends

from rectify.jobs.worker import Worker


def _backend(value: str) -> str:
    try:
        backend = task_backends[value]
    except Exception as exc:
        raise ArgumentTypeError(str(exc)) from exc
    if not getattr(backend, "is_job_backend", False):
        raise ArgumentTypeError(f"Backend {value!r} is not rectify.jobs.backend.JobBackend")
    return value


def _interval(value: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ArgumentTypeError("must be a finite number of seconds, zero or more")
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ArgumentTypeError("must be greater than zero")
    return number


def _worker_id(value: str) -> str:
    if not value or len(value) > 64:
        raise ArgumentTypeError("a worker id has 1 to 64 characters")
    return value


def default_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(6)}"


class Command(BaseCommand):
    help = "Run background jobs, periodic schedules and the lease reaper."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="Queues to process, comma-separated; '*' for all (default: %(default)s)",
        )
        parser.add_argument("--exclude-queues", default="", help="Queues to skip (with '*')")
        parser.add_argument(
            "--interval",
            type=_interval,
            default=1.0,
            help="Seconds to wait when there is nothing to run (default: %(default)s)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run what is due, then exit (for cron)."
        )
        parser.add_argument(
            "--reload",
            action=BooleanOptionalAction,
            default=settings.DEBUG,
            help="Restart on code changes (default: DEBUG)",
        )
        parser.add_argument(
            "--backend", type=_backend, default=DEFAULT_TASK_BACKEND_ALIAS, dest="backend_name"
        )
        parser.add_argument(
            "--no-startup-delay", action="store_false", dest="startup_delay", default=True
        )
        parser.add_argument("--max-tasks", type=_positive, default=None)
        parser.add_argument(
            "--worker-id",
            type=_worker_id,
            default=None,
            help="Unique per worker (default: host:pid:random)",
        )

    def handle(self, *, verbosity: int, **options) -> None:
        logger = logging.getLogger("rectify.jobs")
        logger.setLevel(logging.WARNING if verbosity == 0 else logging.INFO)
        queues = options["queue_name"].split(",")
        excluded = [q for q in options["exclude_queues"].split(",") if q]
        if excluded and "*" not in queues:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            worker_id=options["worker_id"] or default_worker_id(),
            queue_names=queues,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            startup_delay=options["startup_delay"],
        )
        if options["reload"] and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
