"""Periodic jobs and job labels, declared by the apps that own them.

An app declares its periodic jobs in its own `jobs.py` (found by `discover()`, as the admin
finds `admin.py`), so the jobs app never imports the apps that use it:

    # rectify/supervision/jobs.py
    from rectify.jobs.registry import daily, label, periodic
    from .tasks import daily_run_task

    label(daily_run_task, _("Daily supervision run"))
    periodic("supervision.daily_run", task=daily_run_task, when=daily("06:00"))

Times are local (settings.TIME_ZONE). A run missed while no worker was up happens once when
a worker starts again; missed runs are not caught up one by one.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

_SCHEDULES: dict[str, "Periodic"] = {}
_LABELS: dict[str, Any] = {}
_discovered = False


@dataclass(frozen=True)
class Daily:
    hour: int
    minute: int

    def __str__(self) -> str:
        return f"daily {self.hour:02d}:{self.minute:02d}"

    def describe(self) -> str:
        return _("every day at %(time)s") % {"time": f"{self.hour:02d}:{self.minute:02d}"}

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        local = timezone.localtime(moment)
        at = dt.time(self.hour, self.minute)
        day = local.date() if local.time() < at else local.date() + dt.timedelta(days=1)
        return dt.datetime.combine(day, at, tzinfo=local.tzinfo)


@dataclass(frozen=True)
class Every:
    interval: dt.timedelta

    def __str__(self) -> str:
        return f"every {int(self.interval.total_seconds())}s"

    def describe(self) -> str:
        seconds = int(self.interval.total_seconds())
        if seconds % 60:
            return _("every %(seconds)s seconds") % {"seconds": seconds}
        return _("every %(minutes)s minutes") % {"minutes": seconds // 60}

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        return moment + self.interval


def daily(at: str) -> Daily:
    """Every day at local time `at` ("06:00")."""
    hour, minute = (int(part) for part in at.split(":"))
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"not a time of day: {at!r}")
    return Daily(hour, minute)


def every(**delta: float) -> Every:
    """Every `timedelta(**delta)`, counted from the previous run."""
    interval = dt.timedelta(**delta)
    if interval < dt.timedelta(seconds=1):
        raise ValueError("a schedule runs at most once a second")
    return Every(interval)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Any  # a django_tasks Task
    when: Daily | Every
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    @property
    def task_path(self) -> str:
        return self.task.module_path


def periodic(name: str, *, task, when: Daily | Every, args=(), kwargs=None) -> Periodic:
    """Declare (or redeclare) the periodic job `name`."""
    entry = Periodic(name=name, task=task, when=when, args=tuple(args), kwargs=kwargs or {})
    _SCHEDULES[name] = entry
    return entry


def unregister(name: str) -> None:
    _SCHEDULES.pop(name, None)


def label(task, text) -> None:
    """A readable name for a task on the administrators' job page."""
    _LABELS[task.module_path] = text


def discover() -> None:
    """Import every installed app's `jobs` module once, so their declarations are made."""
    global _discovered
    if not _discovered:
        autodiscover_modules("jobs")
        _discovered = True


def schedules() -> dict[str, Periodic]:
    discover()
    return dict(_SCHEDULES)


def label_for(task_path: str) -> str:
    discover()
    text = _LABELS.get(task_path)
    return str(text) if text else task_path.rpartition(".")[2]
