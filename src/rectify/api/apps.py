from django.apps import AppConfig


class ApiConfig(AppConfig):
    """REST API v1 over the same services and selectors as the pages (DRF, drf-spectacular)."""

    name = "rectify.api"
    label = "api"
