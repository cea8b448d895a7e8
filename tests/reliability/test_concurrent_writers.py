"""8 concurrent writers on PostgreSQL: plan-grid saves, progress reports and sign-off decisions
on the same measures at once, each thread with its own connection, released together.

No lost update: every write is either applied or refused with a conflict message; the final
state is the one applied write's; there is one audit entry per applied write, and the audit
chain verifies intact afterwards. (The in-memory SQLite test database cannot be shared between
threads, so this runs on PostgreSQL only; the optimistic locks themselves are tested on both
databases in tests/reports/test_plan_grid.py and tests/measures.)"""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import translation

from rectify.audit.codes import AuditCode
from rectify.audit.models import AuditEntry
from rectify.audit.selectors import audit_chain_verify
from rectify.core.errors import ConflictError
from rectify.measures import services
from rectify.measures.enums import Decision, MeasureStatus
from rectify.measures.grid import GridInvalid, cells_of
from rectify.measures.models import Measure, ProgressReport
from rectify.measures.services.grid import GridRow, plan_rows_save
from tests.factories import MeasureFactory, pdf_upload

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 8
STALE = "Someone else changed this row; reload to see their changes."


@pytest.fixture(autouse=True)
def _postgresql_in_english():
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections (PostgreSQL); SQLite here is in-memory")
    with translation.override("en"):
        yield


def _race(workers: dict) -> dict:
    """Run each ``workers[name]()`` in its own thread, all released by one barrier; return
    name -> "applied" or the exception it raised."""
    barrier = threading.Barrier(len(workers), timeout=20)
    outcomes: dict[str, object] = {}

    def run(name, work):
        try:
            with translation.override("en"):
                barrier.wait()
                work()
            outcomes[name] = "applied"
        except Exception as exc:  # judged by the test
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in workers.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung (deadlock?)"
    return outcomes


def _grid_save(inspection, actor, rows):
    return lambda: plan_rows_save(inspection=inspection, actor=actor, rows=rows)


def _report(measure_pk, actor, text):
    def work():
        measure = Measure.objects.get(pk=measure_pk)
        services.progress_report_submit(measure=measure, actor=actor, text=text)

    return work


def _approve(measure_pk, actor, opinion):
    def work():
        measure = Measure.objects.get(pk=measure_pk)
        services.signoff_approve(measure=measure, actor=actor, opinion=opinion)

    return work


def test_eight_writers_on_the_same_measures_lose_no_update(cast, units, inspection, measure):
    first, second = (
        measure,
        MeasureFactory(finding=measure.finding, lead_department=units.enforcement, position=2),
    )
    for m in (first, second):  # started: a further report changes no measure row
        services.progress_report_submit(measure=m, actor=cast.reporter, text="已启动整改。")
    services.progress_report_submit(
        measure=second,
        actor=cast.reporter,
        text="已完成整改。",
        files=[pdf_upload("整改完成情况说明.pdf")],
    )
    services.signoff_request(measure=second, actor=cast.reporter)
    first.refresh_from_db()
    second.refresh_from_db()
    last_seq = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    reports_before = ProgressReport.objects.count()

    # Every grid writer read both rows at the same versions, before anyone wrote.
    grid_targets = {f"grid{i}": f"目标{i}" for i in range(3)}
    workers = {
        name: _grid_save(
            inspection,
            cast.office,
            [
                GridRow(first.pk, first.version, {**cells_of(first), "target": target}),
            ],
        )
        for name, target in grid_targets.items()
    }
    workers.update(
        {f"report{i}": _report(first.pk, cast.reporter, f"第{i}次进展。") for i in range(3)}
    )
    workers["approve_leader"] = _approve(second.pk, cast.leader, "leader")
    workers["approve_reviewer"] = _approve(second.pk, cast.reviewer, "reviewer")
    assert len(workers) == WRITERS

    outcomes = _race(workers)

    applied = {name for name, outcome in outcomes.items() if outcome == "applied"}
    refused = {name: outcome for name, outcome in outcomes.items() if name not in applied}
    for name, exc in refused.items():  # refused only as a conflict, with a message that says so
        if name.startswith("grid"):
            assert isinstance(exc, GridInvalid), (name, exc)
            assert exc.errors == {first.pk: {"_row": STALE}}, (name, exc.errors)
        else:
            assert name.startswith("approve") and isinstance(exc, ConflictError), (name, exc)
            assert str(exc), name
    grid_applied = sorted(name for name in applied if name.startswith("grid"))
    approvals = sorted(name for name in applied if name.startswith("approve"))
    assert len(grid_applied) == 1, outcomes
    assert len(approvals) == 1, outcomes
    assert {f"report{i}" for i in range(3)} <= applied, outcomes  # appends never conflict

    # The final state is the applied writes'.
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.target == grid_targets[grid_applied[0]]
    texts = set(ProgressReport.objects.filter(measure=first).values_list("text", flat=True))
    assert {f"第{i}次进展。" for i in range(3)} <= texts
    assert ProgressReport.objects.count() == reports_before + 3
    assert second.status == MeasureStatus.SIGNED_OFF
    signoff = second.signoffs.get()
    winner = approvals[0].removeprefix("approve_")
    assert (signoff.decision, signoff.opinion) == (Decision.APPROVED, winner)

    # One audit entry per applied write of each kind, nothing from the refused ones.
    codes = list(
        AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq").values_list("code", flat=True)
    )
    assert codes.count(AuditCode.PLAN_GRID_SAVED) == 1
    assert codes.count(AuditCode.MEASURE_UPDATED) == 1
    assert codes.count(AuditCode.PROGRESS_REPORT_SUBMITTED) == 3
    assert codes.count(AuditCode.SIGNOFF_APPROVED) == 1
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == sorted(set(seqs)) and len(seqs) == seqs[-1] - seqs[0] + 1  # no gap, no fork

    checked, problems = audit_chain_verify()
    assert checked == len(seqs) and not problems, [p.message for p in problems]
    out = io.StringIO()
    call_command("audit", "verify", stdout=out, stderr=io.StringIO())
    assert "intact" in out.getvalue()
