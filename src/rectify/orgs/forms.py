from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.core.text import TextField

from .enums import OrgUnitKind, Role
from .lockout import lock_state
from .models import OrgUnit, User


class UserCreateForm(forms.Form):
    username = TextField(label=_("User name"), max_length=150)
    display_name = TextField(label=_("Display name"), max_length=100)
    title = TextField(label=_("Job title"), max_length=100, required=False)
    phone = TextField(label=_("Phone"), max_length=40, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("The person must change it at first login."),
    )


class PasswordResetForm(forms.Form):
    password = forms.CharField(label=_("New initial password"), widget=forms.PasswordInput)


class OrgUnitForm(forms.Form):
    name = TextField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgUnitKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Parent unit"), queryset=OrgUnit.objects.all(), required=False
    )


class MembershipForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.filter(is_active=True).order_by("username")
    )
    org_unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class LoginForm(AuthenticationForm):
    """Django's login form, which says so when the account itself is locked (orgs.lockout)."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            username = self.cleaned_data.get("username")
            state = lock_state(username) if username else None
            if state is not None and state.locked:
                until = timezone.localtime(state.until).strftime("%Y-%m-%d %H:%M")
                raise forms.ValidationError(
                    _(
                        "This account is locked after too many failed logins from any "
                        "address; try again after %(until)s or ask the security administrator."
                    )
                    % {"until": until},
                    code="account_locked",
                ) from None
            raise
