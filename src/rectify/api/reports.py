"""Statistics API: the figures of the inspection page, from the one ledger selector."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from rectify.measures.selectors import inspection_get_for
from rectify.reports.selectors import inspection_stats


@extend_schema(responses=dict)
@api_view(["GET"])
def inspection_stats_view(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    return Response(inspection_stats(inspection=inspection, today=timezone.localdate()))
