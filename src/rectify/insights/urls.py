from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("inspections/<int:pk>/", views.inspection_checks, name="inspection"),
    path("inspections/<int:pk>/gates/", views.gates, name="gates"),
]
