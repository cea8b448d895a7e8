"""The three lists (问题清单 / 任务清单 / 责任清单) and the chart data."""

import pytest
from django.urls import reverse

from rectify.inspections.enums import FindingKind
from rectify.measures.enums import MeasureStatus
from tests.factories import FindingFactory, InspectionFactory, MeasureFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(inspection, units, cast):
    leader2 = UserFactory(display_name="王副主任")
    aspect = FindingFactory(inspection=inspection, kind=FindingKind.ASPECT, label="第一方面")
    problem = FindingFactory(inspection=inspection, parent=aspect, title="违建整治不力")
    return [
        MeasureFactory(
            finding=problem,
            lead_department=units.enforcement,
            responsible_leader=cast.leader,
            responsible_person=cast.reporter,
            status=MeasureStatus.SIGNED_OFF,
        ),
        MeasureFactory(
            finding=problem,
            lead_department=units.enforcement,
            responsible_leader=cast.leader,
            responsible_person=cast.reporter,
            overdue=True,
        ),
        MeasureFactory(
            finding=problem,
            lead_department=units.party,
            responsible_leader=leader2,
            responsible_person=cast.party_reporter,
        ),
    ]


def test_problem_list_rolls_counts_up(client, cast, inspection, plan):
    client.force_login(cast.office)
    response = client.get(reverse("reports:problems"), {"inspection": inspection.pk})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.level for r in rows] == [0, 1]
    assert rows[0].counts.total == 3 and rows[0].counts.done == 1 and rows[0].counts.overdue == 1
    assert "违建整治不力" in response.content.decode()


def test_problem_list_defaults_to_a_visible_inspection(client, cast, inspection, plan):
    InspectionFactory(title="别处的巡察")
    client.force_login(cast.office)
    response = client.get(reverse("reports:problems"))
    assert response.context["inspection"] == inspection


def test_lists_refuse_an_inspection_out_of_reach(client, cast, inspection, plan):
    other = InspectionFactory(title="别处的巡察")
    client.force_login(cast.office)
    response = client.get(reverse("reports:tasks"), {"inspection": other.pk})
    assert response.status_code == 200
    assert response.context["inspection"] == inspection  # falls back, never shows `other`
    assert response.context["form"].errors


def test_task_list_filters_and_is_scoped(client, cast, inspection, plan):
    client.force_login(cast.office)
    response = client.get(
        reverse("reports:tasks"), {"inspection": inspection.pk, "status": "signed_off"}
    )
    assert [m.pk for m in response.context["page"]] == [plan[0].pk]
    client.force_login(cast.party_reporter)
    response = client.get(reverse("reports:tasks"), {"inspection": inspection.pk})
    assert [m.pk for m in response.context["page"]] == [plan[2].pk]


def test_task_list_query_count(
    client, cast, inspection, plan, units, django_assert_max_num_queries
):
    MeasureFactory.create_batch(30, finding=plan[0].finding, lead_department=units.enforcement)
    client.force_login(cast.office)
    with django_assert_max_num_queries(14):  # + unread messages, + co-operating outside units
        client.get(reverse("reports:tasks"), {"inspection": inspection.pk})


def test_responsibility_list_groups_leader_department_person(client, cast, inspection, plan):
    client.force_login(cast.office)
    response = client.get(reverse("reports:responsibility"), {"inspection": inspection.pk})
    groups = response.context["groups"]
    by_leader = {str(g["leader"]): g for g in groups}
    assert set(by_leader) == {str(cast.leader), "王副主任"}
    lead = by_leader[str(cast.leader)]
    assert lead["counts"]["total"] == 2 and lead["counts"]["overdue"] == 1
    assert lead["departments"][0]["department"] == plan[0].lead_department
    assert lead["departments"][0]["people"][0]["person"] == cast.reporter
    assert "王副主任" in response.content.decode()


def test_lists_empty_state_without_inspections(client, cast):
    client.force_login(cast.sysadmin)
    for name in ("problems", "tasks", "responsibility"):
        response = client.get(reverse(f"reports:{name}"))
        assert response.status_code == 200
        assert 'class="empty"' in response.content.decode()


def test_chart_json(client, cast, inspection, plan):
    client.force_login(cast.office)
    response = client.get(reverse("reports:inspection_chart", args=[inspection.pk]))
    assert response.status_code == 200
    data = response.json()
    assert {s["key"]: s["value"] for s in data["status"]} == {
        "signed_off": 1,
        "in_progress": 1,
        "not_started": 1,
    }
    assert sum(data["departments"]["done"]) + sum(data["departments"]["open"]) == 3
    assert len(data["departments"]["names"]) == 2


def test_chart_json_is_scoped(client, cast, inspection, plan):
    client.force_login(cast.outsider)
    assert client.get(reverse("reports:inspection_chart", args=[inspection.pk])).status_code == 404


def test_a_very_large_inspection_links_findings_to_the_ledger(
    client, cast, inspection, units, settings, monkeypatch
):
    from rectify.reports.views import inspections as views
    from tests.factories import FindingFactory, MeasureFactory

    monkeypatch.setattr(views, "INLINE_MEASURES_LIMIT", 3)
    aspect = FindingFactory(inspection=inspection, kind="aspect", label="第一方面", position=1)
    leaf = FindingFactory(inspection=inspection, parent=aspect, label="（一）", position=1)
    other = FindingFactory(inspection=inspection, parent=aspect, label="（二）", position=2)
    mine = MeasureFactory.create_batch(4, finding=leaf, lead_department=units.enforcement)
    MeasureFactory.create_batch(2, finding=other, lead_department=units.enforcement)
    client.force_login(cast.office)
    page = client.get(f"/inspections/{inspection.pk}/").content.decode()
    link = f"/measures/?inspection={inspection.pk}&amp;finding={leaf.pk}"
    assert link in page and mine[0].text not in page
    ledger = client.get(f"/measures/?inspection={inspection.pk}&finding={aspect.pk}")
    assert ledger.context["page"].paginator.count == 6  # the aspect and all below it
    only_leaf = client.get(f"/measures/?inspection={inspection.pk}&finding={leaf.pk}")
    assert only_leaf.context["page"].paginator.count == 4
