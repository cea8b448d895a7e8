"""Read API for inspections and their finding trees (scoped like the pages)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rectify.inspections.models import Finding, Inspection
from rectify.measures.selectors import inspection_list_for


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id",
            "parent",
            "kind",
            "position",
            "depth",
            "label",
            "title",
            "text",
            "numbered",
            "previous_finding",
        ]


class InspectionSerializer(serializers.ModelSerializer):
    inspected_unit = serializers.StringRelatedField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "kind",
            "title",
            "inspecting_body",
            "inspected_unit",
            "period_start",
            "period_end",
            "feedback_date",
            "previous",
            "version",
        ]


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InspectionSerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        return inspection_list_for(user=self.request.user).order_by("pk")

    @extend_schema(responses=FindingSerializer(many=True))
    @action(detail=True)
    def findings(self, request, pk=None):
        inspection = self.get_object()
        data = FindingSerializer(inspection.findings.in_tree_order(), many=True).data
        return Response(data)
