from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Warning lights, the daily supervision run, notifications and 督办单."""

    name = "rectify.supervision"
    label = "supervision"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415  (messages for what happens to measures)
