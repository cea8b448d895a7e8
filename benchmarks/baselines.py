"""The pages `bench_pages` times, and for each its lower bound: the raw SQL returning the
rows the page shows (the page cannot be faster than fetching them), timed in the same run."""

import math
import os
import statistics
import time
from dataclasses import dataclass
from urllib.parse import quote

from common import CITY_BODY

LEDGER = """
SELECT m.id, m.label, m.text, m.kind, m.status, m.deadline, d.name, p.display_name,
       l.display_name, f.label, f.title, m.version
FROM measures_measure m
JOIN inspections_finding f ON f.id = m.finding_id
LEFT JOIN orgs_orgunit d ON d.id = m.lead_department_id
LEFT JOIN orgs_user p ON p.id = m.responsible_person_id
LEFT JOIN orgs_user l ON l.id = m.responsible_leader_id
WHERE {where}
ORDER BY {order}
"""
ORDER = "m.inspection_id DESC, m.sort_key"
CO = "SELECT measure_id FROM measures_measure_co_departments WHERE orgunit_id = %s"
SEARCH_LIKE = (
    "(m.text LIKE %s OR m.target LIKE %s OR m.finding_id IN (SELECT f2.id FROM "
    "inspections_finding f2 LEFT JOIN inspections_finding p2 ON p2.id = f2.parent_id "
    "WHERE f2.title LIKE %s OR p2.title LIKE %s))"
)
# PostgreSQL's lower bound reads the bigram indexes (measures.search) as the page does.
_TITLED = (
    "SELECT id FROM inspections_finding "
    "WHERE rectify_bigrams(title) @> rectify_bigrams(%s) AND title LIKE %s"
)
SEARCH_PG = (
    "(m.id IN (SELECT id FROM measures_measure WHERE rectify_bigrams(text) @> rectify_bigrams(%s)"
    " AND text LIKE %s) OR m.id IN (SELECT id FROM measures_measure WHERE rectify_bigrams(target)"
    " @> rectify_bigrams(%s) AND target LIKE %s) OR m.finding_id IN (SELECT id FROM "
    f"inspections_finding WHERE id IN ({_TITLED}) OR parent_id IN ({_TITLED})))"
)
OPEN = "m.status IN ('not_started', 'in_progress', 'returned', 'signoff_requested', 'long_term')"


def ledger(where: str = "1 = 1", params=(), *, page: int = 1, order: str = ORDER, limit=50):
    sql = LEDGER.format(where=where, order=order)
    if limit:
        sql += f" LIMIT {limit} OFFSET {(page - 1) * limit}"
    return [(sql, list(params))]


@dataclass
class Page:
    name: str
    user: str
    url: str
    baseline: str
    statements: list
    target: str


class Baselines:
    def __init__(self):
        from django.db import connection
        from django.db.models import Count

        from rectify.inspections.models import Inspection
        from rectify.measures.enums import OPEN_STATUSES, MeasureStatus
        from rectify.measures.models import Measure
        from rectify.orgs.models import Membership

        self.vendor = connection.vendor
        self.runs = int(os.environ.get("RECTIFY_BENCH_REQUESTS", "30"))
        city = Measure.objects.filter(inspection__inspecting_unit__name=CITY_BODY)
        top = (
            city.filter(lead_department__isnull=False)
            .values("lead_department")
            .annotate(n=Count("id"))
            .order_by("-n")[0]
        )
        self.department = top["lead_department"]
        reporter = Membership.objects.filter(org_unit_id=self.department, role="reporter")
        led = city.filter(status__in=OPEN_STATUSES | {MeasureStatus.LONG_TERM})
        leader = led.values("responsible_leader").annotate(n=Count("id")).order_by("-n")[0]
        self.leader_id = leader["responsible_leader"]
        self.users = {
            "office": "city_office",
            "department": reporter.order_by("user__username")[0].user.username,
            "leader": Membership.objects.filter(user_id=self.leader_id)[0].user.username,
        }
        self.reporter_id = reporter.order_by("user__username")[0].user_id
        self.inspection = (
            Inspection.objects.filter(inspecting_unit__name=CITY_BODY).order_by("-pk")[0].pk
        )
        self.total = city.count()
        mine = Measure.objects.filter(lead_department_id=self.department)
        self.measure = mine.annotate(n=Count("reports")).order_by("-n", "pk")[0].pk

    def pages(self) -> list[Page]:
        office, dept, leader = self.users["office"], self.users["department"], self.users["leader"]
        d, me = self.department, self.reporter_id
        deep = min(1000, math.ceil(self.total / 50))
        scope = f"(m.lead_department_id = %s OR m.id IN ({CO}))"
        word, long_word = "公车", "公务接待"
        like, long_like = self._like(word), self._like(long_word)
        SEARCH = SEARCH_PG if self.vendor == "postgresql" else SEARCH_LIKE
        ledger_p95 = "p95_ms <= 100"
        return [
            Page(
                "ledger first page",
                office,
                "/measures/",
                "raw SQL, first 50 rows",
                ledger(),
                ledger_p95,
            ),
            Page(
                "ledger, department filter",
                office,
                f"/measures/?department={d}",
                "raw SQL, 50 rows of the department",
                ledger(scope, [d, d]),
                ledger_p95,
            ),
            Page(
                f"ledger, page {deep}",
                office,
                f"/measures/?page={deep}",
                f"raw SQL, OFFSET {(deep - 1) * 50}",
                ledger(page=deep),
                ledger_p95,
            ),
            Page(
                "ledger, department user",
                dept,
                "/measures/",
                "raw SQL, 50 rows in scope",
                ledger(scope, [d, d]),
                ledger_p95,
            ),
            Page(
                f"ledger, search {word}",
                office,
                f"/measures/?q={quote(word)}",
                "raw SQL LIKE, 50 rows",
                ledger(SEARCH, like),
                "p95_ms <= 200",
            ),
            Page(
                f"ledger, search {long_word}",
                office,
                f"/measures/?q={quote(long_word)}",
                "raw SQL LIKE, 50 rows",
                ledger(SEARCH, long_like),
                "p95_ms <= 200",
            ),
            Page(
                f"department user, search {word}",
                dept,
                f"/measures/?q={quote(word)}",
                "raw SQL LIKE in scope, 50 rows",
                ledger(f"{scope} AND {SEARCH}", [d, d, *like]),
                "p95_ms <= 200",
            ),
            Page(
                "dashboard (inspection page)",
                office,
                f"/inspections/{self.inspection}/",
                "raw SQL, finding tree with counts and status counts",
                self._dashboard(),
                "p95_ms <= 150",
            ),
            Page(
                "my work",
                leader,
                "/measures/mine/",
                "raw SQL, every open measure led",
                self._mine_leader(),
                "p95_ms <= 150",
            ),
            Page(
                "my work",
                dept,
                "/measures/mine/",
                "raw SQL, every open measure of the department or own",
                self._mine_dept(me),
                "p95_ms <= 150",
            ),
            Page(
                "measure page",
                dept,
                f"/measures/{self.measure}/",
                "raw SQL, the measure, its reports and evidence",
                self._measure(),
                "p95_ms <= 120",
            ),
            Page(
                "inspection list",
                office,
                "/inspections/",
                "raw SQL, the rounds",
                [
                    (
                        "SELECT id, title, kind, feedback_date FROM inspections_inspection "
                        "ORDER BY id DESC",
                        [],
                    )
                ],
                "",
            ),
            Page(
                "API measure list",
                office,
                f"/api/measures/?inspection={self.inspection}",
                "raw SQL, first 50 rows of the round",
                ledger("m.inspection_id = %s", [self.inspection]),
                "",
            ),
        ]

    def _like(self, word: str) -> list[str]:
        if self.vendor == "postgresql":
            return [word, f"%{word}%"] * 4
        return [f"%{word}%"] * 4

    def _dashboard(self) -> list:
        tree = (
            "SELECT f.id, f.label, f.title, f.depth, f.kind, COUNT(m.id) "
            "FROM inspections_finding f "
            "LEFT JOIN measures_measure m ON m.finding_id = f.id WHERE f.inspection_id = %s "
            "GROUP BY f.id, f.label, f.title, f.depth, f.kind, f.sort_key ORDER BY f.sort_key"
        )
        counts = (
            "SELECT status, COUNT(*) FROM measures_measure WHERE inspection_id = %s GROUP BY status"
        )
        return [(tree, [self.inspection]), (counts, [self.inspection])]

    def _mine_leader(self) -> list:
        where = f"(m.responsible_person_id = %s OR m.responsible_leader_id = %s) AND {OPEN}"
        order = "m.deadline, " + ORDER
        return ledger(where, [self.leader_id] * 2, order=order, limit=None)

    def _mine_dept(self, me: int) -> list:
        where = (
            f"(m.responsible_person_id = %s OR m.responsible_leader_id = %s OR "
            f"m.lead_department_id = %s OR m.id IN ({CO})) AND {OPEN}"
        )
        d = self.department
        return ledger(where, [me, me, d, d], order="m.deadline, " + ORDER, limit=None)

    def _measure(self) -> list:
        one = LEDGER.format(where="m.id = %s", order="m.id")
        reports = (
            "SELECT r.id, r.report_date, r.text, u.display_name FROM measures_progressreport r "
            "JOIN orgs_user u ON u.id = r.author_id WHERE r.measure_id = %s "
            "ORDER BY r.report_date DESC, r.id DESC"
        )
        evidence = (
            "SELECT e.id, e.original_name, e.size, e.report_id FROM measures_evidence e "
            "JOIN measures_progressreport r ON r.id = e.report_id WHERE r.measure_id = %s"
        )
        return [(one, [self.measure]), (reports, [self.measure]), (evidence, [self.measure])]

    def time(self, page: Page) -> float:
        """Median milliseconds of the page's statements, rows fetched, over the page's runs."""
        from django.db import connection

        times = []
        with connection.cursor() as cursor:
            for _ in range(self.runs + 3):
                start = time.perf_counter()
                for sql, params in page.statements:
                    cursor.execute(sql, params)
                    cursor.fetchall()
                times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times[3:])
