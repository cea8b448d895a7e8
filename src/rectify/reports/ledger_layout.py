"""The standard 整改台账 as offices print and exchange it: one row per measure under its merged
方面 / 问题 / 子问题 cells, with owners, deadline, the latest progress, indicators, status in
its warning colour, sign-off, evidence and remarks. Plain values read in chunks; the sheet is
written in constant memory (`sheet.GroupedSheet`). The full export (`excel.py`) stays as the
"all fields" choice."""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from rectify.core.expressions import bigint_array
from rectify.measures.enums import Light, LightReason, MeasureKind, MeasureStatus
from rectify.measures.lights import light_of, with_lights
from rectify.measures.models import Evidence, Indicator, Measure, ProgressReport
from rectify.measures.selectors import with_extension_counts

from .excel import CHUNK, KIND_LABELS, STATUS_LABELS, _batches, _path, _person, co_units
from .sheet import Column, GroupedSheet, SheetRow

COLUMNS = [
    Column("序号", 4.5, "center"),
    Column("方面", 7),
    Column("问题", 12),
    Column("子问题", 12),
    Column("整改措施", 27),
    Column("整改类型", 5.5, "center"),
    Column("责任领导", 6.5, "center"),
    Column("牵头部门", 8, "center"),
    Column("配合部门", 8, "center"),
    Column("责任人", 6.5, "center"),
    Column("完成时限", 9.5, "date"),
    Column("整改进展", 21),
    Column("指标（目标/当前）", 10),
    Column("状态", 6, "center"),
    Column("销号情况", 8.5, "center"),
    Column("佐证材料数", 5, "center"),
    Column("备注", 10),
]
HEADERS = [c.name for c in COLUMNS]
LIGHT_WORDS = {Light.RED: "红灯", Light.YELLOW: "黄灯"}
REASON_WORDS = {
    LightReason.OVERDUE: "已逾期",
    LightReason.RETURNED_TWICE: "销号两次以上被退回",
    LightReason.NOTICE_UNANSWERED: "督办单逾期未回复",
    LightReason.DEADLINE_NEAR: "临近完成时限",
    LightReason.STALE: "长时间未报送进展",
}
NO_DATE_WORDS = {MeasureKind.LONG_TERM: "长期坚持", MeasureKind.IMMEDIATE: "立行立改"}
FIELDS = [
    "pk",
    "inspection_id",
    "inspection__title",
    "text",
    "kind",
    "deadline",
    "status",
    "signed_off_day",
    "extension_count",
    "light_reason",
    "lead_department__name",
    "responsible_leader__display_name",
    "responsible_leader__username",
    "responsible_person__display_name",
    "responsible_person__username",
    "finding__label",
    "finding__title",
    "finding__parent__label",
    "finding__parent__title",
    "finding__parent__parent__label",
    "finding__parent__parent__title",
]


def _number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.normalize():f}"


class _Counts:
    """Integer counts by measure, in two arrays sorted by measure: 16 bytes a measure, where a
    dict of 90 000 raised the export's peak memory by about 10 MB."""

    def __init__(self, pairs: Iterable[tuple[int, int]]):
        self.keys, self.counts = array("q"), array("q")
        for key, count in pairs:  # ordered by key
            self.keys.append(key)
            self.counts.append(count)

    def get(self, key: int, default: int = 0) -> int:
        at = bisect_left(self.keys, key)
        if at < len(self.keys) and self.keys[at] == key:
            return self.counts[at]
        return default


def _evidence_counts(qs: QuerySet[Measure]) -> _Counts:
    """Evidence files per measure of the whole export, in one grouped query: per chunk of
    2 000 measures, PostgreSQL probed the evidence index once for each of their ~17 000 reports
    or scanned the whole table (3.2 s of a 120 000-measure export; once: 0.4 s). Read through a
    plain cursor: a server-side one makes PostgreSQL plan for the first rows (0.9 s)."""
    counts = (
        Evidence.objects.filter(report__measure__in=qs.order_by().values("pk"))
        .values("report__measure_id")
        .annotate(n=Count("pk"))
        .order_by("report__measure_id")
        .values_list("report__measure_id", "n")
    )
    try:
        sql, params = counts.query.sql_with_params()
    except EmptyResultSet:  # a scope that can hold nothing (none())
        return _Counts(())
    with connections[counts.db].cursor() as cursor:
        cursor.execute(sql, params)
        return _Counts(row for chunk in iter(lambda: cursor.fetchmany(CHUNK), []) for row in chunk)


# Each measure's latest report on PostgreSQL: one probe of the index progress_latest per key,
# five times faster than the ORM's `pk IN (SELECT (SELECT … LIMIT 1) …)` (0.86 s of 120 000).
LATEST_SQL = """
SELECT m.id, r.report_date, r.text
FROM unnest(%s::bigint[]) AS m(id)
CROSS JOIN LATERAL (
    SELECT p.report_date, p.text FROM {table} p WHERE p.measure_id = m.id
    ORDER BY p.report_date DESC, p.id DESC LIMIT 1
) r
"""


def _latest_reports(ids: array) -> dict[int, tuple[dt.date, str]]:
    """Each measure's latest report (date, text), not every report's text."""
    db = ProgressReport.objects.db
    if connections[db].vendor == "postgresql":
        sql = LATEST_SQL.format(table=ProgressReport._meta.db_table)  # nosec B608: a model's table
        with connections[db].cursor() as cursor:
            cursor.execute(sql, [bigint_array(ids)])
            return {measure_id: (day, text) for measure_id, day, text in cursor.fetchall()}
    last = ProgressReport.objects.filter(measure_id=OuterRef("pk")).order_by("-report_date", "-pk")
    chosen = Measure.objects.filter(pk__any=ids).annotate(last=Subquery(last.values("pk")[:1]))
    reports = ProgressReport.objects.filter(pk__in=chosen.values("last")).order_by()
    return {
        measure_id: (day, text)
        for measure_id, day, text in reports.values_list("measure_id", "report_date", "text")
    }


def _batch_extras(ids: array) -> dict[str, dict]:
    """Co-departments, the latest progress and indicators of a chunk."""
    co = co_units(ids)
    latest = _latest_reports(ids)
    indicators: dict[int, list[str]] = defaultdict(list)
    rows = Indicator.objects.filter(measure__any=ids).order_by("measure_id", "position", "pk")
    for measure_id, name, unit, target, current in rows.values_list(
        "measure_id", "name", "unit", "target_value", "current_value"
    ):
        indicators[measure_id].append(
            f"{name}：目标{_number(target)}{unit}／当前{_number(current)}{unit}"
        )
    return {"co": co, "latest": latest, "indicators": indicators}


def _signoff(row: dict) -> str:
    if row["signed_off_day"]:
        return f"已销号\n{row['signed_off_day'].isoformat()}"
    return {
        MeasureStatus.SIGNOFF_REQUESTED: "已申请销号",
        MeasureStatus.RETURNED: "销号被退回",
    }.get(row["status"], "")


def _remarks(row: dict) -> str:
    notes = []
    light = light_of(row["light_reason"])
    if light in LIGHT_WORDS:
        notes.append(f"{LIGHT_WORDS[light]}：{REASON_WORDS.get(row['light_reason'], '')}")
    if row["extension_count"]:
        notes.append(f"时限调整{row['extension_count']}次")
    return "；".join(notes)


def _values(row: dict, extras: dict) -> list:
    pk, deadline = row["pk"], row["deadline"]
    progress = extras["latest"].get(pk)
    return [
        row["text"],
        KIND_LABELS.get(row["kind"], row["kind"]),
        _person(row, "responsible_leader"),
        row["lead_department__name"] or "",
        "、".join(extras["co"].get(pk, [])),
        _person(row, "responsible_person"),
        deadline if deadline else NO_DATE_WORDS.get(row["kind"], ""),
        f"{progress[0].isoformat()}：{progress[1]}" if progress else "",
        "\n".join(extras["indicators"].get(pk, [])),
        STATUS_LABELS.get(row["status"], row["status"]),
        _signoff(row),
        extras["evidence"].get(pk, 0),
        _remarks(row),
    ]


def _chunks(qs: QuerySet[Measure], today: dt.date) -> Iterator[tuple[list[dict], dict]]:
    """The rows in chunks, each with its extras and the export's evidence counts."""
    evidence = _evidence_counts(qs)
    rows = (
        with_lights(
            with_extension_counts(qs.select_related(None).prefetch_related(None)), today=today
        )
        # The day in the current time zone, from the database: parsing 90 000 timestamps and
        # converting each (localtime) was 1.5 s of a 120 000-measure export.
        .annotate(signed_off_day=TruncDate("signed_off_at", tzinfo=timezone.get_current_timezone()))
        .order_by("-inspection_id", "sort_key", "pk")
        .values(*FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    for batch in _batches(rows, CHUNK):
        extras = _batch_extras(array("q", [r["pk"] for r in batch]))
        yield batch, {**extras, "evidence": evidence}


def standard_rows(
    qs: QuerySet[Measure], *, today: dt.date, headings: bool = False
) -> Iterator[SheetRow]:
    """One `SheetRow` per measure in ledger order; `headings` starts each round with its title.
    (Reading the next chunk in a thread while this one is written was tried: no faster, as
    Python holds one lock for both.)"""
    inspection = None
    for batch, extras in _chunks(qs, today):
        for r in batch:
            heading = ""
            if headings and r["inspection_id"] != inspection:
                inspection, heading = r["inspection_id"], r["inspection__title"]
            path = tuple(p for p in _path(r) if p)
            light = light_of(r["light_reason"])
            yield SheetRow(path, _values(r, extras), light=light, heading=heading)


def write_standard(rows: Iterable[SheetRow], output, *, title: str, summary: str) -> int:
    """Write the standard ledger to `output` (a path or a binary file); return its row count."""
    sheet = GroupedSheet(output, columns=COLUMNS, sheet_name="整改台账")
    return sheet.write(rows, title=title, summary=summary)


def flat_rows(rows: Iterable[SheetRow]) -> Iterator[list]:
    """The same rows for CSV: every group cell written out, dates as ISO text."""
    for n, row in enumerate(rows, start=1):
        path = list(row.path) + [""] * (3 - len(row.path))
        values = [v.isoformat() if isinstance(v, dt.date) else v for v in row.values]
        yield [n, *path, *values]
