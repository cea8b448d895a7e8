"""Tasks the job tests run: module-level Django tasks, as every app declares its own."""

import time

from django_tasks import task

from rectify.core.errors import DomainError

CALLS: list = []


@task()
def add(a: int, b: int) -> int:
    CALLS.append(("add", a, b))
    return a + b


@task()
def boom() -> None:
    raise RuntimeError("the disk is full")


@task()
def refuse() -> None:
    raise DomainError("这份台账已被删除，无法导出。")


@task()
def nap(seconds: float) -> str:
    time.sleep(seconds)
    return "rested"


@task(priority=10)
def urgent() -> str:
    return "first"


not_a_task = "rectify"


@task()
def tally(path: str, n: int) -> int:
    """Append n to the file at `path`: a job run twice leaves its number twice."""
    time.sleep(0.05)
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{n}\n")
    return n
