from django.contrib.auth import views as auth_views
from django.urls import path

from . import otp_views, views
from .forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("otp/setup/", otp_views.otp_setup, name="otp_setup"),
    path("otp/verify/", otp_views.otp_verify, name="otp_verify"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
