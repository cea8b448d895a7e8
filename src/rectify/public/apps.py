from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "rectify.public"
    label = "public"

    def ready(self) -> None:
        from . import hooks  # noqa: PLC0415  (models are loaded now)

        hooks.register()
