from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "rectify.orgs"
    label = "orgs"

    def ready(self):
        from . import checks, signals  # noqa: F401, PLC0415  (registered when the app is ready)
