from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rectify.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401
