"""Creating a round and arranging its findings and measures by hand (the office's pages).

Cast (tests/conftest.py): office writes the street's rounds; leader and reporter only read;
outsider is the office of another street.
"""

import datetime as dt

import pytest
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.core.errors import ValidationFailed
from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Finding, Inspection
from rectify.measures import services
from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Measure
from tests.factories import FindingFactory, MeasureFactory, pdf_upload

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_the_office_creates_a_round_by_hand(client, cast, units):
    _login(client, cast.office)
    page = client.get(reverse("inspections:list"))
    assert reverse("inspections:create") in page.content.decode()
    response = client.post(
        reverse("inspections:create"),
        {
            "title": "区委第二巡察组对海幢街道的巡察",
            "kind": "xuncha",
            "inspecting_body": "区委第二巡察组",
            "inspected_unit": units.street.pk,
            "period_start": "2023-03-01",
            "period_end": "2023-05-01",
            "feedback_date": "2023-07-01",
            "report_due_date": "2023-09-01",
        },
    )
    inspection = Inspection.objects.get(title="区委第二巡察组对海幢街道的巡察")
    assert response.status_code == 302
    assert inspection.report_due_date == dt.date(2023, 9, 1)
    assert inspection.inspected_unit == units.street
    assert AuditEntry.objects.filter(code="inspection.created", object_id=inspection.pk).exists()
    detail = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert reverse("imports:import_upload", args=[inspection.pk]) in detail
    assert reverse("inspections:finding_add", args=[inspection.pk]) in detail


def test_a_round_out_of_the_offices_tree_is_refused(client, cast, units):
    _login(client, cast.outsider)
    response = client.post(
        reverse("inspections:create"),
        {"title": "x", "kind": "xuncha", "inspecting_body": "y", "inspected_unit": units.street.pk},
    )
    assert response.status_code == 400  # the street is not among the outsider's choices
    assert not Inspection.objects.filter(title="x").exists()


def test_readers_see_no_tools_and_cannot_create(client, cast, inspection):
    FindingFactory(inspection=inspection)
    _login(client, cast.leader)
    assert client.get(reverse("inspections:create")).status_code == 403
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert reverse("inspections:finding_add", args=[inspection.pk]) not in page


def test_aspect_problem_sub_problem_and_measure_added_from_the_tree(
    client, cast, inspection, units
):
    inspection.feedback_date = dt.date(2023, 7, 1)
    inspection.save()
    _login(client, cast.office)
    client.post(
        reverse("inspections:finding_add", args=[inspection.pk]),
        {"kind": "aspect", "label": "一、", "title": "党的领导弱化"},
    )
    aspect = Finding.objects.get(title="党的领导弱化")
    client.post(
        reverse("inspections:finding_add", args=[inspection.pk]),
        {"kind": "problem", "label": "（一）", "title": "学习不深入", "parent": aspect.pk},
    )
    problem = Finding.objects.get(title="学习不深入")
    assert problem.parent == aspect and problem.depth == 1
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert reverse("inspections:measure_add", args=[problem.pk]) in page  # 添加整改措施
    early = client.post(
        reverse("inspections:measure_add", args=[problem.pk]),
        {"text": "组织专题学习。", "kind": "time_bound", "deadline": "2023-06-01"},
    )
    assert early.status_code == 400
    assert "完成时限早于反馈日期" in early.content.decode()
    client.post(
        reverse("inspections:measure_add", args=[problem.pk]),
        {
            "text": "组织专题学习。",
            "kind": "time_bound",
            "deadline": "2023-12-31",
            "lead_department": units.party.pk,
        },
    )
    measure = Measure.objects.get(text="组织专题学习。")
    assert measure.finding == problem and measure.lead_department == units.party
    assert measure.sort_key.startswith(problem.sort_key + ":")


def test_findings_and_measures_move_up_and_down(client, cast, inspection):
    first = FindingFactory(inspection=inspection, position=1, title="甲")
    second = FindingFactory(inspection=inspection, position=2, title="乙")
    m1 = MeasureFactory(finding=second, position=1, text="一")
    m2 = MeasureFactory(finding=second, position=2, text="二")
    _login(client, cast.office)
    client.post(reverse("inspections:finding_move", args=[second.pk]), {"direction": "up"})
    ordered = list(inspection.findings.in_tree_order().values_list("title", flat=True))
    assert ordered == ["乙", "甲"]
    m1.refresh_from_db()
    assert m1.sort_key.startswith(Finding.objects.get(pk=second.pk).sort_key + ":")
    client.post(reverse("inspections:measure_move", args=[m2.pk]), {"direction": "up"})
    texts = list(
        Measure.objects.filter(finding=second).order_by("sort_key").values_list("text", flat=True)
    )
    assert texts == ["二", "一"]
    first.refresh_from_db()
    assert first.position == 2


def test_a_finding_moves_under_another_parent(client, cast, inspection):
    aspect = FindingFactory(inspection=inspection, kind=FindingKind.ASPECT, title="方面")
    loose = FindingFactory(inspection=inspection, title="游离问题")
    measure = MeasureFactory(finding=loose)
    _login(client, cast.office)
    client.post(
        reverse("inspections:finding_edit", args=[loose.pk]),
        {"kind": "problem", "title": "游离问题", "parent": aspect.pk},
    )
    loose.refresh_from_db()
    measure.refresh_from_db()
    assert loose.parent == aspect
    assert measure.sort_key.startswith(loose.sort_key + ":")


def test_delete_only_while_nothing_hangs_on_it(client, cast, inspection, units):
    finding = FindingFactory(inspection=inspection)
    bare = MeasureFactory(finding=finding, lead_department=units.enforcement)
    worked = MeasureFactory(finding=finding, lead_department=units.enforcement)
    services.progress_report_submit(
        measure=worked, actor=cast.reporter, text="已推进。", files=[pdf_upload()]
    )
    _login(client, cast.office)
    client.post(reverse("inspections:measure_delete", args=[bare.pk]), {"note": "重复"})
    assert not Measure.objects.filter(pk=bare.pk).exists()
    client.post(reverse("inspections:measure_delete", args=[worked.pk]), {"note": "x"})
    assert Measure.objects.filter(pk=worked.pk).exists()
    client.post(reverse("inspections:finding_delete", args=[finding.pk]))
    assert Finding.objects.filter(pk=finding.pk).exists()
    with pytest.raises(ValidationFailed):
        services.finding_discard(finding=finding, actor=cast.office)


def test_a_signed_off_measure_cannot_be_edited_until_reopened(client, cast, measure):
    measure.status = MeasureStatus.SIGNED_OFF
    measure.save()
    with pytest.raises(ValidationFailed):
        services.measure_update(
            measure=measure, actor=cast.office, expected_version=measure.version, text="改写"
        )
    with pytest.raises(ValidationFailed):
        services.deadline_set(
            measure=measure,
            actor=cast.office,
            new_deadline=dt.date(2031, 1, 1),
            reason="x",
            expected_version=measure.version,
        )
    _login(client, cast.office)
    page = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    assert reverse("measures:edit", args=[measure.pk]) not in page
    response = client.get(reverse("measures:edit", args=[measure.pk]))
    assert response.status_code == 302
    services.measure_reopen(measure=measure, actor=cast.office, reason="回头看发现反弹")
    services.measure_update(
        measure=measure, actor=cast.office, expected_version=measure.version, text="改写"
    )
    assert Measure.objects.get(pk=measure.pk).text == "改写"
