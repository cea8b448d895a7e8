"""The current request's client address, for audit entries written deep in services."""

from contextvars import ContextVar

_ip: ContextVar[str | None] = ContextVar("rectify_client_ip", default=None)


def current_ip() -> str | None:
    return _ip.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            _ip.reset(token)
