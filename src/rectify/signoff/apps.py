from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "rectify.signoff"
    label = "signoff"
