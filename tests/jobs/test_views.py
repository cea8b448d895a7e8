"""The system administrator's job page: every job with its status, attempts and error, a
status filter, pages of 50, and the periodic schedules. (Who may open it: the permission
matrix.)"""

import pytest
from django.urls import reverse

from rectify.jobs import registry
from rectify.jobs.models import Job
from rectify.jobs.queue import job_claim_next
from rectify.jobs.runner import execute
from rectify.jobs.services import job_enqueue

from . import tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_immediate")]
URL = reverse("jobs:list")


@pytest.fixture
def failed(cast):
    job = job_enqueue(task=tasks.boom, owner=cast.office, max_attempts=1)
    execute(job_claim_next(worker_id="host:42:abc"))
    return job


def test_the_page_lists_jobs_with_attempts_and_errors(client, cast, failed):
    waiting = job_enqueue(task=tasks.add, args=[1, 1])
    client.force_login(cast.sysadmin)
    page = client.get(URL).content.decode()
    assert "后台任务" in page
    assert f'data-job="{failed.pk}"' in page and f'data-job="{waiting.pk}"' in page
    assert "任务运行出错（第 1 次尝试，共 1 次）。" in page
    assert "RuntimeError: the disk is full" in page and "host:42:abc" in page
    assert "1 / 1" in page and cast.office.display_name in page


def test_the_status_filter(client, cast, failed):
    waiting = job_enqueue(task=tasks.add, args=[1, 1])
    client.force_login(cast.sysadmin)
    page = client.get(URL, {"status": "failed"}).content.decode()
    assert f'data-job="{failed.pk}"' in page and f'data-job="{waiting.pk}"' not in page
    page = client.get(URL, {"status": "queued"}).content.decode()
    assert f'data-job="{failed.pk}"' not in page and f'data-job="{waiting.pk}"' in page
    odd = client.get(URL, {"status": "nonsense", "page": "x"})
    assert odd.status_code == 200 and f'data-job="{failed.pk}"'.encode() in odd.content


def test_pages_of_fifty_in_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    Job.objects.bulk_create(
        Job(task_path="tests.jobs.tasks.add", args=[n, n], run_after="2026-01-01T00:00Z")
        for n in range(51)
    )
    client.force_login(cast.sysadmin)
    with django_assert_max_num_queries(10):
        first = client.get(URL).content.decode()
    assert first.count("data-job=") == 50 and "51" in first
    assert client.get(URL, {"page": 2}).content.decode().count("data-job=") == 1


def test_declared_schedules_are_shown(client, cast):
    registry.periodic("tests.nightly", task=tasks.add, when=registry.daily("02:30"), args=(1, 1))
    try:
        client.force_login(cast.sysadmin)
        page = client.get(URL).content.decode()
    finally:
        registry.unregister("tests.nightly")
    assert "tests.nightly" in page and "每天 02:30" in page


def test_business_users_and_other_administrators_are_refused(client, cast):
    for who in (cast.office, cast.secadmin, cast.auditadmin):
        client.force_login(who)
        assert client.get(URL).status_code == 403
