"""A dashboard panel as .csv (UTF-8 with BOM, for Excel) or .xlsx."""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.http import HttpResponse

from .panels import Panel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def panel_download(panel: Panel, fmt: str, stem: str) -> HttpResponse:
    name = f"{stem}-{panel.key}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow(panel.columns)
        writer.writerows(panel.rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet(panel.key[:31])
        bold = book.add_format({"bold": True})
        sheet.write_row(0, 0, panel.columns, bold)
        for i, row in enumerate(panel.rows, start=1):
            sheet.write_row(i, 0, row)
        sheet.set_column(0, 0, 28)
        book.close()
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
