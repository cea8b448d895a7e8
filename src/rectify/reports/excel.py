"""The Excel ledger (整改台账.xlsx): rows from the scoped ledger query, written in constant
memory, so 100 000+ measures export in seconds without holding them all."""

import datetime as dt
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone

from rectify.lib.text import xml_safe
from rectify.measures.enums import OVERDUE_STATUSES, MeasureKind, MeasureStatus
from rectify.measures.models import Measure
from rectify.measures.selectors import with_extension_counts

COLUMNS = [
    ("序号", 6),
    ("检查轮次", 24),
    ("方面", 22),
    ("问题", 30),
    ("子问题", 30),
    ("编号", 6),
    ("整改措施", 60),
    ("类型", 10),
    ("整改目标", 24),
    ("责任领导", 12),
    ("牵头部门", 14),
    ("配合部门", 18),
    ("责任人", 12),
    ("完成时限", 12),
    ("时限调整次数", 8),
    ("状态", 10),
    ("是否逾期", 8),
    ("销号时间", 16),
]
STATUS_LABELS = {
    MeasureStatus.NOT_STARTED: "未开始",
    MeasureStatus.IN_PROGRESS: "整改中",
    MeasureStatus.SIGNOFF_REQUESTED: "已申请销号",
    MeasureStatus.SIGNED_OFF: "已销号",
    MeasureStatus.RETURNED: "已退回",
    MeasureStatus.LONG_TERM: "长期坚持",
}
KIND_LABELS = {
    MeasureKind.IMMEDIATE: "立行立改",
    MeasureKind.TIME_BOUND: "限期整改",
    MeasureKind.LONG_TERM: "长期坚持",
}


FIELDS = [
    "pk",
    "inspection__title",
    "label",
    "text",
    "kind",
    "target",
    "deadline",
    "status",
    "signed_off_at",
    "extension_count",
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
CHUNK = 2000


_PATH_KEYS = [
    (f"{prefix}label", f"{prefix}title")
    for prefix in ("finding__parent__parent__", "finding__parent__", "finding__")
]


def _path(row: dict) -> tuple[str, str, str]:
    """(aspect, problem, sub-problem) of the measure's finding, as the ledger shows them."""
    chain = [f"{row[label]}{row[title]}" for label, title in _PATH_KEYS if row[title] is not None]
    chain += [""] * (3 - len(chain))
    return chain[0], chain[1], chain[2]


def _person(row: dict, role: str) -> str:
    return row[f"{role}__display_name"] or row[f"{role}__username"] or ""


def co_units(ids: array) -> dict[int, list[str]]:
    """Each measure's co-departments, then its outside units (外单位; the importer reads them
    back in that order), for a chunk of measures."""
    co: dict[int, list[str]] = defaultdict(list)
    through = Measure.co_departments.through.objects.filter(measure__any=ids)
    for measure_id, name in through.values_list("measure_id", "orgunit__name"):
        co[measure_id].append(name)
    outside = Measure.co_outside_units.through.objects.filter(measure__any=ids)
    for measure_id, name in outside.values_list("measure_id", "outsideunit__name"):
        co[measure_id].append(name)
    return co


def ledger_rows(qs: QuerySet[Measure], *, today: dt.date) -> Iterator[list]:
    """Plain values, not model instances: 120 000 rows stay fast and small."""
    rows = (
        with_extension_counts(qs.select_related(None).prefetch_related(None))
        .order_by("-inspection_id", "sort_key", "pk")
        .values(*FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    n = 0
    tz = timezone.get_current_timezone()  # once, not localtime() on each row
    for batch in _batches(rows, CHUNK):
        co = co_units(array("q", [r["pk"] for r in batch]))
        for r in batch:
            n += 1
            aspect, problem, item = _path(r)
            deadline = r["deadline"]
            overdue = deadline is not None and deadline < today and r["status"] in OVERDUE_STATUSES
            yield [
                n,
                r["inspection__title"],
                aspect,
                problem,
                item,
                r["label"],
                r["text"],
                KIND_LABELS.get(r["kind"], r["kind"]),
                r["target"],
                _person(r, "responsible_leader"),
                r["lead_department__name"] or "",
                "、".join(co.get(r["pk"], [])),
                _person(r, "responsible_person"),
                deadline if deadline else ("长期" if r["kind"] == MeasureKind.LONG_TERM else ""),
                r["extension_count"] or 0,
                STATUS_LABELS.get(r["status"], r["status"]),
                "是" if overdue else "",
                r["signed_off_at"].astimezone(tz).replace(tzinfo=None)
                if r["signed_off_at"]
                else "",
            ]


def _batches(iterable, size: int):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_ledger(rows: Iterable[list], output, *, title: str, summary: str) -> int:
    """Write the ledger to `output` (a path or a binary file); return the number of rows."""
    book = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "in_memory": False,
            # Text from documents is data, never a formula or a link (formula injection).
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    sheet = book.add_worksheet("整改台账")
    head = book.add_format(
        {
            "bold": True,
            "bg_color": "#DCE6F1",
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
        }
    )
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    date = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top", "border": 1})
    big = book.add_format({"bold": True, "font_size": 14})
    sheet.write(0, 0, xml_safe(title), big)
    sheet.write(1, 0, xml_safe(summary))
    date_columns = {13: date, 17: when}  # 完成时限, 销号时间
    for col, (name, width) in enumerate(COLUMNS):
        # Cells written without a format take their column's format (dates, wrapping).
        sheet.set_column(col, col, width, date_columns.get(col, wrap))
        sheet.write(3, col, name, head)
    count = 0
    for count, row in enumerate(rows, start=1):
        # Stored text may predate the boundary's cleaning: nothing XML cannot hold goes on.
        sheet.write_row(3 + count, 0, [xml_safe(v) if isinstance(v, str) else v for v in row])
    sheet.freeze_panes(4, 0)
    sheet.autofilter(3, 0, 3 + max(count, 1), len(COLUMNS) - 1)
    _print_ready(sheet)
    book.close()
    return count


def _print_ready(sheet) -> None:
    """A4 landscape, one page wide, the title and header rows on every page, page numbers
    in the footer: the ledger prints as offices file it, not as narrow portrait strips."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # as wide as one page, as long as it takes
    sheet.repeat_rows(0, 3)  # the title, the summary and the header on every page
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")
