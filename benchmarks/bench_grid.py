"""Benchmark: the plan grid (整改方案编制) of a 500-measure inspection.

    .venv/bin/python benchmarks/bench_grid.py [--runs 5] [--measures 500] [--rows 50]

Fresh in-memory SQLite unless DATABASE_URL names another database (never real data: the
round is created here). Times `plan_rows_save` of 50 changed rows (target ≤ 0.3 s) and the
grid page of all rows rendered for the office. Prints one JSON object.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import time

from common import database_name, setup_django

TARGET_SAVE_SECONDS = 0.3


def build(measures: int):
    from rectify.inspections.enums import FindingKind
    from rectify.inspections.models import Finding, Inspection
    from rectify.measures.models import Measure
    from rectify.orgs.enums import OrgUnitKind, Role
    from rectify.orgs.models import Membership, OrgUnit, User

    street = OrgUnit.objects.create(name=f"基准街道{time.time_ns()}", kind=OrgUnitKind.STREET)
    dept = OrgUnit.objects.create(name="执法办", parent=street)
    office = User.objects.create(username=f"grid_office_{street.pk}", must_change_password=False)
    Membership.objects.create(user=office, org_unit=street, role=Role.OFFICE)
    person = User.objects.create(username=f"grid_person_{street.pk}", display_name="张三")
    Membership.objects.create(user=person, org_unit=dept, role=Role.REPORTER)
    inspection = Inspection.objects.create(
        title="基准巡察", inspected_unit=street, feedback_date=dt.date(2023, 7, 1)
    )
    problems = [
        Finding.objects.create(
            inspection=inspection, kind=FindingKind.PROBLEM, title=f"问题{i}", position=i
        )
        for i in range(1, measures // 10 + 1)
    ]
    for i in range(measures):
        finding = problems[i % len(problems)]
        Measure.objects.create(finding=finding, text=f"措施{i}", position=i // len(problems) + 1)
    return inspection, office


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measures", type=int, default=500)
    parser.add_argument("--rows", type=int, default=50)
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL", "sqlite:///:memory:"))
    from django.test import Client
    from django.urls import reverse

    from rectify.measures.grid import cells_of
    from rectify.measures.models import Measure
    from rectify.measures.services.grid import GridRow, plan_rows_save

    inspection, office = build(args.measures)
    saves = []
    for run in range(args.runs):
        measures = list(
            Measure.objects.filter(inspection=inspection)
            .prefetch_related("co_departments", "indicators")
            .order_by("sort_key")[: args.rows]
        )
        day = dt.date(2024, 1, 1) + dt.timedelta(days=run)
        rows = []
        for m in measures:
            cells = cells_of(m)
            cells.update(
                lead_department="执法办",
                responsible_person="张三",
                deadline=day.isoformat(),
                target=f"目标{run}",
            )
            rows.append(GridRow(measure_id=m.pk, version=m.version, cells=cells))
        start = time.perf_counter()
        saved = plan_rows_save(inspection=inspection, actor=office, rows=rows)
        saves.append(time.perf_counter() - start)
        assert saved == args.rows, saved
    client = Client()
    client.force_login(office)
    url = reverse("inspections:plan_grid", args=[inspection.pk])
    pages = []
    for _ in range(args.runs):
        start = time.perf_counter()
        response = client.get(url)
        pages.append(time.perf_counter() - start)
        assert response.status_code == 200, (response.status_code, response.get("Location"))
    print(
        json.dumps(
            {
                "database": database_name(),
                "measures": args.measures,
                "rows_saved": args.rows,
                "save_seconds_median": round(statistics.median(saves), 4),
                "save_seconds_max": round(max(saves), 4),
                "save_target_seconds": TARGET_SAVE_SECONDS,
                "save_within_target": statistics.median(saves) <= TARGET_SAVE_SECONDS,
                "page_seconds_median": round(statistics.median(pages), 4),
                "page_bytes": len(response.content),
            }
        )
    )


if __name__ == "__main__":
    main()
