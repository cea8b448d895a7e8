from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Integrity checks over the ledger: formalism, recurrence, evidence reuse, gates, gaming."""

    name = "rectify.insights"
    label = "insights"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415  (sign-off gates and reviewer flags)
