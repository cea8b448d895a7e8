"""Factories whose traits read as scenarios: MeasureFactory(overdue=True)."""

import datetime as dt
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rectify.inspections.enums import FindingKind, InspectionKind
from rectify.inspections.models import Finding, Inspection
from rectify.measures.enums import ExtensionStatus, MeasureKind, MeasureStatus
from rectify.measures.models import DeadlineExtension, Indicator, Measure, ProgressReport
from rectify.orgs.enums import OrgUnitKind
from rectify.orgs.models import Membership, OrgUnit, User

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "会议纪要.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = OrgUnitKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "Passw0rd!x")
    must_change_password = False

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role=("office", unit)) adds a membership."""
        if create and extracted:
            role, unit = extracted
            Membership.objects.create(user=self, role=role, org_unit=unit)
        if create:
            self.save()


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    kind = InspectionKind.XUNCHA
    title = factory.Sequence(lambda n: f"区委第{n}巡察组巡察")
    inspecting_body = "区委第一巡察组"
    inspected_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.STREET)
    period_start = dt.date(2022, 7, 26)
    period_end = dt.date(2022, 10, 14)
    feedback_date = dt.date(2023, 1, 16)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    kind = FindingKind.PROBLEM
    position = factory.Sequence(lambda n: n + 1)
    label = "（一）"
    title = factory.Sequence(lambda n: f"针对问题{n}的问题")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    class Params:
        overdue = factory.Trait(
            deadline=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10)),
            status=MeasureStatus.IN_PROGRESS,
        )
        long_term = factory.Trait(kind=MeasureKind.LONG_TERM, deadline=None)

    finding = factory.SubFactory(FindingFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = "一是"
    text = factory.Sequence(lambda n: f"召开专题会议研究整改{n}。")
    kind = MeasureKind.TIME_BOUND
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    measure = factory.SubFactory(MeasureFactory)
    report_date = factory.LazyFunction(timezone.localdate)
    text = "已召开专题会议。"
    author = factory.SubFactory(UserFactory)


# Added for the service-level suite: more of the domain, as scenarios.


class IndicatorFactory(factory.django.DjangoModelFactory):
    """指标: 历史违建 68 宗, 已整治 35."""

    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = "历史违建"
    unit = "宗"
    target_value = Decimal("68")
    current_value = Decimal("35")


class DeadlineExtensionFactory(factory.django.DjangoModelFactory):
    """延期: DeadlineExtensionFactory(approved=True) is an extension the leader granted."""

    class Meta:
        model = DeadlineExtension

    class Params:
        approved = factory.Trait(
            status=ExtensionStatus.APPROVED, decided_at=factory.LazyFunction(timezone.now)
        )

    measure = factory.SubFactory(MeasureFactory)
    old_deadline = factory.LazyAttribute(lambda o: o.measure.deadline)
    new_deadline = factory.LazyAttribute(
        lambda o: (o.old_deadline or timezone.localdate()) + dt.timedelta(days=30)
    )
    reason = "涉及多部门协调，需延期。"
    requested_by = factory.SubFactory(UserFactory)
