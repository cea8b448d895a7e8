"""Errors of the API v1 as JSON: {"message": …, "code": …} and, for bad input, "errors"."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from rectify.core.errors import (
    ConflictError,
    DomainError,
    PermissionRefused,
    TransitionNotAllowed,
)


class PreconditionFailed(exceptions.APIException):
    """If-Match named a version that is no longer the current one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer."""

    message = serializers.CharField(help_text="What went wrong, fit to show a person.")
    code = serializers.CharField(help_text="A stable code: invalid, not_found, conflict, …")
    errors = serializers.DictField(
        required=False, help_text="For invalid input: the messages by field name."
    )
    retry_after = serializers.IntegerField(
        required=False, help_text="For 429: seconds to wait before trying again."
    )


def domain_exception(exc: DomainError) -> exceptions.APIException:
    """A service's refusal as the API exception of the right status."""
    if isinstance(exc, PermissionRefused):
        return exceptions.PermissionDenied(str(exc), code="permission_denied")
    if isinstance(exc, ConflictError):
        return Conflict(str(exc), code="conflict")
    if isinstance(exc, TransitionNotAllowed):
        return Conflict(str(exc), code="transition_not_allowed")
    return exceptions.ValidationError({"message": str(exc)}, code="refused")


def _flatten(detail) -> object:
    if isinstance(detail, list):
        return [_flatten(d) for d in detail]
    if isinstance(detail, dict):
        return {k: _flatten(v) for k, v in detail.items()}
    return str(detail)


def exception_handler(exc, context):
    """Every error of the v1 views; anything else (a bug) is left to Django: a 500."""
    if isinstance(exc, DomainError):
        exc = domain_exception(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    body: dict = {"code": "error", "message": ""}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict) and set(detail) == {"message"}:
            body = {"message": str(detail["message"]), "code": "refused"}
        else:
            body = {
                "message": _("The input is not valid."),
                "code": "invalid",
                "errors": _flatten(detail if isinstance(detail, dict) else {"input": detail}),
            }
    else:
        codes = exc.get_codes()
        body = {"message": str(exc.detail), "code": codes if isinstance(codes, str) else "error"}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        body["retry_after"] = int(exc.wait) + 1
        headers["Retry-After"] = str(body["retry_after"])
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    status_code = exc.status_code  # 401 with WWW-Authenticate set by the view
    return Response(body, status=status_code, headers=headers)
