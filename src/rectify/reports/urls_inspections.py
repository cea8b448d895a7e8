"""URLs of the inspection pages (namespace `inspections`, included from rectify/urls.py)."""

from django.urls import path

from .views import inspections

urlpatterns = [
    path("", inspections.inspection_list, name="list"),
    path("<int:pk>/", inspections.inspection_detail, name="detail"),
]
