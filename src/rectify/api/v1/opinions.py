"""意见建议: the public's opinions as the office's queue shows them, and triage — link to a
problem or measure, open a new problem, forward, close with a reason — through the public
app's services, behind its policy. Names and contacts only to the roles the pages show them to."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse

from rectify.lib.masking import mask_contact, mask_name
from rectify.public import services
from rectify.public.downloads import attachment_fault, attachment_response
from rectify.public.enums import OpinionCategory, OpinionStatus
from rectify.public.models import Opinion
from rectify.public.policy import Action, allowed_actions, may, opinion_units
from rectify.public.selectors import opinion_get_for, opinion_list_for, triage_targets

from ..fields import CleanCharField
from .base import MAX_ID, V1View, check_id
from .errors import Conflict
from .evidence import FILE_TYPES


class OpinionSerializer(serializers.ModelSerializer):
    """An opinion; `name` and `contact` are masked for a reader the pages do not show them to."""

    unit_name = serializers.StringRelatedField(source="unit")
    name = serializers.SerializerMethodField(help_text="The sender's name (masked if not yours).")
    contact = serializers.SerializerMethodField(help_text="Phone or e-mail (masked likewise).")
    personal_data_masked = serializers.SerializerMethodField()
    attachment_download = serializers.SerializerMethodField(
        help_text="The attachment's address (GET), or null when there is none."
    )

    class Meta:
        model = Opinion
        fields = [
            "id",
            "reference",
            "unit",
            "unit_name",
            "inspection",
            "publication",
            "about",
            "category",
            "text",
            "name",
            "contact",
            "personal_data_masked",
            "attachment_name",
            "attachment_type",
            "attachment_download",
            "status",
            "finding",
            "measure",
            "forwarded_to",
            "handling_note",
            "reply",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _sees_personal_data(self, opinion: Opinion) -> bool:
        return may(self.context["request"].user, Action.READ_OPINIONS, opinion)

    @extend_schema_field(serializers.CharField())
    def get_name(self, opinion: Opinion) -> str:
        return opinion.name if self._sees_personal_data(opinion) else mask_name(opinion.name)

    @extend_schema_field(serializers.CharField())
    def get_contact(self, opinion: Opinion) -> str:
        if self._sees_personal_data(opinion):
            return opinion.contact
        return mask_contact(opinion.contact)

    def get_personal_data_masked(self, opinion: Opinion) -> bool:
        return not self._sees_personal_data(opinion)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_attachment_download(self, opinion: Opinion) -> str | None:
        if not opinion.attachment_name:
            return None
        return reverse("api:v1:opinion-attachment", args=[opinion.pk])


class OpinionDetailSerializer(OpinionSerializer):
    """One opinion, with what the requesting user may do to it now (the public policy)."""

    allowed_actions = serializers.SerializerMethodField()

    class Meta(OpinionSerializer.Meta):
        fields = [*OpinionSerializer.Meta.fields, "allowed_actions"]
        read_only_fields = fields

    def get_allowed_actions(self, opinion: Opinion) -> list[str]:
        user = self.context["request"].user
        acts = allowed_actions(user, opinion) & {Action.READ_OPINIONS, Action.TRIAGE}
        if opinion.status == OpinionStatus.CLOSED:
            acts -= {Action.TRIAGE}
        return sorted(acts)


ID = {"min_value": 1, "max_value": MAX_ID}


class LinkSerializer(serializers.Serializer):
    finding = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    measure = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)


class OpenFindingSerializer(serializers.Serializer):
    title = CleanCharField(max_length=250, help_text="The new problem's title.")


class ForwardSerializer(serializers.Serializer):
    to = serializers.IntegerField(help_text="A unit within the opinion's unit.", **ID)
    note = CleanCharField(max_length=2000, required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    reason = CleanCharField(max_length=2000, help_text="The reply the sender reads.")


class OpinionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=OpinionStatus.choices)
    category = django_filters.ChoiceFilter(choices=OpinionCategory.choices)
    unit = django_filters.NumberFilter(**ID)
    inspection = django_filters.NumberFilter(**ID)
    received_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    received_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Opinion
        fields: list[str] = []


TRIAGE_ERRORS = ("409",)


class OpinionViewSet(
    V1View, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """意见建议 about the units whose opinions the user reads (office, discipline office);
    the office triages them."""

    filterset_class = OpinionFilter
    extra_errors = {
        "list": ("403",),
        "link": TRIAGE_ERRORS,
        "open_finding": TRIAGE_ERRORS,
        "forward": TRIAGE_ERRORS,
        "close": TRIAGE_ERRORS,
        "attachment": ("409",),
    }

    def get_queryset(self):
        return opinion_list_for(user=self.request.user)

    def get_serializer_class(self):
        return OpinionSerializer if self.action == "list" else OpinionDetailSerializer

    def get_object(self):
        return opinion_get_for(user=self.request.user, pk=check_id(self.kwargs["pk"]))

    def list(self, request, *args, **kwargs):
        """The queue (`ordering=-created_at` for the newest first); 403 for a user who reads
        no unit's opinions, as on the page."""
        if not opinion_units(request.user):
            raise PermissionDenied(code="permission_denied")
        return super().list(request, *args, **kwargs)

    def _answer(self, opinion: Opinion) -> Response:
        fresh = opinion_get_for(user=self.request.user, pk=opinion.pk)
        return Response(OpinionDetailSerializer(fresh, context=self.get_serializer_context()).data)

    def _for_triage(self, payload_class) -> tuple[Opinion, dict]:
        """The opinion and the checked body; permission before the body is read."""
        opinion = self.get_object()
        if not may(self.request.user, Action.TRIAGE, opinion):
            raise PermissionDenied(code="permission_denied")
        payload = payload_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        return opinion, payload.validated_data

    @extend_schema(request=LinkSerializer, responses=OpinionDetailSerializer)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def link(self, request, pk=None):
        """Link to a problem or a measure of the opinion's unit (it is then being handled)."""
        opinion, data = self._for_triage(LinkSerializer)
        findings, measures, _units = triage_targets(opinion)
        finding = _pick(findings, data["finding"], "finding")
        measure = _pick(measures, data["measure"], "measure")
        services.opinion_link(opinion=opinion, actor=request.user, finding=finding, measure=measure)
        return self._answer(opinion)

    @extend_schema(request=OpenFindingSerializer, responses=OpinionDetailSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="open-finding",
        pagination_class=None,
        filter_backends=[],
    )
    def open_finding(self, request, pk=None):
        """Open a new problem in the opinion's round, linked to it (its reference in the title)."""
        opinion, data = self._for_triage(OpenFindingSerializer)
        services.opinion_finding_open(opinion=opinion, actor=request.user, title=data["title"])
        return self._answer(opinion)

    @extend_schema(request=ForwardSerializer, responses=OpinionDetailSerializer)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def forward(self, request, pk=None):
        """Forward to a department of the unit (or the unit itself) to handle, with a note."""
        opinion, data = self._for_triage(ForwardSerializer)
        _findings, _measures, units = triage_targets(opinion)
        to = _pick(units, data["to"], "to")
        services.opinion_forward(opinion=opinion, actor=request.user, to=to, note=data["note"])
        return self._answer(opinion)

    @extend_schema(
        responses={(200, kind): OpenApiResponse(OpenApiTypes.BINARY) for kind in FILE_TYPES}
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def attachment(self, request, pk=None):
        """The file sent with the opinion, as the office's page serves it (office and
        discipline office): 404 when there is none, 409 when the stored file is missing or
        altered; audited."""
        opinion = self.get_object()
        _refuse_attachment(attachment_fault(opinion))
        return attachment_response(opinion=opinion, actor=request.user)

    def perform_content_negotiation(self, request, force=False):
        # The attachment answers its own type whatever the client accepts.
        return super().perform_content_negotiation(request, force=self.action == "attachment")

    @extend_schema(request=CloseSerializer, responses=OpinionDetailSerializer)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def close(self, request, pk=None):
        """办结: close with the reply the sender reads with the reference number."""
        opinion, data = self._for_triage(CloseSerializer)
        services.opinion_close(opinion=opinion, actor=request.user, reason=data["reason"])
        return self._answer(opinion)


def _refuse_attachment(fault: str) -> None:
    if fault == "none":
        raise NotFound(_("This opinion has no attachment."))
    if fault:
        raise Conflict(
            _(
                "The stored attachment is missing or no longer matches the fingerprint "
                "(SHA-256) recorded when it was received. It is not served."
            ),
            code=f"attachment_{fault}",
        )


def _pick(rows, pk: int | None, field: str):
    """The chosen row among the triage form's choices; another id is a field error (400)."""
    if pk is None:
        return None
    found = rows.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [_("Not one of the choices for this opinion.")]})
    return found
