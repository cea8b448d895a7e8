"""Pages of the three administrators (三员分立): accounts and units, roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectify.core.errors import DomainError, PermissionRefused

from . import services
from .enums import Role
from .forms import MembershipForm, OrgUnitForm, PasswordResetForm, UserCreateForm
from .lockout import locked_accounts
from .models import Membership, OrgUnit, User
from .selectors import has_role, holders_of_other_admin_roles


def _only(request, role: str) -> None:
    if not has_role(request.user, role):
        raise PermissionDenied


def _run(request, action, success: str) -> bool:
    try:
        action()
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


@login_required
def users(request):
    _only(request, Role.SYSADMIN)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            lambda: services.user_create(actor=request.user, **data),
            _("Account created; the initial password must be changed at first login."),
        ):
            return redirect("manage:users")
    qs = User.objects.prefetch_related("memberships__org_unit").order_by("username")
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(username__icontains=query) | qs.filter(display_name__icontains=query)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/manage_users.html",
        {
            "page": page,
            "form": form,
            "q": query,
            "reset_form": PasswordResetForm(),
            "protected": holders_of_other_admin_roles(request.user),  # 三员分立: no actions
        },
    )


@login_required
@require_POST
def user_active(request, pk: int):
    _only(request, Role.SYSADMIN)
    user = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    _run(
        request,
        lambda: services.user_set_active(actor=request.user, user=user, active=active),
        _("Account activated.") if active else _("Account deactivated."),
    )
    return redirect("manage:users")


@login_required
@require_POST
def user_password(request, pk: int):
    _only(request, Role.SYSADMIN)
    user = get_object_or_404(User, pk=pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.user_reset_password(
                actor=request.user, user=user, password=form.cleaned_data["password"]
            ),
            _("Initial password set; it must be changed at next login."),
        )
    else:
        messages.error(request, _("Enter a password."))
    return redirect("manage:users")


@login_required
def units(request):
    _only(request, Role.SYSADMIN)
    form = OrgUnitForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.org_unit_create(actor=request.user, **form.cleaned_data),
            _("Unit created."),
        )
    ):
        return redirect("manage:units")
    return render(
        request, "orgs/manage_units.html", {"units": OrgUnit.objects.order_by("path"), "form": form}
    )


@login_required
def roles(request):
    _only(request, Role.SECADMIN)
    form = MembershipForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.membership_grant(actor=request.user, **form.cleaned_data),
            _("Role granted."),
        )
    ):
        return redirect("manage:roles")
    qs = Membership.objects.select_related("user", "org_unit").order_by(
        "org_unit__path", "role", "user__username"
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    locked = [
        (user, state)
        for name, state in locked_accounts()
        for user in User.objects.filter(username=name)
    ]
    context = {
        "page": page,
        "form": form,
        "locked": locked,
        "protected": holders_of_other_admin_roles(request.user),  # 三员分立: no revoke button
    }
    return render(request, "orgs/manage_roles.html", context)


@login_required
@require_POST
def user_unlock(request, pk: int):
    _only(request, Role.SECADMIN)
    user = get_object_or_404(User, pk=pk)
    _run(
        request,
        lambda: services.account_unlock(actor=request.user, user=user),
        _("Account unlocked."),
    )
    return redirect("manage:roles")


@login_required
@require_POST
def role_revoke(request, pk: int):
    _only(request, Role.SECADMIN)
    membership = get_object_or_404(Membership.objects.select_related("org_unit"), pk=pk)
    _run(
        request,
        lambda: services.membership_revoke(actor=request.user, membership=membership),
        _("Role revoked."),
    )
    return redirect("manage:roles")
