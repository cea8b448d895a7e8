"""/api/v1/: the REST API v1 (namespace `api:v1`)."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from .base import NotFoundView
from .evidence import EvidenceViewSet
from .inspections import FindingViewSet, InspectionViewSet
from .measures import MeasureViewSet
from .opinions import OpinionViewSet
from .progress import IndicatorViewSet, ProgressReportViewSet
from .signoff import ExtensionViewSet, SignOffViewSet

app_name = "v1"

router = SimpleRouter()
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("measures", MeasureViewSet, basename="measure")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("signoffs", SignOffViewSet, basename="signoff")
router.register("extensions", ExtensionViewSet, basename="extension")
router.register("opinions", OpinionViewSet, basename="opinion")

urlpatterns = [*router.urls, re_path(r"^", NotFoundView.as_view(), name="not_found")]
