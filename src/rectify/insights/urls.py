from django.urls import path

from . import dashboard_views as boards
from . import views

app_name = "insights"

urlpatterns = [
    path("inspections/<int:pk>/", views.inspection_checks, name="inspection"),
    path("inspections/<int:pk>/gates/", views.gates, name="gates"),
    path("inspections/<int:pk>/dashboard/", boards.inspection_dashboard, name="dashboard"),
    path("inspections/<int:pk>/summary/", boards.meeting_summary, name="summary"),
    path("leader/", boards.leader_dashboard, name="leader"),
    path("district/", boards.district_dashboard, name="district"),
]
