"""Inspections (rounds), their findings, figures and progress notice: read as on the pages."""

import django_filters
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.inspections.enums import FindingKind, InspectionKind
from rectify.inspections.models import Finding, Inspection
from rectify.measures.selectors import inspection_list_for
from rectify.notices.checks import check_draft
from rectify.notices.generate import FORMATS, notice_generate
from rectify.reports.selectors import inspection_stats

from .base import MAX_ID, V1View


class InspectionSerializer(serializers.ModelSerializer):
    inspected_unit = serializers.StringRelatedField()
    inspected_unit_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "kind",
            "title",
            "inspecting_body",
            "inspected_unit",
            "inspected_unit_id",
            "period_start",
            "period_end",
            "feedback_date",
            "previous",
            "version",
            "created_at",
            "updated_at",
        ]


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "parent",
            "kind",
            "position",
            "depth",
            "label",
            "title",
            "text",
            "numbered",
            "previous_finding",
            "created_at",
            "updated_at",
        ]


class InspectionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices)
    inspected_unit = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)

    class Meta:
        model = Inspection
        fields: list[str] = []


class FindingFilter(django_filters.FilterSet):
    inspection = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)
    parent = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)
    kind = django_filters.ChoiceFilter(choices=FindingKind.choices)

    class Meta:
        model = Finding
        fields: list[str] = []


class NoticeCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()
    message_en = serializers.CharField()
    excerpt = serializers.CharField()
    measure_id = serializers.IntegerField(allow_null=True)
    finding_id = serializers.IntegerField(allow_null=True)


NOTICE_PARAMETERS = [
    OpenApiParameter(
        "output", str, enum=sorted(FORMATS), default="docx", description="The document's format"
    ),
    OpenApiParameter("public", bool, description="The masked public version"),
    OpenApiParameter("renumber", bool, description="Number the measures afresh"),
]


class NoticeOptions(serializers.Serializer):
    output = serializers.ChoiceField(choices=sorted(FORMATS), default="docx")
    public = serializers.BooleanField(default=False)
    renumber = serializers.BooleanField(default=False)


class InspectionViewSet(V1View, viewsets.ReadOnlyModelViewSet):
    """整改轮次: the rounds the user reaches (their units, or where their department has work)."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    extra_errors = {"notice": ("400",)}

    def get_queryset(self):
        return inspection_list_for(user=self.request.user)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, pagination_class=None, filter_backends=[])
    def stats(self, request, pk=None):
        """The figures of the inspection page (the ledger statistics)."""
        return Response(inspection_stats(inspection=self.get_object(), today=timezone.localdate()))

    @extend_schema(
        parameters=NOTICE_PARAMETERS,
        responses={
            (200, content_type.split(";")[0]): OpenApiResponse(OpenApiTypes.BINARY)
            for content_type in FORMATS.values()
        },
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def notice(self, request, pk=None):
        """整改进展情况通报 generated from the ledger now (docx, html or txt); audited."""
        inspection = self.get_object()
        options = NoticeOptions(data=request.query_params)
        options.is_valid(raise_exception=True)
        fmt = options.validated_data["output"]
        public = options.validated_data["public"]
        rendered = notice_generate(
            inspection=inspection,
            fmt=fmt,
            public=public,
            renumber=options.validated_data["renumber"],
            today=timezone.localdate(),
        )
        audit_log(
            actor=request.user,
            code=AuditCode.NOTICE_EXPORTED,
            obj=inspection,
            after={"format": fmt, "public": public, "via": "api"},
        )
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def perform_content_negotiation(self, request, force=False):
        # The notice answers its document's own type whatever the client accepts.
        return super().perform_content_negotiation(request, force=self.action == "notice")

    @extend_schema(responses=NoticeCheckSerializer(many=True))
    @action(detail=True, url_path="notice/checks", pagination_class=None, filter_backends=[])
    def notice_checks(self, request, pk=None):
        """The checks on the generated notice (figures adding up, owners, deadlines, …)."""
        inspection = self.get_object()
        today = timezone.localdate()
        text = notice_generate(inspection=inspection, fmt="txt", today=today).content.decode()
        issues = check_draft(text, inspection=inspection, today=today)
        return Response(NoticeCheckSerializer(issues, many=True).data)


class FindingViewSet(V1View, viewsets.ReadOnlyModelViewSet):
    """The finding tree (方面, 问题, 子问题) of the rounds the user reaches."""

    serializer_class = FindingSerializer
    filterset_class = FindingFilter

    def get_queryset(self):
        return Finding.objects.filter(inspection__in=inspection_list_for(user=self.request.user))
