"""What every v1 view shares: bearer tokens or the session, JSON only, JSON errors, cursor
pages, throttling, and an ETag from a record's version for optimistic locking."""

import django_filters
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import authentication, exceptions, filters, pagination, permissions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from ..authentication import BearerTokenAuthentication
from .errors import PreconditionFailed, exception_handler
from .schema import V1Schema

MAX_ID = 2**63 - 1


class CursorPage(pagination.CursorPagination):
    """Stable pages whatever is added meanwhile; `?cursor=` from `next`/`previous` only."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "id"
    invalid_cursor_message = _("The cursor is not valid; use the next or previous link.")

    def get_page_size(self, request):
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        if len(raw) > 1 or not raw[0].isdigit() or not 1 <= int(raw[0]) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    "page_size": [
                        _("A whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw[0])

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as exc:
            raise exceptions.ParseError(self.invalid_cursor_message, code="invalid_cursor") from exc
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str) -> None:
        name = self.ordering[0].lstrip("-") if self.ordering else "id"
        try:
            field = self._model._meta.get_field("id" if name == "pk" else name)
            value = field.to_python(position)
        except (FieldDoesNotExist, ValidationError, ValueError, TypeError):
            value = None
        if value is None or (isinstance(value, int) and not 0 <= value <= MAX_ID):
            raise exceptions.ParseError(self.invalid_cursor_message, code="invalid_cursor")


BOOLEAN_VALUES = {"true", "false", "True", "False", "1", "0"}


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter ignores an empty or unreadable yes/no value; v1 refuses it (400)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, flt in filterset.filters.items():
            values = request.query_params.getlist(name)
            if not values or isinstance(flt, django_filters.CharFilter):
                continue
            if len(values) > 1 or values[0] == "":
                errors[name] = [_("Give one value.")]
            elif isinstance(flt, django_filters.BooleanFilter) and values[0] not in BOOLEAN_VALUES:
                errors[name] = [_("Give true or false.")]
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset


class JsonNegotiation(DefaultContentNegotiation):
    """No `?format=` override: a v1 answer is JSON (a document download says its own type)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return super().select_renderer(request, renderers, format_suffix=None)

    class settings:
        URL_FORMAT_OVERRIDE = None


class ApiRateThrottle(UserRateThrottle):
    scope = "api_v1"

    def get_rate(self):
        return settings.RECTIFY_API_RATE


class V1View:
    """Mixed into every v1 view (before the DRF base class)."""

    authentication_classes = [BearerTokenAuthentication, authentication.SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    content_negotiation_class = JsonNegotiation
    throttle_classes = [ApiRateThrottle]
    pagination_class = CursorPage
    filter_backends = [StrictFilterBackend, filters.OrderingFilter]
    ordering_fields = ["id", "created_at", "updated_at"]
    ordering = "id"
    schema = V1Schema()
    lookup_value_regex = r"[^/]+"  # any id reaches the view: a bad one is a JSON 404

    def get_exception_handler(self):
        return exception_handler

    def get_object(self):
        check_id(self.kwargs.get(self.lookup_field, ""))
        return super().get_object()


def check_id(value) -> int:
    """An id from the path: anything but a whole number in range is a 404."""
    text = str(value)
    if not text.isdigit() or int(text) > MAX_ID:
        raise exceptions.NotFound()
    return int(text)


class NotFoundView(V1View, APIView):
    """Any other address under /api/v1/: a JSON 404 (not the site's HTML page)."""

    schema = None

    def dispatch_missing(self, request, *args, **kwargs):
        raise exceptions.NotFound()

    get = post = put = patch = delete = dispatch_missing


def expected_version(request, body_version: int | None) -> tuple[int, bool]:
    """The version a write starts from: `If-Match: "3"` (then a stale one is 412) or the
    body's `version` (then 409, as on the pages). Neither: 400."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        text = header.removeprefix("W/").strip('"')
        if not text.isdigit() or len(text) > 9:
            raise PreconditionFailed(_('If-Match must be the ETag of the record, e.g. "3".'))
        return int(text), True
    if body_version is None:
        raise exceptions.ValidationError(
            {"version": [_("Give the version you started from (or an If-Match header).")]}
        )
    return body_version, False


def etag(version: int) -> str:
    return f'"{version}"'
