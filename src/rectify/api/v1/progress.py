"""Progress reports with evidence files, and indicators: through the pages' services, the
files through the same evidence checks (type sniffed from the content, size, SHA-256)."""

import django_filters
from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse

from rectify.measures import services
from rectify.measures.models import Evidence, Indicator, Measure, ProgressReport
from rectify.measures.policy import Action, may
from rectify.measures.selectors import measure_get_for, measure_scope_q

from .base import MAX_ID, V1View
from .errors import PayloadTooLarge

DECIMAL = {"max_digits": 14, "decimal_places": 2}


class EvidenceSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="The file's address (GET).")

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "sha256", "download", "created_at"]

    def get_download(self, evidence: Evidence) -> str:
        return reverse("api:v1:evidence-download", args=[evidence.pk])


class ProgressReportSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "measure", "report_date", "text", "author", "evidence", "created_at"]


class ProgressReportCreateSerializer(serializers.Serializer):
    measure = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    text = serializers.CharField(max_length=5000)
    report_date = serializers.DateField(required=False, allow_null=True, default=None)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=20
    )
    indicator_values = serializers.DictField(
        child=serializers.DecimalField(min_value=0, **DECIMAL),
        required=False,
        default=dict,
        help_text="New values by indicator id (JSON bodies only).",
    )


class EvidenceUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), min_length=1, max_length=20)


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "measure",
            "position",
            "name",
            "unit",
            "target_value",
            "current_value",
            "created_at",
            "updated_at",
        ]


class IndicatorSetSerializer(serializers.Serializer):
    """An indicator by name: a new one, or new values for the one of that name."""

    measure = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    target_value = serializers.DecimalField(
        required=False, allow_null=True, default=None, **DECIMAL
    )
    current_value = serializers.DecimalField(
        required=False, allow_null=True, default=None, **DECIMAL
    )


class MeasureChildFilter(django_filters.FilterSet):
    measure = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)


class ReportFilter(MeasureChildFilter):
    report_date_after = django_filters.DateFilter(field_name="report_date", lookup_expr="gte")
    report_date_before = django_filters.DateFilter(field_name="report_date", lookup_expr="lte")

    class Meta:
        model = ProgressReport
        fields: list[str] = []


class IndicatorFilter(MeasureChildFilter):
    class Meta:
        model = Indicator
        fields: list[str] = []


def scoped_measures(user):
    return Measure.objects.filter(measure_scope_q(user))


def measure_for_write(user, pk: int, needed: Action) -> Measure:
    """The measure named in a body: out of reach, 404 (as on its page); not allowed, 403."""
    try:
        measure = measure_get_for(user=user, pk=pk)
    except Http404 as exc:
        raise NotFound(_("No measure with this id within your reach.")) from exc
    if not may(user, needed, measure):
        raise PermissionDenied(code="permission_denied")
    return measure


def refuse_oversized(files) -> None:
    limit = settings.RECTIFY_EVIDENCE_MAX_BYTES
    for upload in files:
        if (upload.size or 0) > limit:
            raise PayloadTooLarge(
                _("File “%(name)s” is larger than the limit of %(mb)s MB.")
                % {"name": upload.name, "mb": limit // 1048576}
            )


class ProgressReportViewSet(
    V1View, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """整改进展: dated progress with evidence (佐证材料) on the measures the user may read."""

    serializer_class = ProgressReportSerializer
    filterset_class = ReportFilter
    extra_errors = {"create": ("404", "409", "413"), "evidence": ("409", "413")}

    def get_queryset(self):
        return (
            ProgressReport.objects.filter(measure__in=scoped_measures(self.request.user))
            .select_related("author")
            .prefetch_related("evidence")
        )

    @extend_schema(
        request={
            "multipart/form-data": ProgressReportCreateSerializer,
            "application/json": ProgressReportCreateSerializer,
        },
        responses={201: ProgressReportSerializer},
    )
    def create(self, request):
        """Report progress (the first report starts the measure), with evidence files."""
        payload = ProgressReportCreateSerializer(data=_with_files(request))
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        measure = measure_for_write(request.user, data["measure"], Action.REPORT_PROGRESS)
        refuse_oversized(data["files"])
        try:
            values = {int(k): v for k, v in data["indicator_values"].items()}
        except ValueError as exc:
            raise serializers.ValidationError(
                {"indicator_values": [_("Indicator ids are numbers.")]}
            ) from exc
        report = services.progress_report_submit(
            measure=measure,
            actor=request.user,
            text=data["text"],
            report_date=data["report_date"],
            files=data["files"],
            indicator_values=values,
        )
        report = self.get_queryset().get(pk=report.pk)
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer(many=True)},
    )
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def evidence(self, request, pk=None):
        """Add evidence files to a report (not while sign-off is requested or done)."""
        report = self.get_object()
        if not may(request.user, Action.ADD_EVIDENCE, report.measure):
            raise PermissionDenied(code="permission_denied")
        payload = EvidenceUploadSerializer(data=_with_files(request))
        payload.is_valid(raise_exception=True)
        refuse_oversized(payload.validated_data["files"])
        added = services.evidence_add(
            report=report, actor=request.user, files=payload.validated_data["files"]
        )
        return Response(EvidenceSerializer(added, many=True).data, status=status.HTTP_201_CREATED)


def _with_files(request) -> dict:
    """The body with every uploaded `files` part kept (a QueryDict gives only the last)."""
    if not hasattr(request.data, "items"):
        raise serializers.ValidationError({"input": [_("Send an object (form fields or JSON).")]})
    data = {k: v for k, v in request.data.items() if k != "files"}
    if hasattr(request.data, "getlist"):
        files = request.FILES.getlist("files")
        if files:
            data["files"] = files
    elif "files" in request.data:
        data["files"] = request.data["files"]
    return data


class IndicatorViewSet(
    V1View, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """量化指标 of the measures the user may read; the office sets them."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    extra_errors = {"create": ("404",)}

    def get_queryset(self):
        return Indicator.objects.filter(measure__in=scoped_measures(self.request.user))

    @extend_schema(request=IndicatorSetSerializer, responses={201: IndicatorSerializer})
    def create(self, request):
        """Add an indicator, or change the one of that name (the office, as in the plan)."""
        payload = IndicatorSetSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        measure = measure_for_write(request.user, data.pop("measure"), Action.EDIT_PLAN)
        indicator = services.indicator_set(measure=measure, actor=request.user, **data)
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)
