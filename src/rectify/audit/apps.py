from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rectify.audit"
    label = "audit"

    def ready(self):
        from . import checks, signals  # noqa: F401, PLC0415  (registers checks and receivers)
