"""Benchmark: one repair in the import preview of a 300-node feedback tree (target < 0.5 s).

    .venv/bin/python benchmarks/bench_repair.py [--runs 10]

Fresh in-memory SQLite unless DATABASE_URL names another database (never real data: the
office, its unit and the draft are created here). Each run is one htmx request that moves a
node down and one that moves it back, as a person repairing the tree would send them; the
figure is the median answer. Its lower bound, measured in the same run, is
`service_seconds_median`: the repair written by `import_draft_repair` alone (reading the kept
parse, changing it, saving it and its undo), which every answer does before rendering. The
whole review page (plan and correction form) is timed too, for comparison.
"""

import argparse
import json
import os
import statistics
import time

from common import database_name, setup_django

TARGET_SECONDS = 0.5


def feedback_300() -> bytes:
    """10 aspects × 5 problems × 5 items: 310 nodes."""
    from rectify.lib.numbering import int_to_cn

    lines = ["县委巡察组关于巡察某某局党组的反馈意见", "现将巡察发现的主要问题反馈如下："]
    for a in range(1, 11):
        lines.append(f"{int_to_cn(a)}、第{a}方面工作落实不到位")
        for p in range(1, 6):
            lines.append(f"（{int_to_cn(p)}）第{a}-{p}项工作存在差距。")
            lines += [f"{i}．第{a}-{p}-{i}处问题整改不彻底。" for i in range(1, 6)]
    return "\n".join(lines).encode()


def _office():
    from rectify.orgs.enums import OrgUnitKind, Role
    from rectify.orgs.models import Membership, OrgUnit, User

    street = OrgUnit.objects.create(name=f"基准街道{time.time_ns()}", kind=OrgUnitKind.STREET)
    office = User.objects.create(username=f"repair_office_{street.pk}", must_change_password=False)
    Membership.objects.create(user=office, org_unit=street, role=Role.OFFICE)
    return office


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL", "sqlite:///:memory:"))
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from rectify.imports.models import ImportDraft
    from rectify.imports.services import import_draft_create, import_draft_repair

    office = _office()
    upload = SimpleUploadedFile("fb.txt", feedback_300())
    draft = import_draft_create(owner=office, upload=upload, inspection=None)
    client = Client()
    client.force_login(office)
    url = reverse("imports:import_repair", args=[draft.pk])
    answers, services, sizes = [], [], []
    for _ in range(args.runs):
        for op in ("down", "up"):
            path = "4.2" if op == "down" else "4.3"
            start = time.perf_counter()
            response = client.post(url, {"op": op, "path": path}, HTTP_HX_REQUEST="true")
            answers.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
            sizes.append(len(response.content))
        fresh = ImportDraft.objects.get(pk=draft.pk)
        start = time.perf_counter()
        import_draft_repair(draft=fresh, actor=office, op="down", path="4.2")
        import_draft_repair(draft=fresh, actor=office, op="up", path="4.3")
        services.append((time.perf_counter() - start) / 2)
    pages = []
    for _ in range(max(1, args.runs // 2)):
        start = time.perf_counter()
        page = client.get(reverse("imports:import_review", args=[draft.pk]))
        pages.append(time.perf_counter() - start)
        assert page.status_code == 200
    nodes = page.content.decode().count('class="repair-node ')
    median = statistics.median(answers)
    print(
        json.dumps(
            {
                "database": database_name(),
                "nodes": nodes,
                "repair_seconds_median": round(median, 4),
                "repair_seconds_max": round(max(answers), 4),
                "service_seconds_median": round(statistics.median(services), 4),
                "repair_bytes": statistics.median(sizes),
                "review_page_seconds_median": round(statistics.median(pages), 4),
                "target_seconds": TARGET_SECONDS,
                "within_target": median < TARGET_SECONDS,
            }
        )
    )


if __name__ == "__main__":
    main()
