"""Publishing and the opinions queue, for the office, the leader and the discipline office."""

from django.urls import path

from .views import publishing, triage

app_name = "publishing"

urlpatterns = [
    path("", publishing.index, name="index"),
    path("inspections/<int:pk>/", publishing.inspection, name="inspection"),
    path("inspections/<int:pk>/draft/", publishing.draft, name="draft"),
    path("versions/<int:pk>/", publishing.preview, name="preview"),
    path("versions/<int:pk>/check/", publishing.step, {"name": "check"}, name="check"),
    path("versions/<int:pk>/approve/", publishing.step, {"name": "approve"}, name="approve"),
    path("versions/<int:pk>/publish/", publishing.step, {"name": "publish"}, name="publish"),
    path("versions/<int:pk>/withdraw/", publishing.step, {"name": "withdraw"}, name="withdraw"),
    path("opinions/", triage.opinion_list, name="opinions"),
    path("opinions/<int:pk>/", triage.opinion_detail, name="opinion"),
    path("opinions/<int:pk>/triage/", triage.opinion_triage, name="opinion_triage"),
    path("opinions/<int:pk>/attachment/", triage.opinion_attachment, name="opinion_attachment"),
]
