"""The ledger's rows built in Python show what the reference template would."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from rectify.measures.enums import ExtensionStatus, MeasureKind
from rectify.measures.models import DeadlineExtension
from rectify.orgs.models import OutsideUnit
from tests.factories import FindingFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def _squeeze(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)).replace(" >", ">").strip()


@pytest.fixture
def ledger(inspection, units, cast):
    parent = FindingFactory(inspection=inspection, title="公车<管理> & 使用")
    child = FindingFactory(inspection=inspection, parent=parent, title="超标配车" * 20)
    first = MeasureFactory(finding=child, lead_department=units.enforcement, overdue=True)
    first.co_departments.add(units.party)
    first.co_outside_units.add(OutsideUnit.objects.create(name="市规划和自然资源局"))
    second = MeasureFactory(finding=parent, lead_department=None, deadline=None, text="无时限" * 40)
    second.co_outside_units.add(OutsideUnit.objects.create(name="区城管执法局 <外>"))
    DeadlineExtension.objects.create(
        measure=first,
        old_deadline=first.deadline,
        new_deadline=first.deadline,
        reason="延期",
        status=ExtensionStatus.APPROVED,
        requested_by=cast.reporter,
    )
    MeasureFactory(
        finding=parent,
        kind=MeasureKind.LONG_TERM,
        deadline=None,
        responsible_person=cast.reporter,
        responsible_leader=cast.leader,
    )
    return inspection


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_python_rows_are_the_template_rows(client, cast, ledger, language):
    client.force_login(cast.office)
    with translation.override(language):
        response = client.get("/measures/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        ctx = response.context
        rows = list(ctx["page"])
        assert len(rows) == 3
        template = "".join(
            render_to_string("measures/_ledger_row.html", {"m": m, "today": ctx["today"]})
            for m in rows
        )
        assert _squeeze(str(ctx["rows_html"])) == _squeeze(template)
    assert str(ctx["rows_html"]) in response.content.decode()
