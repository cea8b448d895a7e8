"""Background tasks of supervision (run by `rectify worker`): ids in, one call each.
(The daily run's task is declared with its schedule in `supervision/jobs.py`.)"""

from django_tasks import task

from .delivery import delivery_send


@task()
def delivery_send_task(delivery_id: int) -> str:
    return delivery_send(delivery_id=delivery_id)


@task()
def deliveries_send_task(delivery_ids: list[int]) -> int:
    """A batch of the daily run's deliveries; a failure fails the batch, retried with back-off
    (deliveries already sent are skipped)."""
    for delivery_id in delivery_ids:
        delivery_send(delivery_id=delivery_id)
    return len(delivery_ids)
