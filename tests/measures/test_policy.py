"""The measure policy: one rule per action, its states taken from the workflow table.

Cast (tests/conftest.py): office plans; reporter and dept_head work for 执法办 (the lead
department); party_reporter for 党建办 (not on this measure); leader and reviewer decide.
"""

import pytest
from django.utils import translation

from rectify.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from rectify.measures import services as signoff_services
from rectify.measures.enums import MeasureStatus
from rectify.measures.models import SignOff
from rectify.measures.policy import RULES, Action, allowed_actions, may, require
from rectify.measures.selectors import signoff_queue_for
from rectify.measures.workflow import TRANSITIONS, WORKING_STATES
from tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db

# who:           edit plan, report, request sign-off, approve sign-off, decide extension
WHO_MAY = {
    "office": (True, True, True, False, False),
    "leader": (False, False, False, True, True),
    "reporter": (False, True, True, False, False),
    "dept_head": (False, True, True, False, False),
    "party_reporter": (False, False, False, False, False),
    "discipline": (False, False, False, False, False),
    "reviewer": (False, False, False, True, False),
    "sysadmin": (False, False, False, False, False),
    "outsider": (False, False, False, False, False),
}
COLUMNS = (
    Action.EDIT_PLAN,
    Action.REPORT_PROGRESS,
    Action.REQUEST_SIGNOFF,
    Action.APPROVE_SIGNOFF,
    Action.DECIDE_EXTENSION,
)


@pytest.mark.parametrize(("who", "expected"), WHO_MAY.items())
def test_who_may_act_on_a_measure(cast, measure, who, expected):
    user = getattr(cast, who)
    assert tuple(may(user, action, measure) for action in COLUMNS) == expected


def test_transition_actions_take_their_states_from_the_workflow_table():
    for action, rule in RULES.items():
        if rule.transition:
            assert rule.allowed_states() == TRANSITIONS[rule.transition].sources, action
    assert RULES[Action.REPORT_PROGRESS].allowed_states() == (
        TRANSITIONS["start"].sources | WORKING_STATES
    )


def test_a_not_started_measure_offers_no_sign_off_request(cast, measure):
    """The table refuses request_signoff from 未开始; the page must not offer it either."""
    assert measure.status == MeasureStatus.NOT_STARTED
    assert Action.REQUEST_SIGNOFF not in allowed_actions(cast.office, measure)
    assert Action.REPORT_PROGRESS in allowed_actions(cast.reporter, measure)


@pytest.mark.parametrize(
    ("status", "office_actions"),
    [
        (
            MeasureStatus.IN_PROGRESS,
            {"edit_plan", "set_deadline", "mark_long_term", "report_progress", "add_evidence"}
            | {"request_extension", "request_signoff", "withdraw"},
        ),
        # Issue 9: a signed-off measure is frozen; the office must reopen it first.
        (MeasureStatus.SIGNED_OFF, {"reopen"}),
        (
            MeasureStatus.LONG_TERM,
            {"edit_plan", "set_deadline", "report_progress", "add_evidence"}
            | {"request_extension", "request_signoff", "withdraw"},
        ),
        # A withdrawn measure is out of the plan: nothing more is done to it.
        (MeasureStatus.WITHDRAWN, set()),
        (
            MeasureStatus.NOT_STARTED,
            {"edit_plan", "set_deadline", "mark_long_term", "report_progress", "add_evidence"}
            | {"request_extension", "withdraw"},
        ),
    ],
)
def test_allowed_actions_follow_the_state(cast, inspection, units, status, office_actions):
    measure = MeasureFactory(
        finding__inspection=inspection, lead_department=units.enforcement, status=status
    )
    assert {str(a) for a in allowed_actions(cast.office, measure)} == office_actions


def test_only_the_requester_or_the_office_may_withdraw(cast, inspection, units):
    measure = MeasureFactory(
        finding__inspection=inspection,
        lead_department=units.enforcement,
        status=MeasureStatus.SIGNOFF_REQUESTED,
    )
    SignOff.objects.create(measure=measure, requested_by=cast.reporter)
    assert Action.WITHDRAW_SIGNOFF in allowed_actions(cast.reporter, measure)
    assert Action.WITHDRAW_SIGNOFF in allowed_actions(cast.office, measure)
    assert Action.WITHDRAW_SIGNOFF not in allowed_actions(cast.dept_head, measure)
    with pytest.raises(PermissionRefused):
        require(cast.dept_head, Action.WITHDRAW_SIGNOFF, measure)


def test_require_names_the_refusal(cast, inspection, units):
    measure = MeasureFactory(
        finding__inspection=inspection,
        lead_department=units.enforcement,
        status=MeasureStatus.SIGNED_OFF,
    )
    with pytest.raises(PermissionRefused):
        require(cast.party_reporter, Action.REPORT_PROGRESS, measure)
    with translation.override("en"):
        with pytest.raises(ValidationFailed, match="reopen it before reporting"):
            require(cast.reporter, Action.REPORT_PROGRESS, measure)
        with pytest.raises(ValidationFailed, match="needs no extension"):
            require(cast.reporter, Action.REQUEST_EXTENSION, measure)
    measure.status = MeasureStatus.NOT_STARTED
    # A transition's state is checked where it is applied (workflow.transition), which names
    # the action and the state; the page does not offer it.
    require(cast.leader, Action.REOPEN, measure)
    assert Action.REOPEN not in allowed_actions(cast.leader, measure)
    with pytest.raises(TransitionNotAllowed):
        signoff_services.measure_reopen(measure=measure, actor=cast.leader, reason="反弹")
    require(None, Action.EDIT_PLAN, measure)  # the system itself (importer, commands)


def test_signoff_queue_matches_the_reviewer_rule(cast, inspection):
    waiting = MeasureFactory(finding__inspection=inspection, status="signoff_requested")
    MeasureFactory(finding__inspection=inspection, status="in_progress")
    for who in ["leader", "reviewer", "office", "reporter", "outsider", "sysadmin"]:
        user = getattr(cast, who)
        queue = list(signoff_queue_for(user=user))
        expected = [waiting] if may(user, Action.APPROVE_SIGNOFF, waiting) else []
        assert queue == expected, who
