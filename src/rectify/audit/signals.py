"""Checkpoints of the chain's head at the end of a job (django-tasks' `task_finished`) and
after a restore (`core.signals.backup_restored`); requests and commands anchor it through
`audit.middleware` and the `rectify` console script."""

from django.dispatch import receiver
from django_tasks.signals import task_finished

from rectify.core.signals import backup_restored

from . import checkpoints


@receiver(task_finished, dispatch_uid="rectify.audit.checkpoint_after_job")
def checkpoint_after_job(sender, **kwargs) -> None:
    checkpoints.flush("job")


@receiver(backup_restored, dispatch_uid="rectify.audit.checkpoint_after_restore")
def checkpoint_after_restore(sender, **kwargs) -> None:
    checkpoints.checkpoint_write(event="restore")
