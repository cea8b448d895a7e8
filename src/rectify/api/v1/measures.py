"""Measures: the ledger as data; create and edit the plan (versioned), deadlines, long-term,
reopening. Every write is the page's service, behind the page's rule."""

import django_filters
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from rectify.core.errors import ConflictError
from rectify.inspections import policy as inspection_policy
from rectify.measures import services
from rectify.measures.enums import MeasureKind, MeasureStatus
from rectify.measures.models import Measure
from rectify.measures.policy import Action, allowed_actions, may
from rectify.measures.selectors import (
    finding_get_for,
    measure_filter,
    measure_get_for,
    measure_list_for,
)

from .base import MAX_ID, V1View, check_id, etag, expected_version
from .errors import PreconditionFailed, domain_exception
from .people import MeasureOwners, owner_field, owners_in_unit


class MeasureSerializer(serializers.ModelSerializer):
    responsible_leader_name = serializers.StringRelatedField(
        source="responsible_leader", allow_null=True
    )
    lead_department_name = serializers.StringRelatedField(source="lead_department", allow_null=True)
    responsible_person_name = serializers.StringRelatedField(
        source="responsible_person", allow_null=True
    )
    suggested_status = serializers.CharField(
        read_only=True, help_text="The importer's suggestion to confirm, or empty."
    )
    co_departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

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
            "responsible_leader_name",
            "lead_department",
            "lead_department_name",
            "co_departments",
            "responsible_person",
            "responsible_person_name",
            "deadline",
            "status",
            "suggested_status",
            "signed_off_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MeasureDetailSerializer(MeasureSerializer):
    """One measure, with what the requesting user may do to it now (the measure policy)."""

    allowed_actions = serializers.SerializerMethodField()

    class Meta(MeasureSerializer.Meta):
        fields = [*MeasureSerializer.Meta.fields, "allowed_actions"]
        read_only_fields = fields

    def get_allowed_actions(self, measure: Measure) -> list[str]:
        return sorted(allowed_actions(self.context["request"].user, measure))


class FindingRef(serializers.Serializer):
    finding = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class MeasureCreateSerializer(MeasureOwners):
    finding = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    label = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    text = serializers.CharField(max_length=5000)
    kind = serializers.ChoiceField(choices=MeasureKind.choices, default=MeasureKind.TIME_BOUND)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    target = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class MeasureUpdateSerializer(MeasureOwners):
    """Only the fields sent change; `version` (or If-Match) is the one the edit started from."""

    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    text = serializers.CharField(max_length=5000, required=False)
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False)
    target = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    co_departments = serializers.ListField(child=owner_field(), required=False, max_length=100)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DeadlineSerializer(serializers.Serializer):
    deadline = serializers.DateField(allow_null=True)
    reason = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


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
    q = django_filters.CharFilter(max_length=200)

    class Meta:
        model = Measure
        fields: list[str] = []

    def filter_queryset(self, queryset):
        values = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        return measure_filter(queryset, today=timezone.localdate(), **values)


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The ETag of the measure (its version, e.g. "3"): a stale one answers 412.',
)


class MeasureViewSet(
    V1View,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """整改措施: the measures the user may read (their unit's, or their department's)."""

    filterset_class = MeasureFilter
    ordering_fields = ["id", "created_at", "updated_at"]
    extra_errors = {
        "create": ("404",),
        "partial_update": ("409", "412"),
        "deadline": ("409", "412"),
        "long_term": ("409",),
        "reopen": ("409",),
    }

    def get_queryset(self):
        return measure_list_for(user=self.request.user)

    def get_serializer_class(self):
        return MeasureSerializer if self.action == "list" else MeasureDetailSerializer

    def get_object(self):
        return measure_get_for(user=self.request.user, pk=check_id(self.kwargs["pk"]))

    def _answer(self, measure: Measure, code=status.HTTP_200_OK) -> Response:
        fresh = measure_get_for(user=self.request.user, pk=measure.pk)
        data = MeasureDetailSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=code, headers={"ETag": etag(fresh.version)})

    def retrieve(self, request, pk=None):
        return self._answer(self.get_object())

    def _require(self, measure: Measure, action_: Action) -> None:
        """Permission first, as on the pages: a refused user learns nothing from errors."""
        if not may(self.request.user, action_, measure):
            raise PermissionDenied(code="permission_denied")

    @extend_schema(request=MeasureCreateSerializer, responses={201: MeasureDetailSerializer})
    def create(self, request):
        """A new measure under a finding (the rectification office of the inspected unit)."""
        named = FindingRef(data=request.data)
        named.is_valid(raise_exception=True)
        finding = _finding(request.user, named.validated_data["finding"])
        inspection = finding.inspection
        if not inspection_policy.may(request.user, inspection_policy.Action.EDIT_TREE, inspection):
            raise PermissionDenied(code="permission_denied")  # before the rest is read
        payload = MeasureCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data.pop("finding")
        owners = owners_in_unit(data, inspection.inspected_unit)
        feedback = inspection.feedback_date
        if data["deadline"] and feedback and data["deadline"] < feedback:
            raise serializers.ValidationError(
                {"deadline": [_("The deadline is before the feedback date.")]}
            )
        measure = services.measure_create(finding=finding, actor=request.user, **{**data, **owners})
        return self._answer(measure, status.HTTP_201_CREATED)

    @extend_schema(
        request=MeasureUpdateSerializer,
        responses=MeasureDetailSerializer,
        parameters=[IF_MATCH],
    )
    def partial_update(self, request, pk=None):
        """Edit the plan (not status, not deadline): only the fields sent change. After the
        plan's approval a `reason` is required and the change is a new version of the plan."""
        measure = self.get_object()
        self._require(measure, Action.EDIT_PLAN)
        payload = MeasureUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        version, from_header = expected_version(request, data.pop("version", None))
        unit = measure.finding.inspection.inspected_unit
        co_departments = data.pop("co_departments", None)
        reason = data.pop("reason")
        changes = {**data, **owners_in_unit(data, unit)}
        co = None if co_departments is None else owners_in_unit({"co": co_departments}, unit)["co"]
        try:
            services.measure_update(
                measure=measure,
                actor=request.user,
                expected_version=version,
                co_departments=co,
                reason=reason,
                **changes,
            )
        except ConflictError as exc:
            raise (PreconditionFailed(str(exc)) if from_header else domain_exception(exc)) from exc
        return self._answer(measure)

    @extend_schema(
        request=DeadlineSerializer, responses=MeasureDetailSerializer, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def deadline(self, request, pk=None):
        """Set the deadline (the office; recorded with its reason in the deadline history)."""
        measure = self.get_object()
        self._require(measure, Action.SET_DEADLINE)
        payload = DeadlineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version, from_header = expected_version(request, payload.validated_data.get("version"))
        try:
            services.deadline_set(
                measure=measure,
                actor=request.user,
                new_deadline=payload.validated_data["deadline"],
                reason=payload.validated_data["reason"],
                expected_version=version,
            )
        except ConflictError as exc:
            raise (PreconditionFailed(str(exc)) if from_header else domain_exception(exc)) from exc
        return self._answer(measure)

    @extend_schema(request=NoteSerializer, responses=MeasureDetailSerializer)
    @action(detail=True, methods=["post"], url_path="long-term")
    def long_term(self, request, pk=None):
        """Mark as long-term (长期坚持): the office."""
        measure = self.get_object()
        self._require(measure, Action.MARK_LONG_TERM)
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.measure_mark_long_term(
            measure=measure, actor=request.user, note=payload.validated_data["note"]
        )
        return self._answer(measure)

    @extend_schema(request=ReasonSerializer, responses=MeasureDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """回头看: a re-check found the problem back; the measure reopens (reviewer, office)."""
        measure = self.get_object()
        self._require(measure, Action.REOPEN)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.measure_reopen(
            measure=measure, actor=request.user, reason=payload.validated_data["reason"]
        )
        return self._answer(measure)


def _finding(user, pk: int):
    try:
        return finding_get_for(user=user, pk=pk)
    except Http404 as exc:
        raise NotFound(_("No finding with this id within your reach.")) from exc
