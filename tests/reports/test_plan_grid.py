"""整改方案编制: the plan grid saves many rows at once, all or nothing, each row locked.

Cast (tests/conftest.py): office fills the grid; reporter (执法办) and party_reporter (党建办)
are the people the cells name.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from rectify.measures.enums import MeasureKind
from rectify.measures.grid import GridInvalid, cells_of
from rectify.measures.models import Measure
from rectify.measures.services.grid import GridRow, plan_rows_save
from tests.factories import FindingFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(inspection):
    inspection.feedback_date = dt.date(2023, 7, 1)
    inspection.save()
    finding = FindingFactory(inspection=inspection, title="学习不深入")
    return [
        MeasureFactory(finding=finding, position=i, deadline=None, lead_department=None)
        for i in (1, 2, 3)
    ]


def _row(measure, **cells):
    base = cells_of(measure)
    base.update(cells)
    return GridRow(measure_id=measure.pk, version=measure.version, cells=base)


def test_many_rows_saved_in_one_go(cast, units, inspection, rows):
    saved = plan_rows_save(
        inspection=inspection,
        actor=cast.office,
        rows=[
            _row(
                m,
                lead_department="执法办",
                responsible_person="reporter",
                co_departments="党建办",
                deadline="2023年12月底前",
                kind="立行立改",
                indicator_target="68",
                indicator_unit="宗",
            )
            for m in rows
        ],
    )
    assert saved == 3
    for m in Measure.objects.filter(pk__in=[r.pk for r in rows]):
        assert m.lead_department == units.enforcement
        assert m.responsible_person == cast.reporter
        assert m.deadline == dt.date(2023, 12, 31)
        assert m.kind == MeasureKind.IMMEDIATE
        assert [u.name for u in m.co_departments.all()] == ["党建办"]
        assert m.indicators.get().target_value == 68
    # the same rows again change nothing
    fresh = list(Measure.objects.filter(pk__in=[r.pk for r in rows]))
    assert (
        plan_rows_save(inspection=inspection, actor=cast.office, rows=[_row(m) for m in fresh]) == 0
    )


def test_wrong_cells_are_named_and_nothing_is_saved(cast, inspection, rows):
    good, early, outside = rows
    with translation.override("zh-hans"), pytest.raises(GridInvalid) as caught:
        plan_rows_save(
            inspection=inspection,
            actor=cast.office,
            rows=[
                _row(good, lead_department="执法办", responsible_person="reporter"),
                _row(early, deadline="2023-06-01"),
                _row(outside, lead_department="执法办", responsible_person="party", kind="快改"),
            ],
        )
    errors = caught.value.errors
    assert errors[early.pk] == {"deadline": "完成时限早于反馈日期"}
    assert errors[outside.pk]["responsible_person"] == "责任人不在牵头部门"
    assert set(errors[outside.pk]) == {"responsible_person", "kind"}
    assert good.pk not in errors
    assert Measure.objects.get(pk=good.pk).lead_department is None  # all or nothing


def test_a_stale_row_is_refused(cast, inspection, rows):
    stale = _row(rows[0], target="新的目标")
    stale.version -= 1
    with pytest.raises(GridInvalid) as caught:
        plan_rows_save(inspection=inspection, actor=cast.office, rows=[stale])
    assert "_row" in caught.value.errors[rows[0].pk]


def test_the_grid_page_marks_incomplete_rows_and_saves(client, cast, inspection, rows):
    client.force_login(cast.office)
    url = reverse("inspections:plan_grid", args=[inspection.pk])
    page = client.get(url).content.decode()
    assert page.count("is-incomplete") == 3
    data = {"row": [m.pk for m in rows]}
    for m in rows:
        for col, value in cells_of(m).items():
            data[f"m{m.pk}-{col}"] = value
        data[f"m{m.pk}-version"] = m.version
    data[f"m{rows[0].pk}-lead_department"] = "执法办"
    data[f"m{rows[0].pk}-responsible_person"] = "reporter"
    data[f"m{rows[0].pk}-deadline"] = "2024.6.30"
    data[f"m{rows[1].pk}-deadline"] = "年底"
    assert client.post(url, data).status_code == 302
    assert Measure.objects.get(pk=rows[0].pk).deadline == dt.date(2024, 6, 30)
    assert Measure.objects.get(pk=rows[1].pk).deadline == dt.date(2023, 12, 31)
    data[f"m{rows[2].pk}-deadline"] = "2020-01-01"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "完成时限早于反馈日期" in response.content.decode()


def test_after_approval_the_grid_needs_a_reason(cast, inspection, rows):
    from rectify.measures import services

    services.plan_submit(inspection=inspection, actor=cast.office)
    services.plan_approve(inspection=inspection, actor=cast.leader)
    fresh = Measure.objects.get(pk=rows[0].pk)
    from rectify.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        plan_rows_save(
            inspection=inspection, actor=cast.office, rows=[_row(fresh, deadline="2024-03-31")]
        )
    plan_rows_save(
        inspection=inspection,
        actor=cast.office,
        rows=[_row(fresh, deadline="2024-03-31")],
        reason="分阶段推进",
    )
    assert fresh.revisions.get().changes[0]["after"] == "2024-03-31"


def test_the_grid_sets_the_category_and_an_empty_cell_keeps_it(cast, inspection, rows):
    from rectify.measures.enums import MeasureCategory

    first, second, third = rows
    plan_rows_save(
        inspection=inspection,
        actor=cast.office,
        rows=[_row(first, category="建章立制"), _row(second, category="信访"), _row(third)],
    )
    assert Measure.objects.get(pk=first.pk).category == MeasureCategory.RULES
    assert Measure.objects.get(pk=second.pk).category == MeasureCategory.CASE
    third.refresh_from_db()
    assert cells_of(third)["category"] == "一般"
    # a ledger without the column sends no category: the measure keeps its own
    assert (
        plan_rows_save(
            inspection=inspection,
            actor=cast.office,
            rows=[_row(Measure.objects.get(pk=first.pk), category="")],
        )
        == 0
    )
    with pytest.raises(GridInvalid) as caught:
        plan_rows_save(
            inspection=inspection, actor=cast.office, rows=[_row(third, category="别的")]
        )
    assert set(caught.value.errors[third.pk]) == {"category"}


def test_the_grid_suggests_kind_and_category_from_the_wording_for_a_person_to_adopt(
    client, cast, inspection, rows
):
    """A suggestion is shown with the words it was read from and a one-click 采用建议; the
    measure keeps the value a person set until the grid is saved with the adopted one."""
    from rectify.measures.enums import MeasureCategory

    first, second, _third = rows
    Measure.objects.filter(pk=first.pk).update(text="常态化开展12345热线工单回访，每月通报。")
    Measure.objects.filter(pk=second.pk).update(
        text="修订《机关财务管理制度》，年底前印发。", category=MeasureCategory.RULES
    )
    client.force_login(cast.office)
    with translation.override("zh-hans"):
        page = client.get(reverse("inspections:plan_grid", args=[inspection.pk])).content.decode()
    assert 'data-adopt="kind" data-value="长期坚持"' in page
    assert 'data-adopt="category" data-value="案件"' in page
    assert "依据“12345”" in page
    # the second measure's category already is what its wording says: no suggestion for it
    assert page.count('data-adopt="category"') == 1
    first.refresh_from_db()
    assert (first.kind, first.category) == (MeasureKind.TIME_BOUND, MeasureCategory.GENERAL)
