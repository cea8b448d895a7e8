"""佐证材料: the evidence files of the measures the user may read, and their download — the
page's download: the same reach, the SHA-256 checked (a missing or altered file is a 409, never
served), audited, sent as an attachment under its original name."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.reverse import reverse

from rectify.core.files import EVIDENCE_TYPES
from rectify.measures.downloads import evidence_fault, evidence_response
from rectify.measures.models import Evidence
from rectify.measures.selectors import evidence_get_for, evidence_list_for

from .base import MAX_ID, V1View, check_id
from .errors import Conflict


class EvidenceFileSerializer(serializers.ModelSerializer):
    report = serializers.IntegerField(source="report_id", read_only=True)
    measure = serializers.IntegerField(source="report.measure_id", read_only=True)
    download = serializers.SerializerMethodField(help_text="The file's address (GET).")

    class Meta:
        model = Evidence
        fields = [
            "id",
            "report",
            "measure",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "download",
            "created_at",
        ]
        read_only_fields = fields

    def get_download(self, evidence: Evidence) -> str:
        return reverse("api:v1:evidence-download", args=[evidence.pk])


class EvidenceFilter(django_filters.FilterSet):
    report = django_filters.NumberFilter(min_value=1, max_value=MAX_ID)
    measure = django_filters.NumberFilter(
        field_name="report__measure", min_value=1, max_value=MAX_ID
    )

    class Meta:
        model = Evidence
        fields: list[str] = []


FILE_TYPES = sorted({*EVIDENCE_TYPES, "application/octet-stream"})


class EvidenceViewSet(
    V1View, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The evidence files of the measures the user may read (as on the measure's page)."""

    serializer_class = EvidenceFileSerializer
    filterset_class = EvidenceFilter
    extra_errors = {"download": ("409",)}

    def get_queryset(self):
        return evidence_list_for(user=self.request.user)

    def get_object(self):
        return evidence_get_for(user=self.request.user, pk=check_id(self.kwargs["pk"]))

    @extend_schema(
        responses={
            **{(200, kind): OpenApiResponse(OpenApiTypes.BINARY) for kind in FILE_TYPES},
        },
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def download(self, request, pk=None):
        """The file itself, as uploaded (`Content-Disposition: attachment`, the original name
        as RFC 5987 `filename*`); 409 if the stored file is missing or no longer matches its
        SHA-256. Audited, as the page's download."""
        evidence = self.get_object()
        fault = evidence_fault(evidence)
        if fault == "missing":
            raise Conflict(
                _("The stored file of “%(name)s” is missing.") % {"name": evidence.original_name},
                code="evidence_missing",
            )
        if fault:
            raise Conflict(
                _(
                    "The stored file of “%(name)s” no longer matches the fingerprint (SHA-256) "
                    "recorded at upload: it may have been altered. It is not served."
                )
                % {"name": evidence.original_name},
                code="evidence_altered",
            )
        return evidence_response(evidence=evidence, actor=request.user)

    def perform_content_negotiation(self, request, force=False):
        # The file answers its own type whatever the client accepts.
        return super().perform_content_negotiation(request, force=self.action == "download")
