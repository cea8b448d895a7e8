from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "rectify.measures"
    label = "measures"

    def ready(self) -> None:
        from . import signals  # noqa: F401, PLC0415  (the ledger order follows a moved finding)
