from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set: the seed notice imported and part of its ledger played through."""

    name = "rectify.demo"
    label = "demo"
