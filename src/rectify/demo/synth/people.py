"""The city's org tree and its people: one user per role where the work needs one.

市 (district kind, the root: the city's rectification office, leader, discipline office)
├── 市委巡察办 (inspecting body: reviewers)
└── streets and bureaus (inspected units: office, five leaders, discipline supervisor)
    └── departments and communities (a head and two reporters each)
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from rectify.orgs.enums import OrgUnitKind, Role
from rectify.orgs.models import Membership, OrgUnit, User

from .vocabulary import COMMUNITY_SUFFIXES, DEPARTMENT_NAMES, Words

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志海波宁鹏辉"


@dataclass
class Unit:
    """An inspected unit with the people who carry its measures."""

    unit: OrgUnit
    office: int
    leaders: list[int]
    departments: list[int] = field(default_factory=list)
    reporters: dict[int, list[int]] = field(default_factory=dict)  # department → users


@dataclass
class City:
    root: OrgUnit
    body: OrgUnit
    units: list[Unit]
    reviewers: list[int]
    names: dict[int, str]  # user id → display name (for audit entries)


def build_city(*, words: Words, units: int, password: str) -> City:
    if units < 4:
        raise ValueError(
            "--units: at least 4 (the city, its inspecting body, a unit, a department)"
        )
    root = OrgUnit.objects.create(name="某市", kind=OrgUnitKind.DISTRICT)
    body = OrgUnit.objects.create(name="市委巡察办", kind=OrgUnitKind.INSPECTING_BODY, parent=root)
    inspected = max(1, (units - 2) // 10)
    people = _People(words, make_password(password))
    people.add(root, Role.OFFICE, "city_office", 1)
    people.add(root, Role.LEADER, "city_leader", 1)
    people.add(root, Role.DISCIPLINE, "city_discipline", 1)
    for role in (Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN):
        people.add(root, role, str(role), 1)
    reviewers = people.add(body, Role.REVIEWER, "reviewer", 2)
    city_units = []
    for n in range(inspected):
        street = n % 3 != 2
        name = f"{words.unit_name(n + 1)}{'街道' if street else '局'}"
        kind = OrgUnitKind.STREET if street else OrgUnitKind.BUREAU
        unit = OrgUnit.objects.create(name=name, kind=kind, parent=root, position=n + 1)
        tag = f"u{n + 1:03d}"
        people.add(unit, Role.DISCIPLINE, f"{tag}_discipline", 1)
        city_units.append(
            Unit(
                unit=unit,
                office=people.add(unit, Role.OFFICE, f"{tag}_office", 1)[0],
                leaders=people.add(unit, Role.LEADER, f"{tag}_leader", 5),
            )
        )
    for n in range(units - 2 - inspected):
        owner = city_units[n % inspected]
        _department(owner, n, words, people)
    people.save()
    return City(root, body, city_units, reviewers, people.names)


def _department(owner: Unit, n: int, words: Words, people: "_People") -> None:
    k = len(owner.departments)
    if k < len(DEPARTMENT_NAMES):
        name, kind = DEPARTMENT_NAMES[k], OrgUnitKind.DEPARTMENT
    else:
        suffix = COMMUNITY_SUFFIXES[k % len(COMMUNITY_SUFFIXES)]
        name, kind = f"{words.unit_name(k)}{suffix}", OrgUnitKind.COMMUNITY
    unit = OrgUnit.objects.create(name=name, kind=kind, parent=owner.unit, position=k + 1)
    tag = f"d{n + 1:03d}"
    people.add(unit, Role.DEPT_HEAD, f"{tag}_head", 1)
    owner.departments.append(unit.pk)
    owner.reporters[unit.pk] = people.add(unit, Role.REPORTER, f"{tag}_reporter", 2)


class _People:
    """Users and memberships, created together in bulk at the end (ids known before)."""

    def __init__(self, words: Words, password_hash: str):
        self.words = words
        self.password_hash = password_hash
        self.users: list[User] = []
        self.memberships: list[Membership] = []
        self.next_id = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.names: dict[int, str] = {}

    def add(self, unit: OrgUnit, role: str, username: str, count: int) -> list[int]:
        ids = []
        for k in range(count):
            name = username if count == 1 else f"{username}{k + 1}"
            display = self.words.rng.choice(SURNAMES) + "".join(
                self.words.rng.sample(GIVEN, self.words.rng.choice((1, 2)))
            )
            user = User(
                pk=self.next_id,
                username=name,
                display_name=display,
                password=self.password_hash,
                must_change_password=False,
                password_changed_at=timezone.now(),
            )
            self.users.append(user)
            self.memberships.append(Membership(user_id=user.pk, org_unit=unit, role=role))
            self.names[user.pk] = display
            ids.append(user.pk)
            self.next_id += 1
        return ids

    def save(self) -> None:
        User.objects.bulk_create(self.users)
        Membership.objects.bulk_create(self.memberships)
