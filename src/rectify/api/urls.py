from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import pages
from .hooks import LEGACY_SETTINGS
from .inspections import InspectionViewSet
from .measures import MeasureViewSet
from .reports import inspection_stats_view

router = DefaultRouter()
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("measures", MeasureViewSet, basename="measure")

urlpatterns = [
    path("v1/", include("rectify.api.v1.urls")),
    path("openapi.json", pages.OpenApiView.as_view(), name="openapi"),
    path("docs/", pages.docs, name="docs"),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
    # The first API (session only, page numbers), kept as it was for the clients using it.
    path("inspections/<int:pk>/stats/", inspection_stats_view, name="inspection-stats"),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(custom_settings=LEGACY_SETTINGS), name="schema"),
]
