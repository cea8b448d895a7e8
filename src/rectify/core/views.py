"""Error pages that need more than a template: a full disk is said as such, never as 500."""

import sys

from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

from .storage import StorageFull, is_full_disk


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """500, unless the error was a full disk anywhere (an upload spooled to a temporary file,
    a file written outside the evidence store): then 507 and "the file was not saved"."""
    exc = sys.exc_info()[1]
    while exc is not None and not is_full_disk(exc):
        exc = exc.__cause__ or exc.__context__
    if exc is None:
        return django_server_error(request, template_name)
    body = loader.get_template("storage_full.html").render({"message": str(StorageFull())})
    return HttpResponse(body, status=507)
