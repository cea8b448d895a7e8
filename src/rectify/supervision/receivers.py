"""Messages for what happens to measures: who is told of a sign-off request, a return, an
approval, an extension request or decision. Connected by `SupervisionConfig.ready`."""

from __future__ import annotations

from django.dispatch import receiver

from rectify.measures.enums import Decision
from rectify.measures.events import extension_changed, measure_transitioned

from . import recipients as who
from .notify import notify

TRANSITION_MESSAGES = {
    "request_signoff": ("signoff_requested", "销号申请待审核：{text}"),
    "return_signoff": ("signoff_returned", "销号申请被退回：{text}"),
    "approve_signoff": ("signoff_approved", "已销号：{text}"),
    "reopen": ("measure_reopened", "回头看发现反弹，措施重新整改：{text}"),
}


def _requester(measure):
    signoff = measure.signoffs.exclude(decision=Decision.WITHDRAWN).order_by("-pk").first()
    return [signoff.requested_by] if signoff else []


@receiver(measure_transitioned, dispatch_uid="supervision_tell_of_transition")
def tell_of_transition(sender, measure, transition, actor, note="", **kwargs):
    if transition not in TRANSITION_MESSAGES:
        return
    kind, title = TRANSITION_MESSAGES[transition]
    if transition == "request_signoff":
        people = who.reviewers(measure)
    elif transition == "return_signoff":
        people = who.unique(_requester(measure) + who.responsible(measure))
    else:
        people = who.unique(who.responsible(measure) + who.office(measure))
    people = [p for p in people if p.pk != getattr(actor, "pk", None)]
    notify(recipients=people, kind=kind, title=title.format(text=measure.text[:40]), body=note,
           measure=measure)  # fmt: skip


@receiver(extension_changed, dispatch_uid="supervision_tell_of_extension")
def tell_of_extension(sender, measure, extension, actor, decided=None, **kwargs):
    if decided is None:
        people, title = who.principal_leaders(measure), "延期申请待审批：{text}"
    else:
        people = [extension.requested_by]
        title = "延期申请已批准：{text}" if decided else "延期申请未获批准：{text}"
    notify(recipients=people, kind="extension", title=title.format(text=measure.text[:40]),
           body=extension.reason, measure=measure)  # fmt: skip
