"""Inspection list and page: scoping, figures from the stats selector, the finding tree."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rectify.inspections.enums import FindingKind
from rectify.measures.enums import MeasureStatus
from rectify.reports.selectors import inspection_stats
from tests.factories import FindingFactory, InspectionFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(inspection, units):
    """第一方面 → （一） → 1. with three measures; 2. without any."""
    aspect = FindingFactory(
        inspection=inspection, kind=FindingKind.ASPECT, label="第一方面", title="贯彻落实有落差"
    )
    problem = FindingFactory(
        inspection=inspection, parent=aspect, label="（一）", title="针对企业脱钩不到位的问题"
    )
    item = FindingFactory(
        inspection=inspection,
        parent=problem,
        kind=FindingKind.ITEM,
        label="1.",
        title="针对未如期完成企业脱钩的问题",
    )
    empty = FindingFactory(
        inspection=inspection, parent=problem, kind=FindingKind.ITEM, label="2.", title="空问题"
    )
    measures = [
        MeasureFactory(finding=item, lead_department=units.enforcement, overdue=True),
        MeasureFactory(
            finding=item, lead_department=units.enforcement, status=MeasureStatus.SIGNED_OFF
        ),
        MeasureFactory(finding=item, lead_department=units.party, text="党建办的措施。"),
    ]
    return {
        "aspect": aspect,
        "problem": problem,
        "item": item,
        "empty": empty,
        "measures": measures,
    }


def test_list_shows_figures_from_the_stats_selector(client, cast, inspection, tree):
    client.force_login(cast.office)
    response = client.get(reverse("inspections:list"))
    assert response.status_code == 200
    item = response.context["page"][0]
    assert item.stats == inspection_stats(inspection=inspection, today=timezone.localdate())
    text = response.content.decode()
    assert inspection.title in text
    assert "<progress" in text and 'value="33.3"' in text


def test_list_empty_state_and_scoping(client, cast, inspection):
    InspectionFactory(title="别的街道的巡察")
    client.force_login(cast.party_reporter)
    response = client.get(reverse("inspections:list"))
    assert list(response.context["page"]) == []
    assert 'class="empty"' in response.content.decode()


def test_list_query_count_is_bounded(client, cast, units, django_assert_max_num_queries):
    for _ in range(3):
        InspectionFactory(inspected_unit=units.street)
    client.force_login(cast.office)
    with django_assert_max_num_queries(40):
        client.get(reverse("inspections:list"))


def test_detail_shows_tree_with_counts_and_overdue_flag(client, cast, inspection, tree):
    client.force_login(cast.office)
    response = client.get(reverse("inspections:detail", args=[inspection.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    for key in ("aspect", "problem", "item", "empty"):
        assert f'id="finding-{tree[key].pk}"' in text
    assert "<details" in text
    assert "flag--overdue" in text
    roots = response.context["roots"]
    assert roots[0].counts.total == 3 and roots[0].counts.overdue == 1
    for m in tree["measures"]:
        assert reverse("measures:detail", args=[m.pk]) in text
    assert reverse("reports:inspection_chart", args=[inspection.pk]) in text
    assert f"{reverse('measures:ledger')}?inspection={inspection.pk}" in text


def test_detail_for_department_lists_only_its_measures(client, cast, inspection, tree):
    client.force_login(cast.reporter)
    text = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert reverse("measures:detail", args=[tree["measures"][0].pk]) in text
    assert reverse("measures:detail", args=[tree["measures"][2].pk]) not in text


def test_detail_is_404_outside_reach(client, cast, inspection, tree):
    client.force_login(cast.outsider)
    assert client.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 404


def test_detail_renders_without_document_urls(client, cast, inspection):
    """The import / notice buttons appear only once the documents app provides them."""
    client.force_login(cast.office)
    response = client.get(reverse("inspections:detail", args=[inspection.pk]))
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()  # no findings yet


def test_home_redirects_to_inspections(client, cast):
    client.force_login(cast.office)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:list")
