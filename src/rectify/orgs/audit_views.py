"""The audit administrator's view of the trail: filter, page, export (itself audited)."""

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rectify.audit.codes import AuditCode
from rectify.audit.selectors import CSV_HEADER, audit_chain_verify, audit_entries, csv_row
from rectify.audit.services import audit_log
from rectify.orgs.enums import Role
from rectify.orgs.selectors import has_role


def _filters(request) -> dict:
    def day(name):
        try:
            return dt.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    since, until = day("since"), day("until")
    if until is not None and until >= dt.date.max - dt.timedelta(days=1):
        until = None  # "until the end of time" is no limit
    return {
        "code": request.GET.get("code", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "since": since,
        "until": until + dt.timedelta(days=1) if until else None,
    }


def _only_auditor(request) -> None:
    if not has_role(request.user, Role.AUDITADMIN):
        raise PermissionDenied


@require_safe  # the trail is read, never written through a page: 405 to PUT, POST, DELETE
@login_required
def entries(request):
    _only_auditor(request)
    filters = _filters(request)
    page = Paginator(audit_entries(**filters), 50).get_page(request.GET.get("page"))
    chain = None
    if request.GET.get("verify"):
        checked, problems = audit_chain_verify()
        chain = {"checked": checked, "problems": problems}
    return render(
        request, "orgs/audit_entries.html", {"page": page, "filters": request.GET, "chain": chain}
    )


class _Echo:
    def write(self, value):
        return value


@require_safe
@login_required
def export(request):
    _only_auditor(request)
    filters = _filters(request)
    audit_log(
        actor=request.user,
        code=AuditCode.AUDIT_EXPORTED,
        after={k: str(v) for k, v in filters.items() if v},
    )
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow(CSV_HEADER)
        for entry in audit_entries(**filters).order_by("seq").iterator(2000):
            yield writer.writerow(csv_row(entry))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
