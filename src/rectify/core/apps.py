from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rectify.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401, PLC0415  (Django loads checks when the app is ready)
        from .expressions import register_lookups  # noqa: PLC0415
        from .tempdir import tmp_prepare  # noqa: PLC0415

        register_lookups()

        tmp_prepare()
