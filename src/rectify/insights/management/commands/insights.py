import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rectify.insights.selectors import insights_for, measures_in_reach
from rectify.inspections.models import Inspection
from rectify.orgs.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Print the integrity checks (formalism, evidence reuse, recurrence, deadline gaming, "
        "forecasts). 打印整改质量检查结果。"
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection", nargs="?", type=int, help="inspection id (default: all)")
        parser.add_argument("--unit", type=int, help="org unit id (inspected unit or department)")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, inspection=None, unit=None, format="text", **options):
        if inspection is not None and not Inspection.objects.filter(pk=inspection).exists():
            raise CommandError(
                f"检查轮次 {inspection} 不存在 / inspection {inspection} does not exist",
                returncode=2,
            )
        if unit is not None and not OrgUnit.objects.filter(pk=unit).exists():
            raise CommandError(f"单位 {unit} 不存在 / org unit {unit} does not exist", returncode=2)
        measures = measures_in_reach(user=None, inspection=inspection, unit=unit)
        data = insights_for(measures=measures, today=timezone.localdate())
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        self.stdout.write(self._text(data))

    def _text(self, data: dict) -> str:
        lines = [f"形式主义 {len(data['formalism'])}"]
        lines += [
            f"  措施 {f['measure']} 进展 {f['report'] or '—'} {f['reason']}"
            + (f" ↔ 进展 {f['other_report']}" if f["other_report"] else "")
            + (f" ({f['score']})" if f["score"] is not None else "")
            for f in data["formalism"]
        ]
        lines.append(f"佐证重复使用 {len(data['evidence_reuse'])}")
        lines += [
            f"  材料 {r['evidence']}（措施 {r['measure']}）↔ 材料 {r['other_evidence']}"
            f"（措施 {r['other_measure']}）{r['kind']} {r['distance']}"
            for r in data["evidence_reuse"]
        ]
        lines.append(f"屡改屡犯 {len(data['recurrence'])}")
        lines += [
            f"  问题 {r['finding']} ← 上轮问题 {r['earlier_finding']} 相似度 {r['similarity']}"
            + (f" 已销号（{r['signed_off_by']}）" if r["signed_off"] else "")
            for r in data["recurrence"]
        ]
        lines.append("期限博弈（按单位）")
        lines += [
            f"  单位 {unit}: 延期 {g['extensions']} 连续延期措施 {len(g['serial_extensions'])} "
            f"临期申请 {g['last_days_requests']}/{g['signoff_requests']} 反弹率 {g['reopen_rate']}%"
            for unit, g in data["gaming"].items()
        ]
        lines.append(f"指标预测 {len(data['forecasts'])}")
        lines += [
            f"  指标 {f['indicator']} 剩余 {f['remaining']} 月均 {f['rate_per_month']} "
            f"预计 {f['expected_finish'] or '—'}"
            for f in data["forecasts"]
        ]
        return "\n".join(lines)
