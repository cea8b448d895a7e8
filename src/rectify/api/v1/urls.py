"""/api/v1/: the REST API v1 (namespace `api:v1`)."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from .base import NotFoundView
from .inspections import FindingViewSet, InspectionViewSet
from .measures import MeasureViewSet
from .progress import IndicatorViewSet, ProgressReportViewSet
from .signoff import ExtensionViewSet, SignOffViewSet

app_name = "v1"

router = SimpleRouter()
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("measures", MeasureViewSet, basename="measure")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register("signoffs", SignOffViewSet, basename="signoff")
router.register("extensions", ExtensionViewSet, basename="extension")
# OPINIONS (意见建议, issue 15 item 2): the public app's opinions are added here, as
# router.register("opinions", OpinionViewSet, basename="opinion"), a V1View over the public
# app's selectors and services (triage: link, open a finding, forward, close) — not built here.

urlpatterns = [*router.urls, re_path(r"^", NotFoundView.as_view(), name="not_found")]
