"""At the end of a request that wrote audit entries, anchor the chain's head outside the
database (`checkpoints.flush`)."""

from . import checkpoints


class AuditCheckpointMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            checkpoints.flush("request")
