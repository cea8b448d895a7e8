"""`rectify supervise [--today DATE] [--inspection ID] [--dry-run] [--format json]`."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rectify.supervision.services import supervise_run


class Command(BaseCommand):
    help = "Run the daily supervision: reminders, escalations, supervision notices (督办单)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to run as (YYYY-MM-DD); default today")
        parser.add_argument("--inspection", type=int, help="only this inspection")
        parser.add_argument("--dry-run", action="store_true", help="say what would be done")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, today=None, inspection=None, dry_run=False, format="text", **kw):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today: not a date (YYYY-MM-DD): {today}") from exc
        actions = supervise_run(today=day, inspection_id=inspection, dry_run=dry_run)
        if format == "json":
            out = {"today": day.isoformat(), "dry_run": dry_run, "actions": actions}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
            return
        for action in actions:
            who = "、".join(action["recipients"]) or "—"
            self.stdout.write(
                f"{action['kind']}\t措施 {action['measure']}\t{who}\t{action['notice']}"
            )
        self.stdout.write(
            f"{day}: {len(actions)} 项督导动作" + ("（试运行，未写入）" if dry_run else "")
        )
