"""`rectify worker` that stops half-way through one kind of job, for test_killed_worker.

HARNESS_HANG=export: after two ledger rows (either layout); =supervision: inside the daily
supervision run's
transaction, after its acts were written. The worker writes its pid to $HARNESS_MARKER and
sleeps there, so the test can kill it with SIGKILL. Without HARNESS_HANG it is the plain
worker. Everything else is the real worker, job layer, export and supervision run.
"""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectify.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from rectify.reports import ledger_file, ledger_layout  # noqa: E402
from rectify.supervision import services as supervision  # noqa: E402

HANG = os.environ.get("HARNESS_HANG", "")
MARKER = Path(os.environ.get("HARNESS_MARKER", "/nonexistent"))


def hang() -> None:
    MARKER.write_text(str(os.getpid()))
    time.sleep(120)  # killed here


if HANG == "export":
    rows_of_the_ledger = ledger_layout.standard_rows  # the default layout
    full_rows = ledger_file.ledger_rows

    def then_hang(rows):
        def rows_then_hang(*args, **kwargs):
            for n, row in enumerate(rows(*args, **kwargs)):
                if n == 2:
                    hang()
                yield row

        return rows_then_hang

    ledger_layout.standard_rows = then_hang(rows_of_the_ledger)
    ledger_file.ledger_rows = then_hang(full_rows)
elif HANG == "supervision":
    apply_acts = supervision._apply

    def acts_then_hang(*args, **kwargs):
        acts = apply_acts(*args, **kwargs)
        hang()
        return acts

    supervision._apply = acts_then_hang

call_command("worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", *sys.argv[1:])
