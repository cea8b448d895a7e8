"""`rectify worker` for test_kill, with the Excel export made to stop half-way.

After two ledger rows the export writes the worker's pid to $HARNESS_MARKER and sleeps, so
the test can see the job running (and its heartbeats) and kill the process with SIGKILL.
Everything else is the real worker, job layer and export.
"""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectify.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from rectify.reports import ledger_file as exports  # noqa: E402

MARKER = Path(os.environ["HARNESS_MARKER"])
rows_of_the_ledger = exports.ledger_rows


def rows_then_hang(*args, **kwargs):
    for n, row in enumerate(rows_of_the_ledger(*args, **kwargs)):
        if n == 2:
            MARKER.write_text(str(os.getpid()))
            time.sleep(120)  # killed here
        yield row


exports.ledger_rows = rows_then_hang
call_command("worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", *sys.argv[1:])
