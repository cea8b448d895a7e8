"""Demo data: the seed notice as a live inspection, with org units and one user per role.

Used by `rectify demo`. Idempotent: running it again keeps the data and the demo users as
they are (their passwords are printed once, when they are created).
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from importlib import resources

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from rectify.imports.importer import notice_import
from rectify.inspections.models import Inspection
from rectify.measures.enums import MeasureKind, MeasureStatus
from rectify.measures.models import Measure
from rectify.measures.services import (
    deadline_extension_request,
    deadline_set,
    measure_confirm_suggestion,
    measure_update,
    progress_report_submit,
    signoff_approve,
    signoff_request,
    signoff_return,
)
from rectify.orgs.enums import OrgUnitKind, Role
from rectify.orgs.models import Membership, OrgUnit, User

SEED_NAME = "haizhuang-2023-rectification-notice.txt"

DEPARTMENTS = [
    # (name, keywords that route a seed measure to it)
    ("党政综合办公室", []),
    ("纪检监察办公室", ["纪工委", "谈话提醒", "警示教育", "约谈", "监督"]),
    ("综合执法办公室", ["违建", "违法建设", "拆违", "执法", "占道", "乱停"]),
    ("党建工作办公室", ["党建", "党员", "党组织", "党支部", "组织员", "三会一课"]),
    ("财务办公室", ["财务", "资产", "企业", "脱钩", "采购", "招标", "物业", "账"]),
    ("公共服务办公室", ["信访", "网格", "穗智管", "工单"]),
    ("规划建设办公室", ["自建房", "排水", "污水", "环境"]),
]
COMMUNITIES = ["宝玉直社区", "福仁社区"]

# (username, display name, role, unit key): one demo user per role.
CAST = [
    ("zhenggaiban", "党政综合办·李明", Role.OFFICE, "street"),
    ("shuji", "党工委书记·陈强", Role.LEADER, "street"),
    ("zhifa", "综合执法办·王芳", Role.REPORTER, "综合执法办公室"),
    ("zhifa_kezhang", "综合执法办科长·赵磊", Role.DEPT_HEAD, "综合执法办公室"),
    ("dangjian", "党建办·刘洋", Role.REPORTER, "党建工作办公室"),
    ("caiwu", "财务办·周敏", Role.REPORTER, "财务办公室"),
    ("jijian", "纪检监察办·孙涛", Role.DISCIPLINE, "street"),
    ("xunchaban", "区委巡察办·吴静", Role.REVIEWER, "inspection_office"),
    ("sysadmin", "系统管理员", Role.SYSADMIN, "district"),
    ("secadmin", "安全管理员", Role.SECADMIN, "district"),
    ("auditadmin", "审计管理员", Role.AUDITADMIN, "district"),
]


@dataclass
class DemoLogin:
    username: str
    password: str | None  # None: the user existed; its password was left alone
    display_name: str
    role: str


def seed_bytes() -> bytes:
    return resources.files("rectify.demo").joinpath("demo_data", SEED_NAME).read_bytes()


def _unit(name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
    unit, _ = OrgUnit.objects.get_or_create(parent=parent, name=name, defaults={"kind": kind})
    return unit


@transaction.atomic
def build_org_units() -> dict[str, OrgUnit]:
    district = _unit("海珠区", OrgUnitKind.DISTRICT, None)
    street = _unit("海幢街道", OrgUnitKind.STREET, district)
    units = {
        "district": district,
        "street": street,
        "inspection_office": _unit("区委巡察办", OrgUnitKind.INSPECTING_BODY, district),
    }
    for name, _keywords in DEPARTMENTS:
        units[name] = _unit(name, OrgUnitKind.DEPARTMENT, street)
    for name in COMMUNITIES:
        units[name] = _unit(name, OrgUnitKind.COMMUNITY, street)
    return units


@transaction.atomic
def build_users(units: dict[str, OrgUnit], password: str | None = None) -> list[DemoLogin]:
    logins = []
    for username, display_name, role, unit_key in CAST:
        user = User.objects.filter(username=username).first()
        secret = None  # an existing demo user keeps its password (and whatever else it changed)
        if user is None:
            user = User(username=username, display_name=display_name)
            user.must_change_password = False  # demo accounts: printed, throw-away passwords
            secret = password or secrets.token_urlsafe(9)
            user.set_password(secret)
            user.save()
        Membership.objects.get_or_create(user=user, role=role, org_unit=units[unit_key])
        logins.append(DemoLogin(username, secret, user.display_name, Role(role).label))
    return logins


def _department_for(text: str, units: dict[str, OrgUnit]) -> OrgUnit:
    for name, keywords in DEPARTMENTS:
        if any(word in text for word in keywords):
            return units[name]
    return units[DEPARTMENTS[0][0]]


@transaction.atomic
def assign_owners(inspection: Inspection, units: dict[str, OrgUnit]) -> None:
    """The office's plan, through the services: departments, people, leader, deadlines.

    Deadlines the notice gave ("2023年12月前") are kept; the rest are spread around today so
    the demo shows measures due soon, later, and a few overdue.
    """
    leader = User.objects.get(username="shuji")
    reporters = {
        m.org_unit_id: m.user
        for m in Membership.objects.filter(role=Role.REPORTER).select_related("user")
    }
    office = User.objects.get(username="zhenggaiban")
    today = timezone.localdate()
    measures = Measure.objects.filter(inspection=inspection).select_related("finding")
    for n, measure in enumerate(measures.order_by("sort_key")):
        dept = _department_for(f"{measure.finding.title} {measure.text}", units)
        measure_update(
            measure=measure,
            actor=office,
            expected_version=measure.version,
            lead_department=dept,
            responsible_leader=leader,
            responsible_person=reporters.get(dept.pk, office),
        )
        if measure.deadline is None and measure.kind != MeasureKind.LONG_TERM:
            deadline_set(
                measure=measure,
                actor=office,
                expected_version=measure.version,
                new_deadline=today + dt.timedelta(days=(n * 37) % 150 - 20),
                reason="按整改方案排期",
            )


def _evidence(name: str, text: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body.encode(), content_type="application/pdf")


def play_history(inspection: Inspection) -> None:
    """Walk part of the ledger through the real workflow, as the street did in 2023:
    what the notice calls done is reported with evidence and signed off (a few are still
    under review or were returned), what it calls ongoing is in progress, 常态化 work is
    long-term, and one department asks for more time."""
    office = User.objects.get(username="zhenggaiban")
    leader = User.objects.get(username="shuji")
    reviewer = User.objects.get(username="xunchaban")
    today = timezone.localdate()
    measures = list(
        Measure.objects.filter(inspection=inspection)
        .select_related("responsible_person", "finding")
        .order_by("sort_key")
    )
    for n, measure in enumerate(measures):
        suggested = measure.suggested_status
        actor = measure.responsible_person or office
        if suggested == MeasureStatus.LONG_TERM:
            measure_confirm_suggestion(measure=measure, actor=office, accept=True)
            continue
        if n % 5 == 4:
            continue  # not started yet
        measure_confirm_suggestion(measure=measure, actor=office, accept=suggested != "")
        measure.refresh_from_db()
        progress_report_submit(
            measure=measure,
            actor=actor,
            report_date=today - dt.timedelta(days=n % 20),
            text=measure.text if len(measure.text) < 400 else measure.text[:400],
            files=[
                _evidence(f"佐证材料-{measure.finding.label}{measure.label}.pdf", measure.text[:40])
            ],
        )
        done = suggested == MeasureStatus.SIGNED_OFF or n % 3 == 0
        if not done:
            continue
        signoff_request(
            measure=measure,
            actor=actor if actor != leader else office,
            note="已完成整改，请审核销号。",
        )
        if n % 7 == 3:
            continue  # waiting for review
        if n % 11 == 5:
            signoff_return(
                measure=measure, actor=reviewer, opinion="佐证材料不足，请补充会议纪要和现场照片。"
            )
            continue
        signoff_approve(measure=measure, actor=leader, opinion="佐证材料齐全，同意销号。")
    open_measures = [m for m in measures if m.deadline and m.status == MeasureStatus.IN_PROGRESS]
    for measure in open_measures[:1]:
        measure.refresh_from_db()
        deadline_extension_request(
            measure=measure,
            actor=measure.responsible_person or office,
            new_deadline=measure.deadline + dt.timedelta(days=60),
            reason="涉及多个部门协调，需延长时限。",
        )


def load_demo(*, password: str | None = None) -> tuple[Inspection, list[DemoLogin], bool]:
    """Create (or refresh) the demo; returns the inspection, the logins, and whether new."""

    units = build_org_units()
    logins = build_users(units, password)
    office = User.objects.get(username="zhenggaiban")
    existing = Inspection.objects.filter(inspected_unit=units["street"]).first()
    created = existing is None
    if created:
        result = notice_import(
            path_or_bytes=seed_bytes(),
            filename=SEED_NAME,
            actor=office,
            inspected_unit=units["street"],
            inspecting_unit=units["inspection_office"],
        )
        existing = result.inspection
        assign_owners(existing, units)
        play_history(existing)
    return existing, logins, created


def status_summary(inspection: Inspection) -> dict[str, int]:
    measures = Measure.objects.filter(inspection=inspection)
    return {s.label: measures.filter(status=s).count() for s in MeasureStatus}
