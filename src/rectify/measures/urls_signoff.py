"""The 销号 actions keep their own URL namespace, `signoff:`."""

from django.urls import path

from .views import signoff as views

app_name = "signoff"

urlpatterns = [
    path("measures/<int:pk>/request/", views.request_signoff, name="request"),
    path("measures/<int:pk>/approve/", views.approve, name="approve"),
    path("measures/<int:pk>/return/", views.return_, name="return"),
    path("measures/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("measures/<int:pk>/reopen/", views.reopen, name="reopen"),
]
