"""The import preview's repairs: one change to the kept tree per request (htmx), and undo."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rectify.core.errors import DomainError

from ..selectors import import_draft_get_for
from ..services import import_draft_repair, import_draft_undo
from .importing import render_review

_ARG = {"kind": "kind", "reparent": "target", "add": "new_title", "split": "at"}


@login_required
@require_POST
def import_repair(request, pk: int):
    draft = import_draft_get_for(user=request.user, pk=pk)
    op = request.POST.get("op", "")
    path = request.POST.get("path", "")
    error, focus = None, path
    try:
        if op == "undo":
            import_draft_undo(draft=draft, actor=request.user)
        else:
            arg = request.POST.get(_ARG.get(op, ""), "")
            focus = import_draft_repair(draft=draft, actor=request.user, op=op, path=path, arg=arg)
    except DomainError as exc:
        error = str(exc)
        draft.refresh_from_db()
    if not request.htmx and error is None:
        return redirect("imports:import_review", pk=draft.pk)
    if not request.htmx:
        return render_review(request, draft, error, focus, status=400)
    return render_review(request, draft, error, focus, status=200, answer=True)
