"""reports.ledger_layout.standard_rows: each row's columns from the whole export's reads (the
evidence counts in one query, the latest report through PostgreSQL's LATERAL probe, the sign-off
day from the database in the current time zone), the same on both databases."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Evidence, Measure
from rectify.reports.ledger_layout import HEADERS, standard_rows
from tests.factories import (
    IndicatorFactory,
    MeasureFactory,
    OrgUnitFactory,
    ProgressReportFactory,
    UserFactory,
)

COLUMN = {name: i - 4 for i, name in enumerate(HEADERS)}  # values start after 序号 and the path


def _evidence(report, n: int) -> None:
    for i in range(n):
        Evidence.objects.create(
            report=report,
            file=f"evidence/{report.pk}-{i}.pdf",
            original_name=f"{i}.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=report.author,
        )


def _rows(measures) -> dict[int, list]:
    qs = Measure.objects.filter(pk__in=[m.pk for m in measures])
    rows = list(standard_rows(qs, today=timezone.localdate()))
    by_text = {m.text: m.pk for m in measures}
    return {by_text[r.values[COLUMN["整改措施"]]]: r.values for r in rows}


def test_columns_of_a_worked_measure(db):
    lead = OrgUnitFactory(name="住建局")
    co = OrgUnitFactory(name="财政局")
    signed = MeasureFactory(lead_department=lead, status=MeasureStatus.SIGNED_OFF)
    # 16:30 UTC is the next day in Beijing: the sign-off day is the local one.
    signed.signed_off_at = dt.datetime(2026, 3, 1, 16, 30, tzinfo=dt.UTC)
    signed.save(update_fields=["signed_off_at"])
    signed.co_departments.add(co)
    old = ProgressReportFactory(measure=signed, report_date=dt.date(2026, 1, 5), text="旧进展")
    new = ProgressReportFactory(measure=signed, report_date=dt.date(2026, 2, 5), text="新进展")
    _evidence(old, 2)
    _evidence(new, 1)
    IndicatorFactory(measure=signed, target_value=Decimal("68"), current_value=Decimal("35"))
    bare = MeasureFactory()

    rows = _rows([signed, bare])

    mine = rows[signed.pk]
    assert mine[COLUMN["整改进展"]] == "2026-02-05：新进展"  # the latest report only
    assert mine[COLUMN["佐证材料数"]] == 3  # every report's evidence
    assert mine[COLUMN["销号情况"]] == "已销号\n2026-03-02"
    assert mine[COLUMN["牵头部门"]] == "住建局"
    assert mine[COLUMN["配合部门"]] == "财政局"
    assert mine[COLUMN["指标（目标/当前）"]] == "历史违建：目标68宗／当前35宗"
    other = rows[bare.pk]
    assert other[COLUMN["整改进展"]] == ""
    assert other[COLUMN["佐证材料数"]] == 0
    assert other[COLUMN["销号情况"]] == ""


def test_an_export_of_many_chunks_reads_each_measure_s_own(db, settings):
    """Counts and reports stay with their measures across chunks (CHUNK made small)."""
    from rectify.reports import ledger_layout

    author = UserFactory()
    measures = MeasureFactory.create_batch(7)
    for n, measure in enumerate(measures):
        report = ProgressReportFactory(measure=measure, author=author, text=f"进展{n}")
        _evidence(report, n)
    original = ledger_layout.CHUNK
    ledger_layout.CHUNK = 3
    try:
        rows = _rows(measures)
    finally:
        ledger_layout.CHUNK = original
    for n, measure in enumerate(measures):
        assert rows[measure.pk][COLUMN["佐证材料数"]] == n
        assert rows[measure.pk][COLUMN["整改进展"]].endswith(f"进展{n}")


def test_an_empty_scope_writes_no_rows(db):
    assert list(standard_rows(Measure.objects.none(), today=timezone.localdate())) == []
