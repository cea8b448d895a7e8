from django.urls import path

from .views import exports
from .views import lists as views

app_name = "reports"

urlpatterns = [
    path("problems/", views.problem_list, name="problems"),
    path("tasks/", views.task_list, name="tasks"),
    path("responsibility/", views.responsibility_list, name="responsibility"),
    path("inspections/<int:pk>/chart.json", views.inspection_chart, name="inspection_chart"),
    path("ledger.xlsx", exports.ledger_export, name="ledger_export"),
    path("exports/<int:pk>/", exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
