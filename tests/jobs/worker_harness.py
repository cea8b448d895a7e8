"""`rectify worker` for test_kill, with the Excel export made to stop half-way: the same
harness as the reliability suite's (tests/reliability/worker_harness.py), with
HARNESS_HANG=export — after two ledger rows the export writes the worker's pid to
$HARNESS_MARKER and sleeps, so the test can see the job running and kill it with SIGKILL."""

import os
import runpy
from pathlib import Path

os.environ.setdefault("HARNESS_HANG", "export")
runpy.run_path(
    str(Path(__file__).parents[1] / "reliability" / "worker_harness.py"), run_name="__main__"
)
