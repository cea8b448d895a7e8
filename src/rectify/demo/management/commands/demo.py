from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from rectify.demo.loader import load_demo, status_summary
from rectify.reports.selectors import inspection_stats


class Command(BaseCommand):
    help = (
        "Migrate, load the seed notice as a demo inspection with demo users, and serve. "
        "迁移数据库、载入示例数据并启动服务。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the demo, do not serve")
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--password", help="use this password for every demo user")

    def handle(self, *args, no_serve=False, addrport="127.0.0.1:8000", password=None, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        inspection, logins, created = load_demo(password=password)

        stats = inspection_stats(inspection=inspection, today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"{'已载入' if created else '已存在'}示例检查轮次 / demo inspection "
                f"#{inspection.pk}: {inspection.title}"
            )
        )
        m = stats["measures"]
        self.stdout.write(
            f"  方面 {stats['aspects']} · 问题 {stats['problems']} · 有措施的问题 "
            f"{stats['findings_with_measures']} · 措施 {m['total']} · 已销号 {m['done']} · "
            f"逾期 {m['overdue']}"
        )
        self.stdout.write(
            "  " + ", ".join(f"{k} {v}" for k, v in status_summary(inspection).items())
        )
        self.stdout.write("\n示例账号 / demo log-ins (one per role):")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<28} {login.username:<16} {login.password:<16} {login.display_name}"
            )
        if no_serve:
            return
        self.stdout.write(f"\n打开 / open http://{addrport}/\n")
        call_command("runserver", addrport, use_reloader=False)
