from django.urls import path

from .views import actions, detail, evidence, ledger

app_name = "measures"

urlpatterns = [
    path("", ledger.ledger, name="ledger"),
    path("mine/", ledger.my_work, name="my_work"),
    path("<int:pk>/", detail.measure_detail, name="detail"),
    path("<int:pk>/edit/", actions.measure_edit, name="edit"),
    path("<int:pk>/report/", actions.report_submit, name="report"),
    path("<int:pk>/deadline/", actions.deadline_set, name="deadline_set"),
    path("<int:pk>/long-term/", actions.mark_long_term, name="mark_long_term"),
    path("<int:pk>/suggestion/", actions.suggestion_decide, name="suggestion"),
    path("<int:pk>/extensions/", actions.extension_request, name="extension_request"),
    path(
        "<int:pk>/extensions/<int:extension_pk>/decide/",
        actions.extension_decide,
        name="extension_decide",
    ),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
]
