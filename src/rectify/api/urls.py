from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from .inspections import InspectionViewSet
from .measures import MeasureViewSet
from .reports import inspection_stats_view

router = DefaultRouter()
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("measures", MeasureViewSet, basename="measure")

urlpatterns = [
    path("inspections/<int:pk>/stats/", inspection_stats_view, name="inspection-stats"),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
