"""Pages of supervision: the inbox, the 督办单 and their replies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectify.core.errors import DomainError, PermissionRefused
from rectify.orgs.enums import Role
from rectify.orgs.selectors import has_role, units_with_role

from .channels import channels_for
from .channels import configured as configured_channels
from .enums import Channel, DeliveryStatus, DisciplineStep
from .forms import DisciplineRecordForm, MeetingForm
from .models import MeetingDecision
from .notify import notifications_mark_read
from .policy import discipline_units, may_keep_register
from .selectors import (
    delivery_log_for,
    discipline_record_get_for,
    discipline_records_for,
    inbox_for,
    meeting_list_for,
    notice_get_for,
    notice_list_for,
    recheck_get_for,
    recheck_list_for,
)
from .services import (
    channel_preferences_set,
    discipline_record_create,
    meeting_decision_done,
    meeting_record,
    recheck_record,
    supervision_notice_reply,
)


@login_required
def inbox(request):
    page = Paginator(inbox_for(user=request.user), 30).get_page(request.GET.get("page"))
    chosen = channels_for(request.user)
    offered = [
        {"value": c, "label": label, "on": c in chosen}
        for c, label in Channel.choices
        if c != Channel.INAPP and c in configured_channels(request.user)
    ]
    context = {"page": page, "section": "inbox", "channels": offered}
    return render(request, "supervision/inbox.html", context)


@login_required
@require_POST
def channels(request):
    wanted = set(request.POST.getlist("channel"))
    offered = configured_channels(request.user)
    channel_preferences_set(user=request.user, enabled={c: c in wanted for c in offered})
    messages.success(request, _("Your message channels are saved."))
    return redirect("supervision:inbox")


@login_required
@require_POST
def inbox_read(request):
    raw = request.POST.getlist("id")
    ids = [int(x) for x in raw if x.isdigit()] if raw else None
    changed = notifications_mark_read(user=request.user, ids=ids)
    messages.success(request, _("%(n)s messages marked as read.") % {"n": changed})
    return redirect("supervision:inbox")


@login_required
def notice_list(request):
    page = Paginator(notice_list_for(user=request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/notice_list.html",
        {"page": page, "today": timezone.localdate(), "section": "notices"},
    )


@login_required
def notice_detail(request, pk: int):
    notice = notice_get_for(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            supervision_notice_reply(
                notice=notice,
                actor=request.user,
                reply=request.POST.get("reply", ""),
                files=request.FILES.getlist("files"),
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Reply saved."))
            return redirect("supervision:notice", pk=notice.pk)
    return render(
        request,
        "supervision/notice_detail.html",
        {
            "notice": notice,
            "today": timezone.localdate(),
            "section": "notices",
            "can_register": may_keep_register(
                request.user, notice.measure.finding.inspection.inspected_unit
            ),
        },
    )


def _register_unit(request, notice):
    if notice is not None:
        return notice.measure.finding.inspection.inspected_unit
    units = discipline_units(request.user)
    return units[0] if units else None


@login_required
def register(request):
    if not may_keep_register(request.user):
        raise PermissionDenied
    records = discipline_records_for(user=request.user)
    page = Paginator(records, 30).get_page(request.GET.get("page"))
    counts = {step: records.filter(step=step).count() for step in DisciplineStep.values}
    return render(
        request,
        "supervision/register.html",
        {"page": page, "counts": counts, "steps": DisciplineStep, "section": "register"},
    )


@login_required
def register_add(request):
    if not may_keep_register(request.user):
        raise PermissionDenied
    raw = request.GET.get("notice") or request.POST.get("notice") or ""
    notice = notice_get_for(user=request.user, pk=int(raw)) if raw.isdigit() else None
    unit = _register_unit(request, notice)
    form = DisciplineRecordForm(request.POST or None, unit=unit, initial=_initial(notice))
    if request.method == "POST" and form.is_valid():
        try:
            record = discipline_record_create(
                actor=request.user,
                unit=unit,
                measures=[notice.measure] if notice else [],
                notices=[notice] if notice else [],
                **form.cleaned_data,
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Recorded in the register."))
            return redirect("supervision:register_record", pk=record.pk)
    return render(
        request,
        "supervision/register_add.html",
        {"form": form, "notice": notice, "section": "register"},
    )


def _initial(notice) -> dict:
    if notice is None:
        return {"held_on": timezone.localdate()}
    reason = _("Supervision notice %(number)s on the measure “%(text)s” went unanswered.") % {
        "number": notice.number,
        "text": notice.measure.text[:60],
    }
    return {
        "held_on": timezone.localdate(),
        "step": DisciplineStep.INTERVIEW,
        "reason": reason,
        "subject": notice.measure.responsible_person_id,
    }


@login_required
def register_record(request, pk: int):
    record = discipline_record_get_for(user=request.user, pk=pk)
    return render(
        request, "supervision/register_record.html", {"record": record, "section": "register"}
    )


@login_required
def recheck_list(request):
    rechecks = recheck_list_for(user=request.user)
    page = Paginator(rechecks, 30).get_page(request.GET.get("page"))
    return render(request, "supervision/rechecks.html", {"page": page, "section": "rechecks"})


@login_required
@require_POST
def recheck_record_view(request, pk: int):
    recheck = recheck_get_for(user=request.user, pk=pk)
    try:
        recheck_record(
            recheck=recheck,
            actor=request.user,
            held=request.POST.get("result") != "rebound",
            note=request.POST.get("note", ""),
        )
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Re-check recorded."))
    return redirect("supervision:rechecks")


@login_required
def meeting_list(request):
    meetings = meeting_list_for(user=request.user)
    page = Paginator(meetings, 20).get_page(request.GET.get("page"))
    units = units_with_role(request.user, Role.OFFICE, Role.LEADER)
    context = {"page": page, "can_add": bool(units), "section": "meetings"}
    return render(request, "supervision/meetings.html", context)


@login_required
def meeting_add(request):
    units = units_with_role(request.user, Role.OFFICE, Role.LEADER)
    if not units:
        raise PermissionDenied
    unit = units[0]
    form = MeetingForm(request.POST or None, unit=unit, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_record(
                actor=request.user,
                unit=unit,
                decisions=form.decisions(),
                **{k: form.cleaned_data[k] for k in ("title", "held_on", "attendees", "minutes")},
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("supervision:meetings")
    return render(request, "supervision/meeting_add.html", {"form": form, "section": "meetings"})


@login_required
@require_POST
def decision_done(request, pk: int):
    decision = get_object_or_404(
        MeetingDecision, pk=pk, meeting__in=meeting_list_for(user=request.user)
    )
    try:
        meeting_decision_done(decision=decision, actor=request.user)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, _("Decision marked done."))
    return redirect("supervision:meetings")


@login_required
def delivery_log(request):
    if not has_role(request.user, Role.SYSADMIN):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in DeliveryStatus.values else ""
    rows = delivery_log_for(user=request.user, status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": DeliveryStatus, "section": "deliveries"}
    return render(request, "supervision/deliveries.html", context)
