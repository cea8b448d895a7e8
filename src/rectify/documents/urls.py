from django.urls import path

from . import views
from .views import exports

app_name = "documents"

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:inspection_id>/", views.import_upload, name="import_upload"),
    path("import/review/<int:pk>/", views.import_review, name="import_review"),
    path("inspections/<int:pk>/notice/", views.notice, name="notice"),
    path("inspections/<int:pk>/notice/check/", views.notice_check, name="notice_check"),
    path("inspections/<int:pk>/notice/edit/", views.notice_edit, name="notice_edit"),
    path("ledger.xlsx", exports.ledger_export, name="ledger_export"),
    path("exports/<int:pk>/", exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
