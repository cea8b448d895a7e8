"""Integrity checks and dashboards at scale, on the benchmark ledger with one progress report
per measure (texts assembled from 40 clauses, so many share phrases and a few are copies) and
one evidence row each (one in fifty reusing another's file).

    .venv/bin/python benchmarks/bench_insights.py   # RECTIFY_BENCH_MEASURES=120000 for scale

Times, inside a rolled-back transaction: each check over the whole ledger (the pairwise
similarity is bounded by blocking per inspection and the shingle index), `insights_for` (what
`rectify insights --format json` prints), 12 000 perceptual hashes matched by bands, the two
periodic jobs (the rounds' dashboard figures, the recurring findings), and the dashboard pages
(in-process test client): the leader's and the district's p50/p95 over
RECTIFY_BENCH_REQUESTS (default 20) requests each, as the city's office, the city's leader and
a street's leader (issue 14: ≤ 300 ms p95 at city scale), the others once.
"""

import json
import os
import random
import statistics
import sys
import time

from common import database_name, ensure_seeded, setup_django

CLAUSES = [
    "召开专题会议研究部署",
    "建立问题台账逐项销号",
    "完成历史违建拆除",
    "清理占道经营点位",
    "开展消防安全大排查",
    "整改隐患并复查",
    "回访信访群众",
    "办结12345工单",
    "修订议事规则",
    "印发财务报销办法",
    "追缴拖欠租金",
    "收回被占用房产",
    "组织警示教育大会",
    "开展主题党日活动",
    "清运河道垃圾",
    "加装油烟净化设备",
    "完成雨污分流改造",
    "覆盖裸露土方",
    "清理违规停放车辆",
    "新建集中充电棚",
    "约谈社区负责人",
    "通报批评相关责任人",
    "精简会议文件",
    "取消台账报表",
    "公开招租闲置房产",
    "聘请第三方审计",
    "规范政府采购流程",
    "补齐经费使用手续",
    "开展明察暗访",
    "推行首问负责制",
    "登记公有资产",
    "评估闲置资产",
    "走访重点企业",
    "排查出租屋安全隐患",
    "培训网格员",
    "复查已拆除点位",
    "下达限期整改通知",
    "移交执法部门立案",
    "检测消防设施",
    "公示整改情况",
]


def seed_reports() -> None:
    from rectify.measures.models import Evidence, Measure, ProgressReport
    from rectify.orgs.models import User

    if ProgressReport.objects.exists():
        return
    rng = random.Random(14)
    author = User.objects.get(username="city_office")
    ids = list(Measure.objects.order_by("pk").values_list("pk", flat=True))
    reports = []
    for i, pk in enumerate(ids):
        if i % 100 == 1:  # a copy of the previous report, figures changed
            text = reports[-1].text.replace("1", "2")
        else:
            parts = rng.sample(CLAUSES, 4)
            text = (
                f"截至{rng.randint(1, 12)}月底，"
                + "，".join(f"{p}{rng.randint(1, 90)}处" for p in parts)
                + "。"
            )
        reports.append(
            ProgressReport(measure_id=pk, report_date="2024-06-30", text=text, author=author)
        )
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    rows = list(ProgressReport.objects.order_by("pk").values_list("pk", flat=True))
    Evidence.objects.bulk_create(
        [
            Evidence(
                report_id=r,
                file=f"evidence/x/{i}",
                original_name="纪要.pdf",
                content_type="application/pdf",
                size=10,
                uploaded_by=author,
                sha256=f"{(i - 1 if i % 50 == 1 else i):064x}",
            )
            for i, r in enumerate(rows)
        ],
        batch_size=2000,
    )


def clock(fn, runs: int = 1) -> dict:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    size = len(result) if hasattr(result, "__len__") else None
    return {
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "found": size,
    }


def timed(client, url: str, runs: int) -> dict:
    """p50/p95 of `runs` requests after one warm-up, and the status of the last."""
    client.get(url)
    times, status = [], None
    for _ in range(runs):
        start = time.perf_counter()
        status = client.get(url).status_code
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "url": url,
        "status": status,
        "runs": runs,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
    }


def photo_bands(n: int = 12000) -> dict:
    from rectify.insights.reuse import similar_photos

    rng = random.Random(14)
    rows, hashes = [], {}
    for i in range(n):
        value = rng.getrandbits(64) if i % 40 != 1 else hashes[i - 1] ^ (1 << rng.randrange(64))
        rows.append({"id": i, "sha256": str(i), "measure_id": i, "report_id": i, "unit_id": 1})
        hashes[i] = value
    return clock(lambda: similar_photos(rows, hashes))


def main() -> None:
    setup_django()
    count = ensure_seeded()
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from rectify.insights import figures
    from rectify.insights import selectors as s
    from rectify.insights.services import finding_matches_refresh
    from rectify.inspections.models import Inspection
    from rectify.orgs.models import User

    with transaction.atomic():
        seed_reports()
        today = timezone.localdate()
        every = s.measures_in_reach(user=None)
        results = {"measures": count, "database": database_name(), "checks": {}, "pages": []}
        checks = results["checks"]
        checks["formalism"] = clock(lambda: s.formalism_flags(measures=every))
        checks["evidence_reuse_files"] = clock(
            lambda: s.evidence_reuse(measures=every, photos=False)
        )
        checks["photo_bands_12000"] = photo_bands()
        checks["recurrence"] = clock(lambda: s.recurrences(measures=every))
        checks["gaming"] = clock(lambda: s.gaming(measures=every))
        checks["forecasts"] = clock(lambda: s.forecasts(measures=every, today=today))
        checks["insights_for"] = clock(lambda: s.insights_for(measures=every, today=today), runs=1)
        checks["figures_job"] = clock(lambda: [None] * figures.refresh(today=today))
        checks["finding_matches_job"] = clock(lambda: [None] * finding_matches_refresh())
        inspection = Inspection.objects.order_by("pk").first()
        runs = int(os.environ.get("RECTIFY_BENCH_REQUESTS", "20"))
        for who in ["city_office", "city_leader", "u001_leader1"]:
            client = Client()
            client.force_login(User.objects.get(username=who))
            for url in ["/insights/leader/", "/insights/district/"]:
                results["pages"].append({"user": who, **timed(client, url, runs=runs)})
                print(results["pages"][-1], file=sys.stderr, flush=True)
        client = Client()
        client.force_login(User.objects.get(username="city_office"))
        for url in [
            f"/insights/inspections/{inspection.pk}/dashboard/",
            f"/insights/inspections/{inspection.pk}/summary/",
            f"/insights/inspections/{inspection.pk}/",
        ]:
            results["pages"].append({"user": "city_office", **timed(client, url, runs=1)})
            print(results["pages"][-1], file=sys.stderr, flush=True)
        transaction.set_rollback(True)
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
