from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "rectify.public"
    label = "public"
