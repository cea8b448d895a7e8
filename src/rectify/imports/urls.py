from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:inspection_id>/", views.import_upload, name="import_upload"),
    path("import/review/<int:pk>/", views.import_review, name="import_review"),
    path("import/review/<int:pk>/repair/", views.import_repair, name="import_repair"),
    path("import/<int:inspection_id>/ledger/", views.ledger_import, name="ledger_import"),
]
