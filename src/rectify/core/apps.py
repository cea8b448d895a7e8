from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rectify.core"
    label = "core"
