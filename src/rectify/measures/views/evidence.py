"""Evidence download: permission-checked, integrity-checked, never rendered inline."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors
from ..downloads import evidence_fault, evidence_response


@login_required
def evidence_download(request, pk: int):
    evidence = selectors.evidence_get_for(user=request.user, pk=pk)
    fault = evidence_fault(evidence)
    if fault:
        context = {
            "evidence": evidence,
            "measure": evidence.report.measure,
            "missing": fault == "missing",
        }
        return render(request, "measures/evidence_error.html", context, status=409)
    return evidence_response(evidence=evidence, actor=request.user)
