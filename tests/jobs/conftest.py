import datetime as dt

import pytest
from django.utils import timezone

from . import tasks


@pytest.fixture(autouse=True)
def _calls():
    tasks.CALLS.clear()
    yield
    tasks.CALLS.clear()


@pytest.fixture
def later():
    """A moment `seconds` from now (to step over back-off and leases without sleeping)."""

    def at(seconds: float) -> dt.datetime:
        return timezone.now() + dt.timedelta(seconds=seconds)

    return at


@pytest.fixture
def no_immediate(settings):
    """Jobs wait for a worker, as in production, even where transactions commit at once."""
    settings.TASKS = {
        "default": {"BACKEND": "rectify.jobs.backend.JobBackend", "OPTIONS": {"immediate": False}}
    }
