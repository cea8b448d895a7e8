from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rectify.audit"
    label = "audit"
