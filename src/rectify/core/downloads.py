"""Serving a stored upload back: its SHA-256 against the one recorded when it came in, and
the response every download of a user's file gets — an attachment under its original (often
Chinese) name, as RFC 5987 ``filename*``, never sniffed, rendered or cached."""

import hashlib

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse


def stored_fault(field_file, sha256: str) -> str:
    """ "missing" (absent, unreadable, or a path outside media), "altered", or "" when the
    stored file is the one whose digest was recorded."""
    try:
        with field_file.open("rb") as handle:
            actual = hashlib.file_digest(handle, "sha256").hexdigest()
    except (OSError, SuspiciousFileOperation):
        return "missing"
    return "" if actual == sha256 else "altered"


def attachment_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
