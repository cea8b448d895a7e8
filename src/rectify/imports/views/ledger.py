"""整改台账 in on the pages: upload an Excel ledger, see every fault by row and column (a dry
run), and import it when it has none — the same reading and checks as `rectify ledger import`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from rectify.core.errors import DomainError, PermissionRefused
from rectify.measures.grid import GridInvalid

from ..ledger import read_workbook
from ..ledger_apply import ledger_apply, ledger_plan
from ..selectors import import_target_for


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=_lazy("Ledger file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods"}),
    )


@login_required
def ledger_import(request, inspection_id: int):
    inspection = import_target_for(user=request.user, pk=inspection_id)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    summary, status = None, 200
    if request.method == "POST" and form.is_valid():
        year = inspection.feedback_date.year if inspection.feedback_date else None
        try:
            read = read_workbook(form.cleaned_data["file"], year=year)
        except Exception:
            form.add_error("file", _("This file cannot be read as an Excel ledger."))
            read = None
        if read is not None:
            plan = ledger_plan(inspection=inspection, read=read)
            summary = plan.summary()
            if not read.errors and "apply" in request.POST:
                try:
                    ledger_apply(inspection=inspection, plan=plan, actor=request.user)
                except PermissionRefused as exc:
                    raise PermissionDenied(str(exc)) from exc
                except (DomainError, GridInvalid) as exc:
                    messages.error(request, _("Nothing was imported: %(error)s") % {"error": exc})
                else:
                    messages.success(
                        request,
                        _("Ledger imported: %(c)d new, %(u)d updated, %(n)d unchanged.")
                        % {"c": plan.created, "u": plan.updated, "n": plan.unchanged},
                    )
                    return redirect("inspections:detail", pk=inspection.pk)
            status = 400 if read.errors else 200
    elif request.method == "POST":
        status = 400
    context = {"inspection": inspection, "form": form, "summary": summary}
    return render(request, "imports/ledger_import.html", context, status=status)
