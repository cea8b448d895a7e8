"""The measure page: facts, owners, deadline history, indicators, timeline, action panels."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rectify.audit.selectors import history_for
from rectify.core.errors import ConflictError, DomainError, PermissionRefused
from rectify.core.i18n import colon, semicolon

from .. import selectors
from ..checks import measure_notes
from ..enums import Decision, ExtensionStatus, MeasureStatus
from ..forms import (
    DeadlineSetForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    NoteForm,
    ProgressReportForm,
    ReopenForm,
    SignoffRequestForm,
    SignoffReviewForm,
)
from ..lights import with_lights
from ..models import Measure
from ..policy import Action, allowed_actions, may
from ..workflow import TRANSITIONS


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
            {
                "kind": "event",
                "at": event.at,
                "event": event,
                "label": spec.label_from(event.from_status) if spec else "",
            }
        )
    items.sort(key=lambda item: item["at"], reverse=True)
    return items


def capabilities(user, measure: Measure) -> dict[str, bool]:
    """What the page offers, all from `policy.allowed_actions` (the rule the services apply)."""
    allowed = allowed_actions(user, measure)
    return {
        "manage": Action.EDIT_PLAN in allowed,
        "report": Action.REPORT_PROGRESS in allowed,
        "request_signoff": Action.REQUEST_SIGNOFF in allowed,
        "review": Action.APPROVE_SIGNOFF in allowed,
        "withdraw": Action.WITHDRAW_SIGNOFF in allowed,
        "reopen": Action.REOPEN in allowed,
        "request_extension": Action.REQUEST_EXTENSION in allowed,
        "decide_extension": Action.DECIDE_EXTENSION in allowed,
        "mark_long_term": Action.MARK_LONG_TERM in allowed,
    }


def default_forms(measure: Measure) -> dict:
    forms = {
        "report": ProgressReportForm(measure=measure),
        "extension_request": ExtensionRequestForm(),
        "extension_decide": ExtensionDecideForm(),
        "deadline": DeadlineSetForm(initial={"version": measure.version}),
        "long_term": NoteForm(),
        "signoff_request": SignoffRequestForm(),
        "signoff_review": SignoffReviewForm(),
        "reopen": ReopenForm(),
    }
    return forms


def render_measure_page(request, measure: Measure, *, forms: dict | None = None, status=200):
    today = timezone.localdate()
    extensions = list(measure.extensions.all())
    pending_extension = next((e for e in extensions if e.status == ExtensionStatus.PENDING), None)
    # Changed: a deadline that existed was moved (first setting one while planning is not).
    deadline_changed = any(
        e.old_deadline is not None
        and e.status in (ExtensionStatus.APPROVED, ExtensionStatus.SET_DIRECTLY)
        for e in extensions
    )
    open_signoff = (
        measure.signoffs.filter(decision=Decision.PENDING).select_related("requested_by").first()
        if measure.status == MeasureStatus.SIGNOFF_REQUESTED
        else None
    )
    last_return = (
        selectors.last_returns([measure.pk]).get(measure.pk)
        if measure.status == MeasureStatus.RETURNED
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
        "light": with_lights(Measure.objects.filter(pk=measure.pk), today=today).first(),
        "extensions": extensions,
        "pending_extension": pending_extension,
        "deadline_changed": deadline_changed,
        "open_signoff": open_signoff,
        "last_return": last_return,
        # Rendered at an action's address (a refused form): the browser shows the measure's.
        "page_url": measure_url(measure),
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
        "can": capabilities(request.user, measure),
        "checks": measure_notes(measure),
        "revisions": list(measure.revisions.select_related("actor").order_by("-number")),
        "forms": all_forms,
        "status_choices": MeasureStatus,
    }
    return render(request, "measures/measure_detail.html", context, status=status)


@login_required
def measure_detail(request, pk: int):
    measure = selectors.measure_get_for(user=request.user, pk=pk)
    return render_measure_page(request, measure)


# The action each panel stands for; its rule is checked before the form is even validated.
PANEL_ACTIONS = {
    "report": Action.REPORT_PROGRESS,
    "extension_request": Action.REQUEST_EXTENSION,
    "extension_decide": Action.DECIDE_EXTENSION,
    "deadline": Action.SET_DEADLINE,
    "long_term": Action.MARK_LONG_TERM,
    "suggestion": Action.EDIT_PLAN,
    "edit": Action.EDIT_PLAN,
    "signoff_request": Action.REQUEST_SIGNOFF,
    "signoff_review": Action.APPROVE_SIGNOFF,
    "signoff_withdraw": Action.WITHDRAW_SIGNOFF,
    "reopen": Action.REOPEN,
}


def run_action(request, measure: Measure, *, panel: str, form, action, success) -> object:
    """Validate `form`, call one service, redirect with a message; or re-render with errors.

    Domain errors are shown as messages (400, or 409 for a conflict); a refused permission
    is a 403 page.
    """
    needed = PANEL_ACTIONS.get(panel)
    if needed is None or not may(request.user, needed, measure):
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

    errors = [str(e) for e in form.non_field_errors()]
    for field in form:
        errors.extend(f"{field.label}{colon()}{e}" for e in field.errors)
    return _("Please correct the errors below.") + (
        " " + semicolon().join(errors) if errors else ""
    )


def post_or_back(view):
    """An action's address takes a POST; opened with GET (a reload, a bookmark, a log-in's
    `next`) it leads back to the measure's page instead of a blank 405."""

    @wraps(view)
    def wrapper(request, pk: int, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            measure = selectors.measure_get_for(user=request.user, pk=pk)
            return redirect(measure_url(measure))
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, pk, *args, **kwargs)

    return wrapper


def measure_action(*, panel: str, form_class, call, success):
    """A POST view for one action panel: scope the measure, then `run_action`.

    `call(measure, user, cleaned_data)` invokes the one service the action stands for.
    """

    @login_required
    @post_or_back
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
