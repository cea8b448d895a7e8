"""Pages of supervision: the inbox, the 督办单 and their replies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectify.core.errors import DomainError, PermissionRefused

from .notify import notifications_mark_read
from .selectors import inbox_for, notice_get_for, notice_list_for
from .services import supervision_notice_reply


@login_required
def inbox(request):
    page = Paginator(inbox_for(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "supervision/inbox.html", {"page": page, "section": "inbox"})


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
                notice=notice, actor=request.user, reply=request.POST.get("reply", "")
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
        {"notice": notice, "today": timezone.localdate(), "section": "notices"},
    )
