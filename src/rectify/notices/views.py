"""The progress notice of an inspection: download it, and check a draft before publishing."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import DomainError
from rectify.imports.uploads import read_upload
from rectify.imports.views.importing import parse_error_message
from rectify.inspections.policy import Action, may
from rectify.inspections.services import NOTICE_FIELDS, notice_text_update
from rectify.measures.selectors import inspection_get_for
from rectify.parsing import ParseError
from rectify.parsing.model import Para
from rectify.parsing.readers import read_blocks
from rectify.supervision.selectors import discipline_record_get_for, notice_get_for

from . import supervision_docs
from .checks import ERROR, check_draft, check_undated
from .forms import DraftCheckForm, NoticeOptionsForm, NoticeTextForm
from .generate import FORMATS, notice_generate

CHECK_TITLES = {
    "sum_mismatch": _lazy("Figures that do not add up"),
    "rate_mismatch": _lazy("Rates that do not match their counts"),
    "ledger_mismatch": _lazy("Figures that differ from the ledger"),
    "finding_without_measure": _lazy("Problems without a measure"),
    "measure_no_owner": _lazy("Measures without an owner"),
    "measure_no_deadline": _lazy("Measures without a deadline"),
    "numbering_gap": _lazy("Gaps in the measure numbering"),
    "personal_data": _lazy("Personal data to mask in the public version"),
    "unparsed": _lazy("The draft's structure could not be read"),
    "undated_records": _lazy("Records without a date (counted as they are now)"),
}


@login_required
def notice(request, pk: int):
    """GET ?format=docx|html|txt[&public=1][&renumber=1][&as_of=DATE] downloads; without
    format, the page (its preview counted as of the date chosen)."""
    inspection = inspection_get_for(user=request.user, pk=pk)
    data, as_of = _options(request)
    fmt = data.get("format") or ""
    if fmt in FORMATS:
        rendered = notice_generate(
            inspection=inspection,
            fmt=fmt,
            public=bool(data.get("public")),
            renumber=bool(data.get("renumber")),
            today=timezone.localdate(),
            as_of=as_of,
        )
        audit_log(
            actor=request.user,
            code=AuditCode.NOTICE_EXPORTED,
            obj=inspection,
            after={
                "format": fmt,
                "public": bool(data.get("public")),
                **({"as_of": as_of.isoformat()} if as_of else {}),
            },
        )
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
        response["X-Content-Type-Options"] = "nosniff"
        if fmt == "html":  # the page's own inline style, and nothing else
            response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response
    preview = notice_generate(
        inspection=inspection, fmt="html", today=timezone.localdate(), as_of=as_of
    )
    context = {
        "inspection": inspection,
        "options": data["form"],
        "as_of": as_of,
        "undated": check_undated(preview.notice.stats),
        "notice": preview.notice,
        "can_import": may(request.user, Action.IMPORT, inspection),
        "imports": inspection.imports.select_related("imported_by")[:5],
    }
    return render(request, "notices/notice.html", context)


def _options(request) -> tuple[dict, dt.date | None]:
    """The notice's options from the query string (a wrong date is shown on the form and the
    notice counted as of today)."""
    options = NoticeOptionsForm(request.GET or None)
    options.is_valid()
    data = dict(getattr(options, "cleaned_data", {}) or {})
    data["form"] = options
    return data, data.get("as_of")


def _uploaded_text(upload) -> str:
    data = read_upload(upload)
    blocks, _kind = read_blocks(data, upload.name or "draft.txt")
    return "\n".join(b.text for b in blocks if isinstance(b, Para))


@login_required
def notice_check(request, pk: int):
    """Checks on the generated draft (GET) or on a pasted / uploaded draft (POST)."""
    inspection = inspection_get_for(user=request.user, pk=pk)
    today = timezone.localdate()
    _data, as_of = _options(request)
    form = DraftCheckForm(request.POST or None, request.FILES or None)
    source, text = "generated", None
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data.get("file")
            text = _uploaded_text(upload) if upload else form.cleaned_data["text"]
            source = "uploaded" if upload else "pasted"
        except ParseError as exc:
            form.add_error("file", parse_error_message(exc))
    if text is None:
        generated = notice_generate(inspection=inspection, fmt="txt", today=today, as_of=as_of)
        text = generated.content.decode()
        source = "generated" if not form.is_bound else source
    issues = check_draft(text, inspection=inspection, today=today, as_of=as_of)
    english = (get_language() or "").startswith("en")
    groups: dict[str, list] = {}
    for issue in issues:
        issue.display = issue.message_en if english else issue.message
        groups.setdefault(str(CHECK_TITLES.get(issue.code, issue.code)), []).append(issue)
    context = {
        "inspection": inspection,
        "form": form,
        "source": source,
        "groups": groups,
        "errors": sum(1 for i in issues if i.severity == ERROR),
        "total": len(issues),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "notices/notice_check.html", context, status=status)


@login_required
def notice_edit(request, pk: int):
    """The office edits the notice's own text; the findings and numbers come from the ledger."""
    inspection = inspection_get_for(user=request.user, pk=pk)
    if not may(request.user, Action.EDIT_NOTICE, inspection):
        raise PermissionDenied
    sections = list(inspection.sections.order_by("-placement", "position"))
    contacts = inspection.contacts or {}
    initial = {
        "version": inspection.version,
        **{name: getattr(inspection, name) for name in NOTICE_FIELDS},
        **{key: contacts.get(key, "") for key in ("phone", "address", "postcode", "email")},
        **{f"s{s.pk}-title": s.title for s in sections},
        **{f"s{s.pk}-text": s.text for s in sections},
    }
    form = NoticeTextForm(request.POST or None, initial=initial, sections=sections)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice_text_update(
                inspection=inspection,
                actor=request.user,
                expected_version=data["version"],
                fields={name: data[name] for name in NOTICE_FIELDS},
                contacts={k: data[k] for k in ("phone", "address", "postcode", "email")},
                sections=form.section_values(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The notice text was saved."))
            return redirect("notices:notice", pk=inspection.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "notices/notice_edit.html",
        {"inspection": inspection, "form": form},
        status=status,
    )


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS["docx"])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def supervision_notice_docx(request, pk: int):
    notice = notice_get_for(user=request.user, pk=pk)
    audit_log(
        actor=request.user,
        code=AuditCode.SUPERVISION_DOCUMENT_EXPORTED,
        obj=notice.measure,
        after={"number": notice.number},
    )
    return _docx(supervision_docs.supervision_notice_docx(notice), f"{notice.number}.docx")


@login_required
def discipline_docx(request, pk: int):
    record = discipline_record_get_for(user=request.user, pk=pk)
    audit_log(
        actor=request.user,
        code=AuditCode.SUPERVISION_DOCUMENT_EXPORTED,
        obj=record,
        after={"step": record.step},
    )
    name = f"{supervision_docs.STEP_TITLES.get(record.step, '谈话通知书')}-{record.whom}.docx"
    return _docx(supervision_docs.discipline_record_docx(record), name)
