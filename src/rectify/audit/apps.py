from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rectify.audit"
    label = "audit"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415 - connects the signal handlers
