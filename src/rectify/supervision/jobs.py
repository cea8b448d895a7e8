"""The daily supervision run, as a periodic job of the job layer (06:00 every day).

For cron instead of a resident worker: `0 6 * * * rectify supervise` (see README)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from rectify.jobs.registry import daily, label, periodic

from .services import supervise_run
from .tasks import delivery_send_task


@task()
def supervise_daily_task(today: str | None = None) -> int:
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return len(supervise_run(today=day))


periodic("supervision.daily_run", task=supervise_daily_task, when=daily("06:00"))
label(supervise_daily_task, _("Daily supervision run"))
label(delivery_send_task, _("Notification delivery"))
