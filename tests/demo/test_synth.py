"""`rectify synth`: a city's data written in bulk, as the services would have left it."""

import datetime as dt
import hashlib
import json
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction

from rectify.audit.codes import AuditCode
from rectify.audit.models import AuditEntry
from rectify.audit.selectors import audit_chain_report
from rectify.demo.synth import Scale, synth_city
from rectify.measures.enums import Decision
from rectify.measures.models import Evidence, Measure, MeasureEvent, ProgressReport, SignOff
from rectify.measures.workflow import TRANSITIONS
from rectify.orgs.models import OrgUnit, User

SMALL = Scale(units=12, inspections=3, measures=300, reports=2000)
TODAY = dt.date(2026, 6, 30)


def digest() -> str:
    """The ledger's content, without ids (PostgreSQL's sequences do not roll back)."""
    rows = Measure.objects.order_by("inspection_id", "sort_key").values_list(
        "sort_key",
        "text",
        "kind",
        "status",
        "deadline",
        "lead_department__name",
        "responsible_person__username",
        "responsible_leader__username",
        "finding__title",
    )
    reports = ProgressReport.objects.order_by(
        "measure__inspection_id", "measure__sort_key", "created_at", "text"
    ).values_list("report_date", "text")
    return hashlib.sha256(repr((list(rows), list(reports))).encode()).hexdigest()


def synth(seed: int) -> dict:
    return synth_city(scale=SMALL, seed=seed, today=TODAY, password="Synth#2026x")


@pytest.mark.django_db
def test_a_small_city_has_what_was_asked_and_a_history_the_workflow_allows(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        counts = synth(1)
    assert (counts["measures"], counts["measures_progressreport"]) == (300, 2000)
    assert Measure.objects.count() == 300 and ProgressReport.objects.count() == 2000
    assert OrgUnit.objects.count() == 12 == counts["units"]
    assert User.objects.get(username="city_office").check_password("Synth#2026x")
    statuses = set(Measure.objects.values_list("status", flat=True))
    assert {"signed_off", "in_progress", "long_term"} <= statuses

    # Every transition is one the workflow's table allows, and ends at the measure's status.
    last = {}
    for event in MeasureEvent.objects.order_by("measure_id", "at", "pk"):
        transition = TRANSITIONS[event.transition]
        assert event.from_status in transition.sources and event.to_status == transition.target
        assert last.get(event.measure_id, "not_started") == event.from_status
        last[event.measure_id] = event.to_status
    for pk, status in Measure.objects.values_list("pk", "status"):
        assert last.get(pk, "not_started") == status
    # 销号: every signed-off measure has an approved request with evidence before it.
    signed = Measure.objects.filter(status="signed_off")
    assert signed.count() == SignOff.objects.filter(decision=Decision.APPROVED).count()
    assert not signed.exclude(reports__evidence__isnull=False).exists()
    assert not Measure.objects.filter(status="not_started", reports__isnull=False).exists()

    # The audit trail verifies, one keyed entry per transition, and a checkpoint anchors its head.
    # (after it, the worker's entries: the rounds' copy and photo checks the synth queued)
    kept = AuditEntry.objects.filter(code=AuditCode.INSIGHTS_ROUND_CHECKS_KEPT).count()
    synth_entries = AuditEntry.objects.count() - kept
    assert synth_entries == MeasureEvent.objects.count() == counts["audit_entries"]
    assert not AuditEntry.objects.filter(macs={}).exists()
    report = audit_chain_report()
    assert (report.checked, report.problems) == (counts["audit_entries"] + kept, [])
    # the synth's checkpoint anchors the head of what the synth wrote
    head = AuditEntry.objects.order_by("-seq")[kept]
    assert report.anchor is not None
    assert (report.anchor.seq, report.anchor.hash) == (head.seq, head.hash)
    # Evidence rows point at real files whose checksum is the row's.
    evidence = Evidence.objects.first()
    with default_storage.open(evidence.file.name) as file:
        assert hashlib.sha256(file.read()).hexdigest() == evidence.sha256


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_city_and_another_seed_another():
    digests = []
    for seed in (1, 1, 2):
        with transaction.atomic():
            synth(seed)
            digests.append(digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1] != digests[2]


@pytest.mark.django_db
def test_the_command_refuses_a_database_with_a_ledger_and_writes_nothing():
    out, err = StringIO(), StringIO()
    call_command(
        "synth",
        "--units",
        "8",
        "--inspections",
        "1",
        "--measures",
        "40",
        "--reports",
        "100",
        stdout=out,
        stderr=err,
    )
    assert json.loads(out.getvalue())["measures"] == 40
    assert "1/1 inspections" in err.getvalue()  # the progress bar, on standard error
    users = User.objects.count()
    with pytest.raises(CommandError, match="already has inspections"):
        call_command("synth", "--units", "8", "--inspections", "1", "--measures", "40", stderr=err)
    assert (Measure.objects.count(), User.objects.count()) == (40, users)
