"""The public site, at /public/ (no log-in)."""

from django.urls import path

from .views import opinions, site

app_name = "public"

urlpatterns = [
    path("", site.index, name="index"),
    path("units/<int:pk>/", site.unit, name="unit"),
    path("notices/<int:pk>/", site.notice, name="notice"),
    path("ref/<str:code>/", site.reference, name="reference"),
    path("units/<int:pk>/opinion/", opinions.opinion_new, name="opinion_new"),
    path("opinions/challenge/", opinions.challenge, name="opinion_challenge"),
    path("opinions/status/", opinions.opinion_status, name="opinion_status"),
]
