"""Sign-off requests, returns, approvals and extension decisions tell the right people."""

import pytest

from rectify.measures import services
from rectify.supervision.models import Notification
from tests.factories import FindingFactory, MeasureFactory, pdf_upload
from tests.report_helpers import report_on

pytestmark = pytest.mark.django_db


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def measure(inspection, units):
    return MeasureFactory(
        finding=FindingFactory(inspection=inspection),
        lead_department=units.enforcement,
        status="in_progress",
    )


def test_the_sign_off_round_trip_is_told(measure, cast):
    services.progress_report_submit(
        measure=measure, actor=cast.reporter, text="已完成", files=[pdf_upload()]
    )
    services.signoff_request(measure=measure, actor=cast.reporter)
    assert "signoff_requested" in inbox(cast.leader)
    assert "signoff_requested" in inbox(cast.reviewer)
    services.signoff_return(measure=measure, actor=cast.leader, opinion="佐证不足")
    assert "signoff_returned" in inbox(cast.reporter)
    report_on(measure, cast.reporter)
    services.signoff_request(measure=measure, actor=cast.reporter)
    services.signoff_approve(measure=measure, actor=cast.leader, opinion="同意")
    assert "signoff_approved" in inbox(cast.office)
    assert "signoff_approved" not in inbox(cast.leader)  # the actor is not told of their act


def test_extensions_are_told_to_the_decider_and_back(measure, cast):
    import datetime as dt

    services.deadline_extension_request(
        measure=measure, actor=cast.reporter,
        new_deadline=measure.deadline + dt.timedelta(days=30), reason="需协调",
    )  # fmt: skip
    assert inbox(cast.leader) == ["extension"]
    extension = measure.extensions.get()
    services.deadline_extension_decide(extension=extension, actor=cast.leader, approve=True)
    assert inbox(cast.reporter) == ["extension"]
