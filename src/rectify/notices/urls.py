from django.urls import path

from . import documents, views

app_name = "notices"

urlpatterns = [
    path("inspections/<int:pk>/notice/", views.notice, name="notice"),
    path("inspections/<int:pk>/notice/check/", views.notice_check, name="notice_check"),
    path("inspections/<int:pk>/notice/edit/", views.notice_edit, name="notice_edit"),
    path("inspections/<int:pk>/plan/document/", documents.plan_download, name="plan_document"),
    path(
        "inspections/<int:pk>/report/document/",
        documents.report_download,
        name="report_document",
    ),
    path(
        "supervision/notices/<int:pk>.docx",
        views.supervision_notice_docx,
        name="supervision_notice_docx",
    ),
    path("supervision/register/<int:pk>.docx", views.discipline_docx, name="discipline_docx"),
]
