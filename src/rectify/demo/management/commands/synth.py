"""`rectify synth`: a realistic city database for measuring (see rectify.demo.synth)."""

import datetime as dt
import json
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rectify.demo.synth import Scale, synth_city


def progress_bar(stream):
    """A one-line progress bar on `stream` (standard error), redrawn per inspection."""

    def draw(done: int, total: int, measures: int, reports: int, started: float) -> None:
        width = 30
        filled = width * done // total
        stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} inspections, "
            f"{measures:,} measures, {reports:,} progress reports, "
            f"{time.monotonic() - started:.0f} s" + (" — audit trail…\n" if done == total else ""),
            ending="",
        )
        stream.flush()

    return draw


class Command(BaseCommand):
    help = (
        "Write a synthetic city (org tree, users per role, inspections, finding trees, "
        "measures with their histories) into an empty database, for benchmarks."
    )

    def add_arguments(self, parser) -> None:
        default = Scale()
        parser.add_argument("--units", type=int, default=default.units)
        parser.add_argument("--inspections", type=int, default=default.inspections)
        parser.add_argument("--measures", type=int, default=default.measures)
        parser.add_argument("--reports", type=int, default=default.reports)
        parser.add_argument("--seed", type=int, default=1, help="same seed and day, same data")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="the day the city's dates lead up to (default: today)",
        )
        parser.add_argument("--password", default="Synth#2026x", help="every user's password")
        parser.add_argument(
            "--flush", action="store_true", help="empty the database first (all its data!)"
        )

    def handle(self, *args, **options) -> None:
        scale = Scale(
            options["units"], options["inspections"], options["measures"], options["reports"]
        )
        if options["flush"]:
            call_command("flush", interactive=False, verbosity=0)
        started = time.monotonic()
        try:
            counts = synth_city(
                scale=scale,
                seed=options["seed"],
                today=options["today"] or timezone.localdate(),
                password=options["password"],
                progress=progress_bar(self.stderr),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        counts["seconds"] = round(time.monotonic() - started, 1)
        self.stdout.write(json.dumps(counts, ensure_ascii=False))
