"""`rectify ledger export`: the seed's ledger as a print-ready .xlsx, or CSV with a BOM."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_ledger_export_xlsx_and_csv(tmp_path, imported):
    inspection = imported.inspection
    out = io.StringIO()
    xlsx = tmp_path / "台账.xlsx"
    call_command("ledger", "export", str(inspection.pk), "-o", str(xlsx), stdout=out)
    total = inspection.measures.count()
    assert f"{total} 行" in out.getvalue()
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$4"
    assert sheet.max_row == 4 + total
    csv_path = tmp_path / "台账.csv"
    call_command("ledger", "export", str(inspection.pk), "-o", str(csv_path), "--csv", stdout=out)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert (
        lines[0][:5] == ["序号", "方面", "问题", "子问题", "整改措施"] and len(lines) == 1 + total
    )
    assert all(line[2] for line in lines[1:])  # every row names its problem (no merged cells)
    full = tmp_path / "全部字段.xlsx"
    call_command("ledger", "export", str(inspection.pk), "-o", str(full), "--layout", "full")
    header = [c.value for c in openpyxl.load_workbook(full).active[4]]
    assert header[:3] == ["序号", "检查轮次", "方面"] and len(header) == 18
