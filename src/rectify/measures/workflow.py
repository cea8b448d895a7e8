"""The measure lifecycle as data: (transition, from-states, to-state), enforced in one place.

Every status change of a measure goes through `transition()`, which checks this table,
writes the change with optimistic locking, logs a MeasureEvent and an audit entry.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import TransitionNotAllowed
from rectify.core.locking import update_versioned

from .enums import MeasureStatus as S
from .events import measure_transitioned
from .models import Measure, MeasureEvent


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: object
    # What the event is called when it leaves a particular state (the history's words).
    labels_from: tuple[tuple[str, object], ...] = ()

    @property
    def audit_code(self) -> AuditCode:
        return AuditCode(f"measure.{self.name}")  # every transition has its declared code

    def label_from(self, source: str) -> object:
        """The label of this transition taken from `source` (a start after a return is a
        resumption, not a first report)."""
        return dict(self.labels_from).get(source, self.label)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "start",
            frozenset({S.NOT_STARTED, S.RETURNED}),
            S.IN_PROGRESS,
            _("Start (first progress report)"),
            labels_from=((S.RETURNED, _("Work resumed after the return (progress reported)")),),
        ),
        Transition(
            "mark_long_term",
            frozenset({S.NOT_STARTED, S.IN_PROGRESS, S.RETURNED}),
            S.LONG_TERM,
            _("Mark as long-term"),
        ),
        Transition(
            "request_signoff",
            frozenset({S.IN_PROGRESS, S.RETURNED, S.LONG_TERM}),
            S.SIGNOFF_REQUESTED,
            _("Request sign-off"),
        ),
        Transition(
            "withdraw_signoff",
            frozenset({S.SIGNOFF_REQUESTED}),
            S.IN_PROGRESS,
            _("Withdraw sign-off request"),
        ),
        Transition(
            "approve_signoff", frozenset({S.SIGNOFF_REQUESTED}), S.SIGNED_OFF, _("Sign off")
        ),
        Transition("return_signoff", frozenset({S.SIGNOFF_REQUESTED}), S.RETURNED, _("Return")),
        Transition(
            "withdraw",
            frozenset({S.NOT_STARTED, S.IN_PROGRESS, S.RETURNED, S.LONG_TERM}),
            S.WITHDRAWN,
            _("Withdraw the measure"),
        ),
        Transition(
            "reopen", frozenset({S.SIGNED_OFF}), S.IN_PROGRESS, _("Reopen after re-check (rebound)")
        ),
    ]
}


# States in which work goes on: a progress report keeps the status (`start` leaves the others).
WORKING_STATES = frozenset({S.IN_PROGRESS, S.LONG_TERM})


def allowed_transitions(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]


def transition(
    *,
    measure: Measure,
    name: str,
    actor,
    note: str = "",
    expected_version: int | None = None,
    **extra_fields,
) -> MeasureEvent:
    """Apply transition `name` to `measure`; refuse clearly if the table does not allow it.

    Callers hold a transaction (services are atomic).
    """
    spec = TRANSITIONS[name]
    if measure.status not in spec.sources:
        raise TransitionNotAllowed(
            _("“%(action)s” is not allowed while the measure is “%(status)s”."),
            action=spec.label,
            status=S(measure.status).label,
        )
    old = measure.status
    update_versioned(
        measure,
        expected_version=measure.version if expected_version is None else expected_version,
        status=spec.target,
        **extra_fields,
    )
    event = MeasureEvent.objects.create(
        measure=measure,
        transition=name,
        from_status=old,
        to_status=spec.target,
        actor=actor,
        note=note,
    )
    audit_log(
        actor=actor,
        code=spec.audit_code,
        obj=measure,
        before={"status": old},
        after={"status": spec.target},
        note=note,
    )
    measure_transitioned.send(
        sender=Measure, measure=measure, transition=name, actor=actor, note=note
    )
    return event
