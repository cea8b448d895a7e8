"""The measure page: facts, owners, deadline history, indicators, timeline, action panels."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from rectify.audit.selectors import history_for
from rectify.core.errors import ConflictError, DomainError, PermissionRefused

from .. import selectors
from ..enums import ExtensionStatus, MeasureStatus
from ..forms import (
    DeadlineSetForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    NoteForm,
    ProgressReportForm,
)
from ..models import Measure
from ..workflow import TRANSITIONS

LONG_TERM_SOURCES = {MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS, MeasureStatus.RETURNED}

# Other apps (signoff) add the empty forms of their panels here, keeping imports one-way.
PANEL_FORM_FACTORIES: list[Callable[[Measure], dict]] = []

REPORTABLE = {
    MeasureStatus.NOT_STARTED,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.RETURNED,
    MeasureStatus.LONG_TERM,
}


def measure_url(measure: Measure) -> str:
    return reverse("measures:detail", args=[measure.pk])


def breadcrumb(measure: Measure) -> list[dict]:
    inspection = measure.finding.inspection
    chain = []
    node = measure.finding
    while node is not None:
        chain.append(node)
        node = node.parent
    crumbs = [
        {"label": inspection.title, "url": reverse("inspections:detail", args=[inspection.pk])}
    ]
    for node in reversed(chain):
        anchor = reverse("inspections:detail", args=[inspection.pk]) + f"#finding-{node.pk}"
        crumbs.append({"label": f"{node.label}{node.title}", "url": anchor})
    return crumbs


def timeline(measure: Measure) -> list[dict]:
    """Progress reports and status changes merged, newest first."""
    items = [{"kind": "report", "at": r.created_at, "report": r} for r in measure.reports.all()]
    for event in measure.events.all():
        spec = TRANSITIONS.get(event.transition)
        items.append(
            {"kind": "event", "at": event.at, "event": event, "label": spec.label if spec else ""}
        )
    items.sort(key=lambda item: item["at"], reverse=True)
    return items


def capabilities(user, measure: Measure, *, open_signoff, pending_extension) -> dict:
    status = measure.status
    manage = selectors.can_manage(user, measure)
    review = selectors.can_review_signoff(user, measure)
    report = selectors.can_report(user, measure)
    return {
        "manage": manage,
        "report": report and status in REPORTABLE,
        "request_signoff": selectors.can_request_signoff(user, measure)
        and status not in {MeasureStatus.SIGNOFF_REQUESTED, MeasureStatus.SIGNED_OFF},
        "review": review and status == MeasureStatus.SIGNOFF_REQUESTED,
        "withdraw": status == MeasureStatus.SIGNOFF_REQUESTED
        and open_signoff is not None
        and (open_signoff.requested_by_id == user.pk or manage),
        "reopen": status == MeasureStatus.SIGNED_OFF and (review or manage),
        "request_extension": report
        and status != MeasureStatus.SIGNED_OFF
        and pending_extension is None,
        "decide_extension": pending_extension is not None
        and selectors.can_decide_extension(user, measure),
        "mark_long_term": manage and status in LONG_TERM_SOURCES,
    }


def default_forms(measure: Measure) -> dict:
    forms = {
        "report": ProgressReportForm(measure=measure),
        "extension_request": ExtensionRequestForm(),
        "extension_decide": ExtensionDecideForm(),
        "deadline": DeadlineSetForm(initial={"version": measure.version}),
        "long_term": NoteForm(),
    }
    for factory in PANEL_FORM_FACTORIES:
        forms.update(factory(measure))
    return forms


def render_measure_page(request, measure: Measure, *, forms: dict | None = None, status=200):
    today = timezone.localdate()
    extensions = list(measure.extensions.all())
    pending_extension = next((e for e in extensions if e.status == ExtensionStatus.PENDING), None)
    open_signoff = (
        measure.signoffs.filter(decision="pending").select_related("requested_by").first()
        if measure.status == MeasureStatus.SIGNOFF_REQUESTED
        else None
    )
    all_forms = default_forms(measure)
    all_forms.update(forms or {})
    indicators = list(measure.indicators.all())
    context = {
        "measure": measure,
        "inspection": measure.finding.inspection,
        "breadcrumb": breadcrumb(measure),
        "today": today,
        "is_overdue": measure.is_overdue(today),
        "extensions": extensions,
        "pending_extension": pending_extension,
        "open_signoff": open_signoff,
        "indicators": indicators,
        "timeline": timeline(measure),
        "history": history_for(
            obj=measure,
            related={
                "measures.progressreport": [r.pk for r in measure.reports.all()],
                "measures.evidence": [
                    e.pk for r in measure.reports.all() for e in r.evidence.all()
                ],
            },
        ),
        "can": capabilities(
            request.user, measure, open_signoff=open_signoff, pending_extension=pending_extension
        ),
        "forms": all_forms,
        "status_choices": MeasureStatus,
    }
    return render(request, "measures/measure_detail.html", context, status=status)


@login_required
def measure_detail(request, pk: int):
    measure = selectors.measure_get_for(user=request.user, pk=pk)
    return render_measure_page(request, measure)


def _may_withdraw(user, measure) -> bool:
    return selectors.can_request_signoff(user, measure) or selectors.can_manage(user, measure)


def _may_reopen(user, measure) -> bool:
    return selectors.can_review_signoff(user, measure) or selectors.can_manage(user, measure)


# Which capability each action panel needs; checked before the form is even validated.
PANEL_CAPABILITIES = {
    "report": selectors.can_report,
    "extension_request": selectors.can_report,
    "extension_decide": selectors.can_decide_extension,
    "deadline": selectors.can_manage,
    "long_term": selectors.can_manage,
    "suggestion": selectors.can_manage,
    "edit": selectors.can_manage,
    "signoff_request": selectors.can_request_signoff,
    "signoff_review": selectors.can_review_signoff,
    "signoff_withdraw": _may_withdraw,
    "reopen": _may_reopen,
}


def run_action(request, measure: Measure, *, panel: str, form, action, success) -> object:
    """Validate `form`, call one service, redirect with a message; or re-render with errors.

    Domain errors are shown as messages (400, or 409 for a conflict); a refused permission
    is a 403 page.
    """
    allowed = PANEL_CAPABILITIES.get(panel)
    if allowed is None or not allowed(request.user, measure):
        raise PermissionDenied  # permission first: a refused user learns nothing from errors
    if not form.is_valid():
        messages.error(request, form_error_summary(form))
        return render_measure_page(request, measure, forms={panel: form}, status=400)
    try:
        action(form)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
        fresh = selectors.measure_get_for(user=request.user, pk=measure.pk)
        code = 409 if isinstance(exc, ConflictError) else 400
        return render_measure_page(request, fresh, forms={panel: form}, status=code)
    messages.success(request, success)
    return redirect(measure_url(measure))


def form_error_summary(form) -> str:
    from django.utils.translation import gettext as _

    errors = [str(e) for e in form.non_field_errors()]
    for field in form:
        errors.extend(f"{field.label}：{e}" for e in field.errors)
    return _("Please correct the errors below.") + (" " + "；".join(errors) if errors else "")


def measure_action(*, panel: str, form_class, call, success):
    """A POST view for one action panel: scope the measure, then `run_action`.

    `call(measure, user, cleaned_data)` invokes the one service the action stands for.
    """
    from django.views.decorators.http import require_POST

    @login_required
    @require_POST
    def view(request, pk: int):
        measure = selectors.measure_get_for(user=request.user, pk=pk)
        return run_action(
            request,
            measure,
            panel=panel,
            form=form_class(request.POST),
            action=lambda f: call(measure, request.user, f.cleaned_data),
            success=success,
        )

    return view
