from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Rectify: health endpoints, `rectify status` and `rectify upgrade`."""

    name = "rectify.ops"
    label = "ops"
