"""销号 requests and decisions, and deadline extensions: the pages' services and rules."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from rectify.measures import services
from rectify.measures.enums import Decision, ExtensionStatus
from rectify.measures.models import DeadlineExtension, SignOff
from rectify.measures.policy import Action, may

from .base import MAX_ID, V1View
from .errors import Conflict
from .progress import measure_for_write, scoped_measures


class SignOffSerializer(serializers.ModelSerializer):
    requested_by = serializers.StringRelatedField()
    reviewer = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = SignOff
        fields = [
            "id",
            "measure",
            "requested_by",
            "request_note",
            "decision",
            "reviewer",
            "opinion",
            "decided_at",
            "version",
            "created_at",
        ]


class NewSignOffSerializer(serializers.Serializer):
    measure = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text="The measure's version you saw; a stale one is refused (409).",
    )


class SignOffDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[Decision.APPROVED, Decision.RETURNED])
    opinion = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when returning.",
    )


class ExtensionSerializer(serializers.ModelSerializer):
    requested_by = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = DeadlineExtension
        fields = [
            "id",
            "measure",
            "old_deadline",
            "new_deadline",
            "reason",
            "requested_by",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
        ]


class NewExtensionSerializer(serializers.Serializer):
    measure = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    new_deadline = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class ExtensionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SignOffFilter(django_filters.FilterSet):
    measure = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)
    decision = django_filters.ChoiceFilter(choices=Decision.choices)

    class Meta:
        model = SignOff
        fields: list[str] = []


class ExtensionFilter(django_filters.FilterSet):
    measure = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)
    status = django_filters.ChoiceFilter(choices=ExtensionStatus.choices)

    class Meta:
        model = DeadlineExtension
        fields: list[str] = []


class SignOffViewSet(
    V1View, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """销号: requests on the measures the user may read, and their decisions."""

    serializer_class = SignOffSerializer
    filterset_class = SignOffFilter
    extra_errors = {"create": ("404", "409"), "decision": ("409",), "withdraw": ("409",)}

    def get_queryset(self):
        return SignOff.objects.filter(
            measure__in=scoped_measures(self.request.user)
        ).select_related("requested_by", "reviewer")

    @extend_schema(request=NewSignOffSerializer, responses={201: SignOffSerializer})
    def create(self, request):
        """Ask for 销号 (progress with evidence reported first): office or lead department."""
        payload = NewSignOffSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        measure = measure_for_write(request.user, data["measure"], Action.REQUEST_SIGNOFF)
        signoff = services.signoff_request(
            measure=measure,
            actor=request.user,
            note=data["note"],
            expected_version=data.get("version"),
        )
        return Response(SignOffSerializer(signoff).data, status=status.HTTP_201_CREATED)

    def _open(self, needed: Action) -> SignOff:
        signoff = self.get_object()
        if not may(self.request.user, needed, signoff.measure):
            raise PermissionDenied(code="permission_denied")
        if signoff.decision != Decision.PENDING:
            raise Conflict(_("This sign-off request is already decided."), code="decided")
        return signoff

    @extend_schema(request=SignOffDecisionSerializer, responses=SignOffSerializer)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def decision(self, request, pk=None):
        """Approve (销号) or return with an opinion: the unit's leader or the reviewer."""
        signoff = self._open(Action.APPROVE_SIGNOFF)
        payload = SignOffDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decide = (
            services.signoff_approve
            if payload.validated_data["decision"] == Decision.APPROVED
            else services.signoff_return
        )
        decide(
            measure=signoff.measure,
            actor=request.user,
            opinion=payload.validated_data["opinion"],
        )
        return Response(SignOffSerializer(self.get_queryset().get(pk=signoff.pk)).data)

    @extend_schema(request=None, responses=SignOffSerializer)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def withdraw(self, request, pk=None):
        """Withdraw the request: who asked for it, or the office."""
        signoff = self._open(Action.WITHDRAW_SIGNOFF)
        services.signoff_withdraw(measure=signoff.measure, actor=request.user)
        return Response(SignOffSerializer(self.get_queryset().get(pk=signoff.pk)).data)


class ExtensionViewSet(
    V1View, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """延期: deadline extensions requested and decided, and deadlines the office set."""

    serializer_class = ExtensionSerializer
    filterset_class = ExtensionFilter
    extra_errors = {"create": ("404", "409"), "decision": ("409",)}

    def get_queryset(self):
        return DeadlineExtension.objects.filter(
            measure__in=scoped_measures(self.request.user)
        ).select_related("requested_by", "decided_by", "measure")

    @extend_schema(request=NewExtensionSerializer, responses={201: ExtensionSerializer})
    def create(self, request):
        """Ask the leader for a later deadline: the office or a department of the measure."""
        payload = NewExtensionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        measure = measure_for_write(request.user, data["measure"], Action.REQUEST_EXTENSION)
        extension = services.deadline_extension_request(
            measure=measure,
            actor=request.user,
            new_deadline=data["new_deadline"],
            reason=data["reason"],
        )
        return Response(ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionDecisionSerializer, responses=ExtensionSerializer)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def decision(self, request, pk=None):
        """Approve (the deadline changes) or refuse: the unit's leader."""
        extension = self.get_object()
        if not may(request.user, Action.DECIDE_EXTENSION, extension.measure):
            raise PermissionDenied(code="permission_denied")
        if extension.status != ExtensionStatus.PENDING:
            raise Conflict(_("This extension request has already been decided."), code="decided")
        payload = ExtensionDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.deadline_extension_decide(
            extension=extension,
            actor=request.user,
            approve=payload.validated_data["approve"],
            note=payload.validated_data["note"],
        )
        return Response(ExtensionSerializer(self.get_queryset().get(pk=extension.pk)).data)
