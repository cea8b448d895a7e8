"""销号 actions on the measure page: request, approve, return, withdraw, reopen."""

from django.utils.translation import gettext_lazy as _lazy

from .. import services
from ..forms import NoteForm, ReopenForm, SignoffRequestForm, SignoffReviewForm
from .detail import measure_action

request_signoff = measure_action(
    panel="signoff_request",
    form_class=SignoffRequestForm,
    call=lambda m, user, data: services.signoff_request(measure=m, actor=user, note=data["note"]),
    success=_lazy("Sign-off requested; the reviewer has been asked to decide."),
)
approve = measure_action(
    panel="signoff_review",
    form_class=SignoffReviewForm,
    call=lambda m, user, data: services.signoff_approve(
        measure=m, actor=user, opinion=data["opinion"]
    ),
    success=_lazy("Signed off (已销号)."),
)
return_ = measure_action(
    panel="signoff_review",
    form_class=SignoffReviewForm,
    call=lambda m, user, data: services.signoff_return(
        measure=m, actor=user, opinion=data["opinion"]
    ),
    success=_lazy("Sign-off returned with your opinion."),
)
withdraw = measure_action(
    panel="signoff_withdraw",
    form_class=NoteForm,
    call=lambda m, user, data: services.signoff_withdraw(measure=m, actor=user),
    success=_lazy("Sign-off request withdrawn."),
)
reopen = measure_action(
    panel="reopen",
    form_class=ReopenForm,
    call=lambda m, user, data: services.measure_reopen(
        measure=m, actor=user, reason=data["reason"]
    ),
    success=_lazy("Measure reopened after the re-check."),
)
