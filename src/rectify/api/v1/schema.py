"""The v1 document tells every status an operation can answer, each error with its body."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .errors import ErrorSerializer

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

DESCRIPTIONS = {
    "400": "Invalid input (field errors under `errors`), a bad filter or cursor, or a refusal "
    "by the rules (`code` = refused).",
    "401": "No credentials, or a token that is unknown, expired or revoked.",
    "403": "The user's role does not allow this action on this record.",
    "404": "No such record, or one outside what the user may read.",
    "409": "The record changed meanwhile (stale `version`) or its state does not allow this.",
    "412": "`If-Match` names a version that is no longer the current one.",
    "413": "An uploaded file is larger than the evidence limit.",
    "415": "The body's content type is not JSON or multipart form data.",
    "429": "Too many requests; wait `retry_after` seconds.",
}


class V1Schema(AutoSchema):
    """Adds the error answers (see DESCRIPTIONS) that the operation can give.

    A view lists the codes particular to an action in ``extra_errors``: ``{"partial_update":
    ("409", "412")}``.
    """

    def error_codes(self) -> set[str]:
        codes = {"401", "429"}
        if self.method in WRITE_METHODS:
            codes |= {"400", "403", "415"}
        elif getattr(self.view, "action", None) == "list":
            codes.add("400")  # a filter, the ordering or the cursor
        if "{" in self.path:
            codes.add("404")
        action = getattr(self.view, "action", None) or self.method.lower()
        codes |= set(getattr(self.view, "extra_errors", {}).get(action, ()))
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in sorted(self.error_codes() - set(responses)):
            response = OpenApiResponse(ErrorSerializer, description=DESCRIPTIONS[code])
            responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
