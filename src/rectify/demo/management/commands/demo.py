import unicodedata

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from rectify.demo.loader import DemoLogin, load_demo, status_summary
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
        for line in login_table(logins):
            self.stdout.write(line)
        if any(login.password is None for login in logins):
            self.stdout.write(
                "  已有的示例账号及其密码未改动 / existing demo users and their passwords "
                "were left unchanged"
            )
        if no_serve:
            return
        self.stdout.write(f"\n打开 / open http://{addrport}/\n")
        call_command("runserver", addrport, use_reloader=False)


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: wide and full-width characters (汉字) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def login_table(logins: list[DemoLogin]) -> list[str]:
    """One line per demo log-in, columns aligned by display width (Chinese names included)."""
    rows = [
        (login.role, login.username, login.password or "（未改动 unchanged）", login.display_name)
        for login in logins
    ]
    widths = [max(display_width(row[i]) for row in rows) + 2 for i in range(3)]
    return [
        "  " + "".join(pad(c, w) for c, w in zip(row[:3], widths, strict=True)) + row[3]
        for row in rows
    ]
