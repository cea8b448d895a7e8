"""Measures API: the ledger as data, and progress reports. Writes go through services."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from rectify.core.errors import DomainError, PermissionRefused
from rectify.core.text import PROGRESS_TEXT_MAX
from rectify.measures import services
from rectify.measures.enums import MeasureKind, MeasureStatus
from rectify.measures.models import Measure, ProgressReport
from rectify.measures.policy import allowed_actions
from rectify.measures.selectors import measure_filter, measure_list_for

from .fields import CleanCharField


class MeasureSerializer(serializers.ModelSerializer):
    lead_department = serializers.StringRelatedField()
    responsible_person = serializers.StringRelatedField()
    responsible_leader = serializers.StringRelatedField()
    co_departments = serializers.StringRelatedField(many=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "inspection",
            "finding",
            "position",
            "label",
            "text",
            "kind",
            "target",
            "responsible_leader",
            "lead_department",
            "co_departments",
            "responsible_person",
            "deadline",
            "status",
            "suggested_status",
            "signed_off_at",
            "version",
        ]


class MeasureDetailSerializer(MeasureSerializer):
    """One measure, with what the requesting user may do to it now (the measure policy)."""

    allowed_actions = serializers.SerializerMethodField()

    class Meta(MeasureSerializer.Meta):
        fields = [*MeasureSerializer.Meta.fields, "allowed_actions"]

    def get_allowed_actions(self, measure: Measure) -> list[str]:
        return sorted(allowed_actions(self.context["request"].user, measure))


class ProgressReportSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    text = CleanCharField(max_length=PROGRESS_TEXT_MAX)

    class Meta:
        model = ProgressReport
        fields = ["id", "measure", "report_date", "text", "author", "created_at"]
        read_only_fields = ["measure", "author", "created_at"]
        extra_kwargs = {"report_date": {"required": False}}


MAX_ID = 2**63 - 1


class MeasureFilter(django_filters.FilterSet):
    inspection = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)
    status = django_filters.ChoiceFilter(choices=MeasureStatus.choices)
    kind = django_filters.ChoiceFilter(choices=MeasureKind.choices)
    department = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)
    person = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)
    finding = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)
    deadline_before = django_filters.DateFilter()
    deadline_after = django_filters.DateFilter()
    overdue = django_filters.BooleanFilter()
    q = django_filters.CharFilter()

    class Meta:
        model = Measure
        fields: list[str] = []

    def filter_queryset(self, queryset):
        values = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        return measure_filter(queryset, today=timezone.localdate(), **values)


class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilter

    def get_queryset(self):
        return measure_list_for(user=self.request.user).order_by("-inspection_id", "sort_key")

    def get_serializer_class(self):
        return MeasureDetailSerializer if self.action == "retrieve" else MeasureSerializer

    @extend_schema(request=ProgressReportSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["get", "post"])
    def reports(self, request, pk=None):
        measure = self.get_object()
        if request.method == "GET":
            reports = measure.reports.select_related("author")
            return Response(ProgressReportSerializer(reports, many=True).data)
        payload = ProgressReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            report = services.progress_report_submit(
                measure=measure,
                actor=request.user,
                text=payload.validated_data["text"],
                report_date=payload.validated_data.get("report_date"),
                files=request.FILES.getlist("files"),
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except DomainError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)
