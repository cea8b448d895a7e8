"""Upload a notice → review the parsed tree and correct it → confirm the import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from rectify.core.errors import DomainError
from rectify.measures.enums import MeasureCategory, MeasureKind
from rectify.parsing import ParseError

from ..drafts import draft_paths, repair_context
from ..forms import ImportUploadForm
from ..selectors import import_draft_get_for, import_draft_plan, import_target_for
from ..services import import_draft_confirm, import_draft_correct, import_draft_create

NO_TREE_CREATED = gettext_lazy(
    "No problems were recognised in the document: the inspection was created with its "
    "facts (dates, units, report due date); enter the problems by hand."
)


def parse_error_message(exc: ParseError) -> str:
    return exc.message_en if (get_language() or "").startswith("en") else exc.message_zh


@login_required
def import_upload(request, inspection_id: int | None = None):
    if inspection_id is None and request.GET.get("inspection", "").isdigit():
        inspection_id = int(request.GET["inspection"])
    inspection = import_target_for(user=request.user, pk=inspection_id)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = import_draft_create(
                owner=request.user, upload=form.cleaned_data["file"], inspection=inspection
            )
        except ParseError as exc:
            form.add_error("file", parse_error_message(exc))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("imports:import_review", pk=draft.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "imports/import_upload.html",
        {"form": form, "inspection": inspection},
        status=status,
    )


def _tree(plan):
    """Planned findings zipped with their form paths, for the review template."""
    paths = [path for path, _node in draft_paths(plan.parsed)]
    nodes = plan.all_findings()
    for path, node in zip(paths, nodes, strict=False):
        node.form_path = path
        node.depth = path.count(".")
    return nodes


@login_required
def import_review(request, pk: int):
    draft = import_draft_get_for(user=request.user, pk=pk)
    error = None
    if request.method == "POST":
        try:
            import_draft_correct(draft=draft, actor=request.user, data=request.POST)
            if "confirm" in request.POST:
                result = import_draft_confirm(draft=draft, actor=request.user)
                if result.noop:
                    messages.info(request, _("This file was already imported: nothing changed."))
                else:
                    c = result.counts
                    messages.success(
                        request,
                        _(
                            "Imported: %(findings)s findings (%(new_f)s new), %(measures)s "
                            "measures (%(new_m)s new, %(upd_m)s updated), %(ind)s indicators, "
                            "%(sugg)s suggested statuses to confirm."
                        )
                        % {
                            "findings": c["findings"],
                            "new_f": c["findings_create"],
                            "measures": c["measures"],
                            "new_m": c["measures_create"],
                            "upd_m": c["measures_update"],
                            "ind": c["indicators"],
                            "sugg": c["suggestions"],
                        },
                    )
                if not result.plan.findings and not result.noop:
                    messages.warning(request, str(NO_TREE_CREATED))
                return redirect(_inspection_url(result.inspection))
            messages.success(
                request, _("Corrections saved. Nothing is imported until you confirm.")
            )
            return redirect("imports:import_review", pk=draft.pk)
        except DomainError as exc:
            error = str(exc)
            draft.refresh_from_db()
    return render_review(request, draft, error)


def render_review(
    request, draft, error: str | None, focus: str | None = None, status=None, *, answer=False
):
    """The review page: the plan, the repairable tree and the correction form.

    ``answer``: a repair's htmx answer, only what a repair changes (the plan's figures and
    the tree); the correction form is swapped for a placeholder that loads it when seen.
    """
    try:
        plan = import_draft_plan(draft=draft, actor=request.user)
    except DomainError as exc:
        plan, error = None, error or str(exc)
    part = request.GET.get("part") if request.method == "GET" else None
    context = {
        "draft": draft,
        "plan": plan,
        "counts": plan.counts() if plan else {},
        "error": error,
        "english": (get_language() or "").startswith("en"),
        "kinds": MeasureKind.choices,
        "categories": MeasureCategory.choices,
    }
    if not answer:
        context["nodes"] = _tree(plan) if plan else []
    if part != "corrections":
        context.update(repair_context(draft, focus, get_token(request)))
    template = {
        "corrections": "imports/_corrections.html",
    }.get(part or "", "imports/_review_answer.html" if answer else "imports/import_review.html")
    status = status or (400 if error else 200)
    return render(request, template, context, status=status)


def _inspection_url(inspection) -> str:
    try:
        return reverse("inspections:detail", args=[inspection.pk])
    except Exception:
        return reverse("notices:notice", args=[inspection.pk])
