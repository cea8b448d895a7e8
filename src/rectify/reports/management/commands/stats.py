import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rectify.core.replica import replica_reads
from rectify.inspections.models import Inspection
from rectify.reports.selectors import stats_for


class Command(BaseCommand):
    help = "Print ledger statistics (the figures the inspection page shows). 打印台账统计。"

    def add_arguments(self, parser):
        parser.add_argument("inspection", nargs="?", type=int, help="inspection id (default: all)")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, inspection=None, format="text", **options):
        qs = Inspection.objects.select_related("inspected_unit").order_by("pk")
        if inspection is not None:
            qs = qs.filter(pk=inspection)
            if not qs.exists():
                raise CommandError(
                    f"检查轮次 {inspection} 不存在 / inspection {inspection} does not exist",
                    returncode=2,
                )
        with replica_reads():  # a report: the read replica may answer (core.replica)
            data = stats_for(inspections=qs, today=timezone.localdate())
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        for item in data:
            m = item["measures"]
            self.stdout.write(
                f"[{item['id']}] {item['title']}\n"
                f"  方面 {item['aspects']}  问题 {item['problems']}  "
                f"有措施的问题 {item['findings_with_measures']}\n"
                f"  措施 {m['total']}  已销号 {m['done']}  逾期 {m['overdue']}  "
                f"完成率 {m['done_rate']}%\n"
                f"  " + "  ".join(f"{k}={v}" for k, v in m["by_status"].items())
            )
