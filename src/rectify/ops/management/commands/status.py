"""`rectify status`: versions, migrations, queue, workers, supervision, backup, disk space."""

import datetime as dt
import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from rectify.ops.status import status


def _when(value) -> str:
    if not value:
        return "—"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}"


def _size(n: int) -> str:
    return f"{n / 1024**3:.1f} GiB"


class Command(BaseCommand):
    help = "Print what an operator checks first: versions, migrations, queue, last runs, disk."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, format="text", **options):
        data = status()
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str))
            return
        for line in self.lines(data):
            self.stdout.write(line)

    def lines(self, data: dict):
        v = data["versions"]
        yield (
            f"版本 / versions: Rectify {v['rectify']} · Python {v['python']} · "
            f"Django {v['django']} · {v['database']} · {v['platform']}"
        )
        m = data["migrations"]
        pending = ", ".join(m["pending"]) or "none"
        yield f"迁移 / migrations: {m['applied']} applied, pending: {pending}"
        q = data["queue"]
        counts = " · ".join(f"{k} {n}" for k, n in q["by_status"].items())
        yield f"任务队列 / queue: {counts}; due now {q['due']} (oldest {_when(q['oldest_due'])})"
        alive = [w for w in data["workers"] if w["alive"]]
        yield f"后台任务进程 / workers: {len(alive)} alive, {len(data['workers'])} seen today"
        for w in data["workers"]:
            state = "alive" if w["alive"] else "silent"
            seen = _when(w["seen_at"])
            yield f"  {w['worker']}: {state}, last seen {seen}, {w['jobs_done']} jobs"
        run = data["supervision_run"]
        scheduled = run["scheduled"] or {}
        acting = run["last_acting_run"] or {}
        yield (
            f"督导 / supervision run: last {_when(scheduled.get('last_run_at'))}, next "
            f"{_when(scheduled.get('next_run_at'))}; last with actions "
            f"{_when(acting.get('at'))} ({acting.get('actions', 0)} actions)"
        )
        backup = data["last_backup"]
        if backup:
            yield f"备份 / last backup: {_when(backup['at'])} {backup.get('path', '')}"
        else:
            yield "备份 / last backup: none recorded — run `rectify backup -o FILE`"
        upgrade = data["last_upgrade"]
        if upgrade:
            yield f"升级 / last upgrade: {_when(upgrade['at'])} to {upgrade.get('to_version')}"
        for d in data["disk"]:
            yield (
                f"磁盘 / disk {d['place']}: {_size(d['free_bytes'])} free of "
                f"{_size(d['total_bytes'])} ({d['free_percent']}%) at {d['path']}"
            )
